import { Inject, Injectable } from '@nestjs/common';
import { CallsRedis } from './calls-redis';

/**
 * Hang-up requests from the api to the sip instances, over Redis pub/sub on `<prefix>:calls:hangup`. Every instance
 * hears every request and acts on the calls it holds.
 */
@Injectable()
export class CallHangupBus {
  constructor(@Inject(CallsRedis) private readonly redis: CallsRedis) {}

  /** Asks whichever sip instance holds the call to hang it up; resolves with how many instances heard it. */
  async request(callId: string): Promise<number> {
    return this.redis.client.publish(this.channel(), callId);
  }

  /** sip side: calls onHangup for each request; resolves once subscribed; returns an unsubscribe function. */
  async subscribe(onHangup: (callId: string) => void): Promise<() => Promise<void>> {
    // A subscribed connection can do nothing else, so each subscription gets its own.
    const subscriber = this.redis.client.duplicate();
    const channel = this.channel();
    subscriber.on('message', (from: string, callId: string) => {
      if (from === channel) onHangup(callId);
    });
    await subscriber.subscribe(channel);
    return async () => {
      await subscriber.unsubscribe(channel);
      subscriber.disconnect();
    };
  }

  private channel(): string {
    return this.redis.key('hangup');
  }
}
