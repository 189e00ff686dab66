import { type Clock } from '@switchyard/contracts';
import { type JobHandler } from '@switchyard/queue';
import { type EventStore } from './event-store';

/** Deletes events past the retention; a second run deletes nothing more. */
export class PurgeEventsJob implements JobHandler<'maintenance.purge-events'> {
  readonly jobName = 'maintenance.purge-events' as const;

  constructor(
    private readonly events: EventStore,
    private readonly clock: Clock,
    private readonly retentionDays: number,
  ) {}

  async handle(): Promise<void> {
    await this.events.purgeBefore(new Date(this.clock.now().getTime() - this.retentionDays * 86_400_000));
  }
}
