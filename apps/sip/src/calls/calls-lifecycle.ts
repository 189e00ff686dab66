import {
  type CallControlBus,
  type CallHangupBus,
  type CallRecorder,
  type LiveCallRegistry,
  type OrphanedCalls,
} from '@switchyard/calls';
import { type SipCallsConfig } from '@switchyard/config';
import { type Clock } from '@switchyard/contracts';
import { type Logger } from '@switchyard/logging';
import { type LiveCalls } from './live-calls';

const heartbeatEveryMs = 10_000;
/** Three missed heartbeats and the instance counts as gone. */
const heartbeatTtlMs = 3 * heartbeatEveryMs;
const orphanSweepEveryMs = 60_000;

/**
 * What keeps this instance's calls accounted for beyond single SIP messages: a heartbeat that tells other
 * instances it still holds its calls, a sweep that closes the records of vanished instances, API hangups and other
 * API commands (transfer, recording), and the drain at shutdown.
 */
export class CallsLifecycle {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unsubscribes: (() => Promise<void>)[] = [];

  constructor(
    private readonly registry: LiveCallRegistry,
    private readonly orphans: OrphanedCalls,
    private readonly hangups: CallHangupBus,
    private readonly controls: CallControlBus,
    private readonly recorder: CallRecorder,
    private readonly liveCalls: LiveCalls,
    private readonly config: SipCallsConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    await this.heartbeat();
    this.unsubscribes.push(
      await this.hangups.subscribe((callId) => {
        if (this.liveCalls.hangUp(callId, 'api'))
          this.logger.info({ callId }, 'call hung up through the API');
      }),
      await this.controls.serve((callId, command) => this.liveCalls.control(callId, command)),
    );
    await this.sweep();
    this.every(heartbeatEveryMs, () => this.heartbeat());
    this.every(orphanSweepEveryMs, () => this.sweep());
  }

  /** The dialogs of every live call went with the connection: their records are closed now, not left live. */
  connectionLost(): void {
    const abandoned = this.liveCalls.abandonAll();
    if (abandoned > 0)
      this.logger.warn({ abandoned }, 'closed the records of calls lost with the drachtio connection');
  }

  /** Stops taking calls, lets live ones end (up to the drain timeout), then makes sure their records are written. */
  async drain(): Promise<void> {
    if (this.liveCalls.size > 0) {
      this.logger.info({ liveCalls: this.liveCalls.size }, 'draining: waiting for live calls to end');
    }
    await this.liveCalls.drain(this.config.drainTimeoutSeconds * 1000);
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await Promise.all(this.unsubscribes.splice(0).map((unsubscribe) => unsubscribe()));
    await this.recorder.settledAll();
  }

  private every(intervalMs: number, task: () => Promise<void>): void {
    const timer = setInterval(() => void task(), intervalMs);
    timer.unref();
    this.timers.push(timer);
  }

  private async heartbeat(): Promise<void> {
    try {
      await this.registry.heartbeat(this.config.instanceId, heartbeatTtlMs);
    } catch (error) {
      this.logger.warn({ err: error }, 'sip instance heartbeat failed');
    }
  }

  private async sweep(): Promise<void> {
    try {
      const closed = await this.orphans.closeCallsOfVanishedInstances(this.clock.now());
      if (closed > 0)
        this.logger.warn({ closed }, 'closed the records of calls held by vanished sip instances');
    } catch (error) {
      this.logger.warn({ err: error }, 'sweep of orphaned calls failed');
    }
  }
}
