import { Inject, Injectable } from '@nestjs/common';
import { systemClock, TtlCache } from '@switchyard/contracts';
import { type EventRecord, EventStore, RecentEventCache } from '@switchyard/events';
import { accountScopedLoader, MicroBatcher } from './micro-batcher';
import { type WebhookEndpointRecord, WebhookEndpointRepository } from './webhook-endpoint.repository';

/** How long a worker may act on an endpoint list another process changed; its own changes apply at once. */
const endpointCacheTtlMs = 1_000;

/**
 * The reads of fan-out and delivery jobs. Events come from this process's cache when its relay just handed them
 * over, otherwise from batched queries shared by the jobs running at the same moment. An account's endpoints (a
 * handful) are read together and kept for a second, so a burst of events costs one query per account.
 */
@Injectable()
export class DeliveryReads {
  private readonly events: MicroBatcher<{ accountId: string; id: string }, EventRecord | undefined>;
  private readonly accountEndpoints: MicroBatcher<string, WebhookEndpointRecord[]>;
  // Infrastructure timing, not domain time: a frozen test clock must not freeze the cache.
  private readonly endpointCache = new TtlCache<WebhookEndpointRecord[]>(endpointCacheTtlMs, systemClock);

  constructor(
    @Inject(EventStore) eventStore: EventStore,
    @Inject(WebhookEndpointRepository) endpointRepository: WebhookEndpointRepository,
    @Inject(RecentEventCache) private readonly recent: RecentEventCache,
  ) {
    this.events = accountScopedLoader((accountId, ids) => eventStore.findMany(accountId, ids));
    this.accountEndpoints = new MicroBatcher(async (accountIds) => {
      const rows = await endpointRepository.listOfAccounts([...new Set(accountIds)]);
      return accountIds.map((accountId) => rows.filter((row) => row.accountId === accountId));
    });
  }

  async event(accountId: string, eventId: string): Promise<EventRecord | undefined> {
    const cached = this.recent.get(accountId, eventId);
    if (cached) return cached;
    const loaded = await this.events.submit({ accountId, id: eventId });
    if (loaded) this.recent.remember([loaded]);
    return loaded;
  }

  endpointsOf(accountId: string): Promise<WebhookEndpointRecord[]> {
    return this.endpointCache.getOrLoad(accountId, () => this.accountEndpoints.submit(accountId));
  }

  async endpoint(accountId: string, endpointId: string): Promise<WebhookEndpointRecord | undefined> {
    return (await this.endpointsOf(accountId)).find((endpoint) => endpoint.id === endpointId);
  }

  /** After this process changed an endpoint of the account, so its next read sees the change. */
  forgetEndpoints(accountId: string): void {
    this.endpointCache.delete(accountId);
  }
}
