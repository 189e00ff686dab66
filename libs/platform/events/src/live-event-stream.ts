import { type EventEnvelope } from '@switchyard/contracts';
import { type Redis } from 'ioredis';

/**
 * The live feed of each account's events in Redis, written by the outbox relay and read by any api instance: a
 * capped stream per account keeps the recent past for `Last-Event-ID` resumes, and a pub/sub message per event wakes
 * the listeners. The stream entry id is the position a client resumes from.
 */
export interface LiveEvent {
  /** Redis stream entry id (`<ms>-<seq>`), ordered by relay time. */
  readonly position: string;
  readonly event: EventEnvelope;
}

export interface LiveStreamSettings {
  readonly keyPrefix: string;
  /** Entries kept per account (approximately, as Redis trims whole nodes). */
  readonly maxLength: number;
  /** An account's stream disappears after this long without events. */
  readonly idleExpiryMs: number;
}

const appendScript = `
local position = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', 'event', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('PUBLISH', KEYS[1], position .. ' ' .. ARGV[3])
return position`;

const positionPattern = /^(\d{1,20})-(\d{1,20})$/;

export function isStreamPosition(value: string): boolean {
  return positionPattern.test(value);
}

/** Orders two stream positions; both must be valid. */
export function comparePositions(left: string, right: string): number {
  const [leftMs, leftSeq] = left.split('-').map(BigInt) as [bigint, bigint];
  const [rightMs, rightSeq] = right.split('-').map(BigInt) as [bigint, bigint];
  if (leftMs !== rightMs) return leftMs < rightMs ? -1 : 1;
  return leftSeq === rightSeq ? 0 : leftSeq < rightSeq ? -1 : 1;
}

function streamKey(settings: LiveStreamSettings, accountId: string): string {
  return `${settings.keyPrefix}:events:live:${accountId}`;
}

type AppendingPipeline = ReturnType<Redis['pipeline']> & {
  appendLiveEvent(key: string, maxLength: number, idleExpiryMs: number, event: string): unknown;
};

/** The relay's side: appends events to their accounts' streams and announces them, in one pipeline. */
export class LiveEventWriter {
  constructor(
    private readonly redis: Redis,
    private readonly settings: LiveStreamSettings,
  ) {
    // A defined command runs by its SHA, so the script text is not sent and hashed for every event.
    redis.defineCommand('appendLiveEvent', { numberOfKeys: 1, lua: appendScript });
  }

  async append(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const pipeline = this.redis.pipeline() as AppendingPipeline;
    for (const event of events) {
      pipeline.appendLiveEvent(
        streamKey(this.settings, event.accountId),
        this.settings.maxLength,
        this.settings.idleExpiryMs,
        JSON.stringify(event),
      );
    }
    const results = (await pipeline.exec()) ?? [];
    const failure = results.find(([error]) => error !== null);
    if (failure) throw failure[0];
  }

  close(): void {
    this.redis.disconnect();
  }
}

type Listener = (live: LiveEvent) => void;

/**
 * The api's side: one subscriber connection per process, subscribed to the accounts that have listeners. A resume
 * reads the stream after the given position; live messages that arrive meanwhile wait and are deduplicated by
 * position, so the listener sees every event once and in order.
 */
export class LiveEventHub {
  private readonly accounts = new Map<string, { listeners: Set<Listener>; subscribed: Promise<unknown> }>();

  constructor(
    private readonly subscriber: Redis,
    private readonly reader: Redis,
    private readonly settings: LiveStreamSettings,
  ) {
    subscriber.on('message', (channel: string, message: string) => this.dispatch(channel, message));
  }

  /** Calls `listener` for each new event of the account, first replaying those after `after`; returns an unsubscribe. */
  async subscribe(
    accountId: string,
    after: string | undefined,
    listener: Listener,
  ): Promise<() => Promise<void>> {
    let lastPosition = after;
    let pending: LiveEvent[] | undefined = after === undefined ? undefined : [];
    const deliverOnce = (live: LiveEvent) => {
      if (lastPosition !== undefined && comparePositions(live.position, lastPosition) <= 0) return;
      lastPosition = live.position;
      listener(live);
    };
    const entry: Listener = (live) => (pending ? pending.push(live) : deliverOnce(live));
    const key = streamKey(this.settings, accountId);
    let account = this.accounts.get(key);
    if (!account) {
      account = { listeners: new Set(), subscribed: this.subscriber.subscribe(key) };
      this.accounts.set(key, account);
    }
    const { listeners } = account;
    listeners.add(entry);
    await account.subscribed;
    if (after !== undefined) {
      const entries = await this.reader.xrange(key, `(${after}`, '+');
      for (const [position, fields] of entries) {
        const json = fields[fields.indexOf('event') + 1];
        if (json !== undefined) deliverOnce({ position, event: JSON.parse(json) as EventEnvelope });
      }
      const waiting = pending ?? [];
      pending = undefined;
      waiting.forEach(deliverOnce);
    }
    return async () => {
      listeners.delete(entry);
      if (listeners.size === 0 && this.accounts.get(key)?.listeners === listeners) {
        this.accounts.delete(key);
        await this.subscriber.unsubscribe(key);
      }
    };
  }

  async close(): Promise<void> {
    this.accounts.clear();
    this.subscriber.disconnect();
    this.reader.disconnect();
  }

  private dispatch(channel: string, message: string): void {
    const listeners = this.accounts.get(channel)?.listeners;
    if (!listeners) return;
    const space = message.indexOf(' ');
    const live: LiveEvent = {
      position: message.slice(0, space),
      event: JSON.parse(message.slice(space + 1)) as EventEnvelope,
    };
    for (const listener of listeners) listener(live);
  }
}
