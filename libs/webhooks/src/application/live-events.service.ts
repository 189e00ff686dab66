import { type BeforeApplicationShutdown, Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { matchesAnyEventType } from '@switchyard/contracts';
import { ValidationError } from '@switchyard/errors';
import { isStreamPosition, type LiveEvent, LiveEventHub } from '@switchyard/events';
import { type EventViewer, isEventVisible } from '../domain/event-visibility';
import { eventTypeFilterErrors } from '../domain/webhook-endpoint-rules';
import { SHARED_NUMBERS, type SharedNumbers } from './shared-numbers.port';

/** Dependency-injection token of the interval of keep-alive comments on idle streams, in milliseconds. */
export const LIVE_STREAM_HEARTBEAT_MS = Symbol('LIVE_STREAM_HEARTBEAT_MS');

export interface LiveSubscription {
  /** Type filters; empty means every type. */
  readonly types: readonly string[];
  /** The last position the client saw (SSE Last-Event-ID); events after it are replayed first. */
  readonly lastEventId?: string;
}

/**
 * The account's events as they happen, filtered by type and by what the caller may see. Open streams end when the
 * app shuts down, so they do not hold the HTTP server open; clients reconnect elsewhere with Last-Event-ID.
 */
@Injectable()
export class LiveEventsService implements BeforeApplicationShutdown {
  private readonly openStreams = new Set<() => void>();

  constructor(
    @Inject(LiveEventHub) private readonly hub: LiveEventHub,
    @Inject(SHARED_NUMBERS) private readonly sharedNumbers: SharedNumbers,
    @Inject(LIVE_STREAM_HEARTBEAT_MS) readonly heartbeatMs: number,
  ) {}

  /**
   * Starts delivering to `listener`; resolves with the function that stops it. `end` closes the client's stream
   * when the app shuts down first.
   */
  async open(
    principal: Principal,
    subscription: LiveSubscription,
    listener: (live: LiveEvent) => void,
    end: () => void,
  ): Promise<() => Promise<void>> {
    const errors = eventTypeFilterErrors(subscription.types).map((error) => ({ ...error, field: 'types' }));
    if (errors.length > 0) throw new ValidationError(errors);
    const viewer = await this.viewerOf(principal);
    const types = subscription.types.length === 0 ? ['*'] : subscription.types;
    const after =
      subscription.lastEventId !== undefined && isStreamPosition(subscription.lastEventId)
        ? subscription.lastEventId
        : undefined;
    const unsubscribe = await this.hub.subscribe(principal.accountId, after, (live) => {
      if (matchesAnyEventType(types, live.event.type) && isEventVisible(viewer, live.event.data))
        listener(live);
    });
    this.openStreams.add(end);
    return async () => {
      this.openStreams.delete(end);
      await unsubscribe();
    };
  }

  beforeApplicationShutdown(): void {
    for (const end of [...this.openStreams]) end();
  }

  private async viewerOf(principal: Principal): Promise<EventViewer> {
    if (principal.kind === 'api_key' || principal.role === 'owner' || principal.role === 'admin') {
      return { seesAllNumbers: true, sharedNumberIds: new Set() };
    }
    const sharedNumberIds =
      principal.userId === undefined
        ? new Set<string>()
        : await this.sharedNumbers.numberIdsSharedWith(principal.accountId, principal.userId);
    return { seesAllNumbers: false, sharedNumberIds };
  }
}
