import { type JobProducer } from '@switchyard/queue';
import { type EventRecord, eventEnvelope } from './event-envelope';
import { type EventSink } from './outbox-relay';
import { type LiveEventWriter } from './live-event-stream';
import { type RecentEventCache } from './recent-event.cache';

/**
 * What the worker's relay does with committed events: one `events.fan-out` job per event (job id = event id, so a
 * batch relayed twice adds each job once while it is kept) and an entry in the account's live stream. The events
 * also go to this process's cache, where the fan-out and delivery jobs that follow usually find them.
 */
export class QueueAndStreamSink implements EventSink {
  constructor(
    private readonly producer: JobProducer,
    private readonly live: LiveEventWriter,
    private readonly recent: RecentEventCache,
  ) {}

  async accept(events: readonly EventRecord[]): Promise<void> {
    this.recent.remember(events);
    await Promise.all([
      this.producer.enqueueMany(
        'events.fan-out',
        events.map((event) => ({
          payload: { accountId: event.accountId, eventId: event.id },
          options: { jobId: event.id },
        })),
      ),
      this.live.append(events.map(eventEnvelope)),
    ]);
  }
}
