import { type Database } from '@switchyard/prisma';
import { type Redis } from 'ioredis';

export type DependencyState = 'up' | 'down';

const checkTimeoutMs = 1_500;

function withTimeout(work: Promise<unknown>): Promise<DependencyState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<DependencyState>((resolve) => {
    timer = setTimeout(() => resolve('down'), checkTimeoutMs);
  });
  return Promise.race([
    work.then(
      (): DependencyState => 'up',
      (): DependencyState => 'down',
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
}

/** Asks each dependency one cheap question, each bounded in time, so a hung dependency reads as down. */
export class ReadinessProbe {
  constructor(
    private readonly database: Database,
    private readonly redis: Redis,
  ) {
    // Connection errors surface as a "down" answer; without a listener ioredis would report them as unhandled.
    this.redis.on('error', () => undefined);
  }

  async check(): Promise<{ postgres: DependencyState; redis: DependencyState }> {
    const [postgres, redis] = await Promise.all([
      withTimeout(this.database.ping()),
      withTimeout(this.redis.ping()),
    ]);
    return { postgres, redis };
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}
