import { type OnApplicationShutdown } from '@nestjs/common';
import { type Redis } from 'ioredis';

/** The Redis client of this context and the deployment's key prefix; every key it names starts `<prefix>:calls:`. */
export class CallsRedis implements OnApplicationShutdown {
  constructor(
    readonly client: Redis,
    private readonly keyPrefix: string,
  ) {}

  key(...parts: string[]): string {
    return [this.keyPrefix, 'calls', ...parts].join(':');
  }

  onApplicationShutdown(): void {
    this.client.disconnect();
  }
}
