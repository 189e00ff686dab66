import { type CallControlCommand, type CallControlReply } from '@switchyard/calls';
import { type HangupSource } from './call-session';

export interface LiveCall {
  hangUp(source: HangupSource): void;
  /** Closes the record without SIP: the dialogs went with the control connection to drachtio-server. */
  abandon(): void;
  /** Transfers or records the call; only an answered call can. */
  control?(command: CallControlCommand): Promise<CallControlReply>;
}

/**
 * The calls this instance holds, ringing or answered: where an API hangup finds its call, and what a graceful
 * shutdown waits for.
 */
export class LiveCalls {
  private readonly calls = new Map<string, LiveCall>();
  private emptied: (() => void) | undefined;
  private isDraining = false;

  get size(): number {
    return this.calls.size;
  }

  /** Once set, new calls are refused (503) so that the instance can stop. */
  get draining(): boolean {
    return this.isDraining;
  }

  track(callId: string, call: LiveCall): void {
    this.calls.set(callId, call);
  }

  /** Replaces how the call is ended, as it moves from ringing to answered. */
  update(callId: string, call: LiveCall): void {
    if (this.calls.has(callId)) this.calls.set(callId, call);
  }

  forget(callId: string): void {
    this.calls.delete(callId);
    if (this.calls.size === 0) this.emptied?.();
  }

  /** Hangs up a call held here; false when this instance does not hold it. */
  hangUp(callId: string, source: HangupSource): boolean {
    const call = this.calls.get(callId);
    call?.hangUp(source);
    return call !== undefined;
  }

  /** Hands an API command to a call held here; null when this instance does not hold it. */
  async control(callId: string, command: CallControlCommand): Promise<CallControlReply | null> {
    const call = this.calls.get(callId);
    if (call === undefined) return null;
    if (call.control === undefined) {
      return { ok: false, code: 'call_not_answered', detail: 'The call has not been answered yet.' };
    }
    return call.control(command);
  }

  /**
   * drachtio-server routes no in-dialog request to an app connection other than the one that opened the dialog, so
   * once the connection is lost this instance can neither hear nor send the calls' BYEs: their records are closed.
   */
  abandonAll(): number {
    const abandoned = [...this.calls.values()];
    this.calls.clear();
    for (const call of abandoned) call.abandon();
    this.emptied?.();
    return abandoned.length;
  }

  /** Refuses new calls, lets live ones end for up to `timeoutMs`, then hangs up the rest. */
  async drain(timeoutMs: number): Promise<void> {
    this.isDraining = true;
    if (this.calls.size > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.emptied = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    for (const [callId, call] of [...this.calls]) {
      call.hangUp('system');
      this.calls.delete(callId);
    }
  }
}
