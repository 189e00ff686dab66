import { type OnApplicationShutdown } from '@nestjs/common';
import { type Redis } from 'ioredis';

/** The Redis client of this context and the deployment's key prefix; every key it writes starts `<prefix>:sip:`. */
export class SipRedis implements OnApplicationShutdown {
  constructor(
    readonly client: Redis,
    private readonly keyPrefix: string,
  ) {}

  key(...parts: string[]): string {
    return [this.keyPrefix, 'sip', ...parts].join(':');
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}
