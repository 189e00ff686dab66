import { type CallEnding, type CallRecord } from '@switchyard/calls';
import { type Clock } from '@switchyard/contracts';
import { type FarSide, type SipDialog } from './far-side';

export type HangupSource = NonNullable<CallEnding['hangupSource']>;

const hangupReasons: Record<HangupSource, string> = {
  caller: 'Caller hung up',
  callee: 'Callee hung up',
  api: 'Hung up through the API',
  system: 'Hung up by the system',
  timeout: 'Maximum call duration reached',
};

export const connectionLostReason = 'Lost the control connection to drachtio-server';

/**
 * An answered call: the caller's dialog bridged to the far side. Whichever side ends first ends the other; the
 * maximum duration ends both, so a dialog whose BYE never comes is released at the latest then.
 */
export class CallSession {
  private finished = false;
  private readonly durationTimer: NodeJS.Timeout;

  constructor(
    private readonly record: CallRecord,
    private readonly callerLegId: string,
    private readonly caller: SipDialog,
    private readonly far: FarSide,
    private readonly clock: Clock,
    maxDurationMs: number,
    private readonly onFinished: () => void,
  ) {
    this.durationTimer = setTimeout(() => this.hangUp('timeout'), maxDurationMs);
    this.durationTimer.unref();
    far.onEnded(() => this.finish('callee'));
    // A BYE can arrive while createUAS was still resolving, before this listener existed.
    if (!caller.connected) this.finish('caller');
    else caller.on('destroy', () => this.finish('caller'));
  }

  get id(): string {
    return this.record.id;
  }

  hangUp(source: HangupSource): void {
    this.finish(source);
  }

  abandon(): void {
    this.finish('system', { signal: false, reason: connectionLostReason });
  }

  private finish(source: HangupSource, options = { signal: true, reason: hangupReasons[source] }): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.durationTimer);
    if (options.signal) {
      if (source !== 'caller' && this.caller.connected) this.caller.destroy();
      if (source !== 'callee') this.far.hangUp();
    }
    const at = this.clock.now();
    const ending = { sipStatus: 200, sipReason: options.reason, at };
    this.record.legEnded(this.callerLegId, ending);
    this.record.legEnded(this.far.legId, ending);
    this.record.ended({ ...ending, hangupSource: source });
    this.onFinished();
  }
}
