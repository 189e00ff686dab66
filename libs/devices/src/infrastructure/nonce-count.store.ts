import { Inject, Injectable } from '@nestjs/common';
import { SipRedis } from './sip-redis';

/** The nonce counts already used, shared by every sip instance, so an intercepted answer cannot be replayed. */
@Injectable()
export class NonceCountStore {
  constructor(@Inject(SipRedis) private readonly redis: SipRedis) {}

  /** True the first time this (nonce, nc) pair is seen within `ttlMs`, false for a replay. */
  async claim(nonce: string, nc: string, ttlMs: number): Promise<boolean> {
    const claimed = await this.redis.client.set(this.redis.key('nc', nonce, nc), '1', 'PX', ttlMs, 'NX');
    return claimed === 'OK';
  }
}
