import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { type Prompt, type RingStrategy, type RingTarget } from '@switchyard/call-flows';
import { type Clock } from '@switchyard/contracts';
import { type Logger } from '@switchyard/logging';
import { type Redis } from 'ioredis';
import { type CallMedia } from './call-media';

/** A named queue as `CallQueueDirectory.byName` of @switchyard/call-flows answers it. */
export interface NamedCallQueue {
  readonly id: string;
  readonly name: string;
  readonly targets: readonly RingTarget[];
  readonly strategy: RingStrategy;
  readonly ringTimeoutSeconds: number;
}

export interface CallQueueLookup {
  byName(accountId: string, name: string): Promise<NamedCallQueue | null>;
}

/** Who a queue offers its head caller to, and the key its callers wait under. */
export interface QueueAgents {
  readonly queueKey: string;
  readonly targets: readonly RingTarget[];
  readonly strategy: RingStrategy;
  readonly ringTimeoutSeconds: number;
}

/** How long each agent rings in a queue a flow node defines by its targets (named queues say their own). */
export const adHocRingTimeoutSeconds = 20;

/**
 * The agents of a queue node: its named queue's (null when the name is unknown), or its own targets rung together.
 * A node's own targets make a queue of their own, keyed by the targets, so two nodes naming the same agents share it.
 */
export async function queueAgentsOf(
  accountId: string,
  node: { readonly queueName?: string; readonly targets?: readonly RingTarget[] },
  queues: CallQueueLookup,
): Promise<QueueAgents | null> {
  if (node.queueName !== undefined) {
    const queue = await queues.byName(accountId, node.queueName);
    return queue && { queueKey: queue.id, ...queue };
  }
  const targets = node.targets ?? [];
  const identity = targets.map((target) => `${target.type}:${target.id}`).sort();
  return {
    queueKey: `targets-${createHash('sha256').update(identity.join(',')).digest('hex').slice(0, 24)}`,
    targets,
    strategy: 'simultaneous',
    ringTimeoutSeconds: adHocRingTimeoutSeconds,
  };
}

// KEYS: the queue (sorted set: callId -> enqueue time). ARGV: callId, key prefix of waiting markers, marker TTL ms.
// Marks the caller as still waiting, drops callers ahead whose marker expired (their sip instance went away) and
// answers the caller's 1-based position, or 0 when it is not in the queue.
const positionScript = `
local queue, callId, markers = KEYS[1], ARGV[1], ARGV[2]
redis.call('SET', markers .. callId, '1', 'PX', ARGV[3])
local position = 0
for _, member in ipairs(redis.call('ZRANGE', queue, 0, -1)) do
  if member == callId then return position + 1 end
  if redis.call('EXISTS', markers .. member) == 1 then position = position + 1
  else redis.call('ZREM', queue, member) end
end
return 0
`;

/** A queue key outlives its last caller by this much. */
const queueKeyTtlMs = 24 * 3_600_000;

/**
 * Callers' places in call queues, shared by every sip instance: a Redis sorted set per account and queue
 * (`<prefix>:sip:queue:<account>:<queue>`, scored by enqueue time) and a short-lived marker per waiting caller
 * that its instance keeps refreshing, so callers of a vanished instance drop out of everyone's count.
 */
export class QueuePositions {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  async join(accountId: string, queueKey: string, callId: string, at: Date): Promise<void> {
    const queue = this.queueKey(accountId, queueKey);
    await this.redis.multi().zadd(queue, 'NX', at.getTime(), callId).pexpire(queue, queueKeyTtlMs).exec();
  }

  /** The caller's 1-based place, keeping it in the queue for `holdMs` more even without another call. */
  async positionOf(accountId: string, queueKey: string, callId: string, holdMs: number): Promise<number> {
    const answer = await this.redis.eval(
      positionScript,
      1,
      this.queueKey(accountId, queueKey),
      callId,
      `${this.keyPrefix}:sip:queue-waiting:`,
      holdMs,
    );
    return Number(answer);
  }

  async leave(accountId: string, queueKey: string, callId: string): Promise<void> {
    await this.redis
      .multi()
      .zrem(this.queueKey(accountId, queueKey), callId)
      .del(`${this.keyPrefix}:sip:queue-waiting:${callId}`)
      .exec();
  }

  close(): void {
    this.redis.disconnect();
  }

  private queueKey(accountId: string, queueKey: string): string {
    return `${this.keyPrefix}:sip:queue:${accountId}:${queueKey}`;
  }
}

export interface QueueWaitRequest {
  readonly accountId: string;
  readonly callId: string;
  readonly agents: QueueAgents;
  readonly holdMusic?: Prompt;
  readonly announcePosition: boolean;
  readonly maxWaitSeconds: number;
}

/** How one round of ringing the agents ended: `ended` when the call is over (caller or API hung up). */
export type RingRound = 'answered' | 'not_answered' | 'ended';

/**
 * Rings agents for the head caller; `answered` is to be called as soon as one answers: it stops the hold music and
 * takes the caller out of the queue, so the callers behind move up while the conversation lasts.
 */
export type RingAgents = (
  targets: readonly RingTarget[],
  timeoutSeconds: number,
  answered: () => void,
) => Promise<RingRound>;

/**
 * The agents one round of ringing offers the call to: all of them for the simultaneous strategy, else one at a time
 * in turn (round robin and longest idle as well: the queue knows no agent's idle time yet).
 */
export function targetsForRound(agents: QueueAgents, round: number): readonly RingTarget[] {
  if (agents.strategy === 'simultaneous' || agents.targets.length === 0) return agents.targets;
  return [agents.targets[round % agents.targets.length]!];
}

export type QueueOutcome = 'answered' | 'overflow' | 'ended';

/** How often a waiting caller looks at its place in the queue. */
const pollMs = 1_000;
/** A waiting caller stays counted this long after its last look, so a missed poll does not drop it. */
const waitingMarkerMs = 10 * pollMs;

/**
 * A caller waiting in a queue on an answered call: hold music in a loop, "You are caller number N" on entering
 * and whenever the place changes (when the node asks for it), and, while at the head of the queue, rounds of
 * ringing the agents (the music goes on) until one answers or `maxWaitSeconds` pass (overflow).
 */
export class CallQueueWait {
  constructor(
    private readonly positions: QueuePositions,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async wait(
    media: CallMedia,
    request: QueueWaitRequest,
    ring: RingAgents,
    hungUp: AbortSignal,
  ): Promise<QueueOutcome> {
    const { accountId, callId, agents } = request;
    const deadline = performance.now() + request.maxWaitSeconds * 1000;
    const leave = () =>
      this.positions.leave(accountId, agents.queueKey, callId).catch((error: unknown) => {
        this.logger.warn({ err: error, callId }, 'caller not removed from the queue');
      });
    const music = () => media.loopHoldMusic(request.holdMusic);
    await this.positions.join(accountId, agents.queueKey, callId, this.clock.now());
    try {
      await music();
      let announced = 0;
      let rounds = 0;
      while (!hungUp.aborted) {
        const remainingMs = deadline - performance.now();
        if (remainingMs <= 0) return 'overflow';
        const position = await this.positions.positionOf(accountId, agents.queueKey, callId, waitingMarkerMs);
        if (request.announcePosition && position > 0 && position !== announced) {
          announced = position;
          this.logger.debug({ callId, queue: agents.queueKey, position }, 'queue position announced');
          await media.stopPlaying();
          await media.play({ type: 'tts', text: `You are caller number ${position}.` });
          if (hungUp.aborted) break;
          await music();
        }
        if (position !== 1) {
          await pause(Math.min(pollMs, remainingMs), hungUp);
          continue;
        }
        const timeoutSeconds = Math.max(
          1,
          Math.min(agents.ringTimeoutSeconds, Math.ceil(remainingMs / 1000)),
        );
        // Nobody else polls for this caller while its agents ring, so it stays counted for the whole round.
        await this.positions.positionOf(
          accountId,
          agents.queueKey,
          callId,
          timeoutSeconds * 1000 + waitingMarkerMs,
        );
        const roundStarted = performance.now();
        const answered = () => {
          void media.stopPlaying().catch(() => undefined);
          void leave();
        };
        const round = await ring(targetsForRound(agents, rounds++), timeoutSeconds, answered);
        if (round !== 'not_answered') return round;
        // Agents that could not be rung at all (none registered) make a round as long as a rung one.
        await pause(Math.min(deadline, roundStarted + timeoutSeconds * 1000) - performance.now(), hungUp);
      }
      return 'ended';
    } finally {
      if (!hungUp.aborted) await media.stopPlaying().catch(() => undefined);
      await leave();
    }
  }
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms > 0) await delay(ms, undefined, { signal }).catch(() => undefined);
}
