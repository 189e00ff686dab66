import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type RecordingLayout } from '@switchyard/contracts';
import { type Redis } from 'ioredis';
import { CallsRedis } from './calls-redis';

/** What the api asks of the sip instance that holds a live call. */
export type CallControlCommand =
  | { readonly type: 'recording.start'; readonly layout: RecordingLayout }
  | {
      readonly type: 'recording.pause' | 'recording.resume' | 'recording.stop';
      readonly recordingId: string;
    }
  | { readonly type: 'transfer'; readonly to: string };

/** The holder's answer: done (with the recording it started), or refused with a stable code. */
export type CallControlReply =
  | { readonly ok: true; readonly recordingId?: string }
  | { readonly ok: false; readonly code: string; readonly detail: string };

/** Code of the reply sent when the holder's handler threw: the instance holds the call but could not act. */
export const callControlFailedCode = 'call_control_failed';

const defaultTimeoutMs = 2_000;

interface ControlRequest {
  readonly requestId: string;
  readonly callId: string;
  readonly command: CallControlCommand;
}

/**
 * Request/reply between the api and the sip instances over Redis pub/sub. A request goes to every instance on
 * `<prefix>:calls:control`; only the one holding the call answers, on the request's own channel
 * `<prefix>:calls:control:reply:<requestId>`, which the requester subscribes to before publishing.
 */
@Injectable()
export class CallControlBus implements OnApplicationShutdown {
  /** One connection carries the reply channels of every request in flight (a subscribed one can do nothing else). */
  private replies: Redis | undefined;
  private readonly waiting = new Map<string, (reply: CallControlReply) => void>();

  constructor(@Inject(CallsRedis) private readonly redis: CallsRedis) {}

  /** Publishes to every sip instance; resolves with the first reply, or null when none arrives in timeoutMs. */
  async request(
    callId: string,
    command: CallControlCommand,
    timeoutMs = defaultTimeoutMs,
  ): Promise<CallControlReply | null> {
    const requestId = randomUUID();
    const replyChannel = this.replyChannel(requestId);
    const subscriber = this.replySubscriber();
    let settle: (reply: CallControlReply | null) => void = () => undefined;
    const answered = new Promise<CallControlReply | null>((resolve) => (settle = resolve));
    this.waiting.set(replyChannel, settle);
    const timer = setTimeout(() => settle(null), timeoutMs);
    try {
      await subscriber.subscribe(replyChannel);
      const request: ControlRequest = { requestId, callId, command };
      const listeners = await this.redis.client.publish(this.requestChannel(), JSON.stringify(request));
      // Nobody listens: no instance can hold the call, so there is nothing to wait for.
      if (listeners === 0) settle(null);
      return await answered;
    } finally {
      clearTimeout(timer);
      this.waiting.delete(replyChannel);
      await subscriber.unsubscribe(replyChannel);
    }
  }

  /**
   * sip side: hands every request to the handler, which answers null when this instance does not hold the call (then
   * nothing is sent). A handler that throws answers `call_control_failed`. Resolves once subscribed; returns a
   * function that stops serving.
   */
  async serve(
    handler: (callId: string, command: CallControlCommand) => Promise<CallControlReply | null>,
  ): Promise<() => Promise<void>> {
    const subscriber = this.redis.client.duplicate();
    const channel = this.requestChannel();
    subscriber.on('message', (from: string, message: string) => {
      const request = from === channel ? parseRequest(message) : null;
      if (request) void this.answer(request, handler);
    });
    await subscriber.subscribe(channel);
    return async () => {
      await subscriber.unsubscribe(channel);
      subscriber.disconnect();
    };
  }

  onApplicationShutdown(): void {
    this.replies?.disconnect();
  }

  private async answer(
    request: ControlRequest,
    handler: (callId: string, command: CallControlCommand) => Promise<CallControlReply | null>,
  ): Promise<void> {
    let reply: CallControlReply | null;
    try {
      reply = await handler(request.callId, request.command);
    } catch (error) {
      reply = { ok: false, code: callControlFailedCode, detail: (error as Error).message };
    }
    if (reply) await this.redis.client.publish(this.replyChannel(request.requestId), JSON.stringify(reply));
  }

  private replySubscriber(): Redis {
    if (!this.replies) {
      this.replies = this.redis.client.duplicate();
      this.replies.on('message', (channel: string, message: string) => {
        const reply = parseReply(message);
        if (reply) this.waiting.get(channel)?.(reply);
      });
    }
    return this.replies;
  }

  private requestChannel(): string {
    return this.redis.key('control');
  }

  private replyChannel(requestId: string): string {
    return this.redis.key('control', 'reply', requestId);
  }
}

function parseJson(message: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(message);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** Messages on a shared channel are checked for shape, so a stray publisher cannot crash an instance. */
function parseRequest(message: string): ControlRequest | null {
  const value = parseJson(message);
  const command = value?.command as { type?: unknown } | undefined;
  return typeof value?.requestId === 'string' &&
    typeof value.callId === 'string' &&
    typeof command?.type === 'string'
    ? (value as unknown as ControlRequest)
    : null;
}

function parseReply(message: string): CallControlReply | null {
  const value = parseJson(message);
  return typeof value?.ok === 'boolean' ? (value as unknown as CallControlReply) : null;
}
