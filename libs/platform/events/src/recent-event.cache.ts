import { type EventRecord } from './event-envelope';

/**
 * The events this process relayed or read lately, so its own jobs need not read them back from Postgres. Events
 * never change after commit, so a cached one is never stale; the oldest entries make room for new ones.
 */
export class RecentEventCache {
  private readonly entries = new Map<string, EventRecord>();

  constructor(private readonly capacity = 20_000) {}

  remember(events: readonly EventRecord[]): void {
    for (const event of events) this.entries.set(event.id, event);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  /** The event, when it is cached and belongs to the account. */
  get(accountId: string, eventId: string): EventRecord | undefined {
    const event = this.entries.get(eventId);
    return event?.accountId === accountId ? event : undefined;
  }
}
