import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { type JobHandler } from '@switchyard/queue';

/** Removes idempotency records past their 24-hour window; running it twice removes nothing more. */
@Injectable()
export class PurgeIdempotencyRecordsJob implements JobHandler<'maintenance.purge-idempotency-records'> {
  readonly jobName = 'maintenance.purge-idempotency-records' as const;

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(): Promise<void> {
    await this.database.root.idempotencyRecord.deleteMany({
      where: { expiresAt: { lte: this.clock.now() } },
    });
  }
}
