import { setTimeout as delay } from 'node:timers/promises';
import { type CallRecord, type FarEndOutcome } from '@switchyard/calls';
import { type Clock, newId } from '@switchyard/contracts';
import type Srf from 'drachtio-srf';
import { type HangupSource } from './call-session';
import { dialogFarSide, type FarSide, type SipDialog, simulatedFarSide } from './far-side';
import { sandboxAnswer } from './sandbox-answer';

/** Where one branch of a call goes: a carrier trunk, or one registered contact of the dialed user. */
export interface ForkTarget {
  readonly uri: string;
  /** Where the request physically goes when that differs from the URI (a device behind NAT). */
  readonly proxy?: string;
  readonly from: string;
  readonly to: string;
  readonly deviceId: string | null;
  readonly headers: Record<string, string>;
  readonly auth?: { readonly username: string; readonly password: string };
}

export type AttemptOutcome =
  | { readonly kind: 'answered'; readonly caller: SipDialog; readonly far: FarSide }
  | {
      readonly kind: 'failed';
      readonly sipStatus: number;
      readonly sipReason: string;
      readonly source: HangupSource;
    };

/** Callees reached through the media engine: offered its SDP, and joined to the caller there when they answer. */
export interface AnchoredMedia {
  /** The SDP to offer callees. */
  readonly offer: string;
  /** Connects the caller to the callee that answered; resolves with the engine's SDP for the caller. */
  readonly join: (calleeTag: string, sdp: string) => Promise<string>;
}

export interface AttemptOptions {
  readonly answersFailures?: boolean;
  readonly media?: AnchoredMedia;
  /**
   * The caller's dialog when it is answered already (by a call flow's prompts, or in a transfer): the callee that
   * answers is joined to it through `media`, which must then be given.
   */
  readonly answeredCaller?: SipDialog;
}

interface Failure {
  readonly status: number;
  readonly reason: string;
}

/** drachtio-srf calls `cbRequest` node-style, `(error, request)`, whatever its published types say. */
function onRequestSent(listener: (sent: Srf.SrfRequest) => void): (sent: Srf.SrfRequest) => void {
  const nodeStyle = (_error: unknown, sent: Srf.SrfRequest) => listener(sent);
  return nodeStyle as unknown as (sent: Srf.SrfRequest) => void;
}

/**
 * RFC 3261 §16.7: the response the caller gets when every branch failed. Busy anywhere means busy; a global
 * failure (6xx) wins over the rest; otherwise the first branch's answer, or 480 when no branch was tried.
 */
export function bestFailure(failures: readonly Failure[]): Failure {
  const busy = failures.find(({ status }) => status === 486 || status === 600);
  if (busy) return { status: 486, reason: 'Busy Here' };
  const global = failures.find(({ status }) => status >= 600);
  if (global) return global;
  return failures.find(({ status }) => status !== 487) ?? { status: 480, reason: 'Temporarily Unavailable' };
}

function failureOf(error: unknown): Failure {
  const { status, reason } = error as { status?: unknown; reason?: unknown };
  return typeof status === 'number'
    ? { status, reason: typeof reason === 'string' ? reason : 'Failed' }
    : { status: 503, reason: 'Service Unavailable' };
}

/**
 * The caller's INVITE until it is answered or fails: branches to every target at once (the first answer wins and
 * the others are canceled), relays ringing, and answers the caller with the winner's SDP. A CANCEL from the caller,
 * or `abort` (API hangup, shutdown), cancels every branch.
 */
export class CallAttempt {
  private abortedBy: HangupSource | null = null;
  /** Set when the control connection was lost: nothing more is sent for this call. */
  private isAbandoned = false;
  private readonly abort$ = new AbortController();
  private readonly unanswered = new Map<string, Srf.SrfRequest>();
  private winnerChosen = false;
  private ringingRelayed = false;

  constructor(
    private readonly srf: Srf,
    private readonly req: Srf.SrfRequest,
    private readonly res: Srf.SrfResponse,
    private readonly record: CallRecord,
    private readonly clock: Clock,
    private readonly options: AttemptOptions = {},
  ) {
    req.on('cancel', () => this.abort('caller'));
  }

  /** False when a call flow decides what the caller gets after a failed attempt (it may ring someone else). */
  private get answersFailures(): boolean {
    return this.options.answersFailures ?? true;
  }

  /** Stops ringing everywhere; the caller gets 487 unless it canceled itself or a flow answers failures. */
  abort(source: HangupSource): void {
    if (this.abortedBy !== null || this.winnerChosen) return;
    this.abortedBy = source;
    this.abort$.abort();
    for (const request of this.unanswered.values()) request.cancel(() => undefined);
    this.unanswered.clear();
  }

  /** Gives up without SIP (the control connection is gone); whatever the branches still do is ignored. */
  get abandoned(): boolean {
    return this.isAbandoned;
  }

  abandon(): void {
    this.isAbandoned = true;
    this.abortedBy ??= 'system';
    this.abort$.abort();
    this.unanswered.clear();
  }

  async fork(targets: readonly ForkTarget[]): Promise<AttemptOutcome> {
    const branches = targets.map((target) => this.branch(target));
    let winner: { legId: string; dialog: SipDialog };
    try {
      winner = await Promise.any(branches);
    } catch (error) {
      const failures = error instanceof AggregateError ? (error.errors as Failure[]) : [];
      return this.failed(bestFailure(failures));
    }
    return this.answer(dialogFarSide(winner.legId, winner.dialog), winner.dialog.remote.sdp);
  }

  /** The sandbox carrier's simulated far end: rings, then answers or rejects as the number asks. */
  async simulate(outcome: FarEndOutcome, destination: string, from: string): Promise<AttemptOutcome> {
    const legId = newId('callLeg');
    this.record.addLeg({
      id: legId,
      role: 'callee',
      sipCallId: `sandbox-${legId}`,
      from,
      to: destination,
      target: `sandbox:${destination}`,
      deviceId: null,
      startedAt: this.clock.now(),
    });
    if (outcome.ringMs > 0) {
      this.relayRinging(legId, undefined);
      try {
        await delay(outcome.ringMs, undefined, { signal: this.abort$.signal });
      } catch {
        this.record.legEnded(legId, {
          sipStatus: 487,
          sipReason: 'Request Terminated',
          at: this.clock.now(),
        });
        return this.failed({ status: 487, reason: 'Request Terminated' });
      }
    }
    if (outcome.kind === 'reject') {
      const failure = { status: outcome.sipStatus, reason: outcome.reason };
      this.record.legEnded(legId, {
        sipStatus: failure.status,
        sipReason: failure.reason,
        at: this.clock.now(),
      });
      return this.failed(failure);
    }
    this.winnerChosen = true;
    this.record.legAnswered(legId, this.clock.now());
    return this.answer(simulatedFarSide(legId), sandboxAnswer(this.offer));
  }

  private async branch(target: ForkTarget): Promise<{ legId: string; dialog: SipDialog }> {
    const legId = newId('callLeg');
    let added = false;
    const addLeg = (sipCallId: string) => {
      if (added) return;
      added = true;
      this.record.addLeg({
        id: legId,
        role: 'callee',
        sipCallId,
        from: target.from,
        to: target.to,
        target: target.uri,
        deviceId: target.deviceId,
        startedAt: this.clock.now(),
      });
    };
    let dialog: SipDialog;
    try {
      dialog = (await this.srf.createUAC(
        target.uri,
        {
          localSdp: this.offer,
          headers: target.headers,
          ...(target.proxy !== undefined && { proxy: target.proxy }),
          ...(target.auth !== undefined && { auth: { ...target.auth } }),
        },
        {
          cbRequest: onRequestSent((sent) => {
            addLeg(sent.get('Call-ID'));
            if (this.abandoned) return;
            if (this.abortedBy !== null || this.winnerChosen) sent.cancel(() => undefined);
            else this.unanswered.set(legId, sent);
          }),
          cbProvisional: (response) => {
            if (response.status === 180 || response.status === 183) this.relayRinging(legId, response);
          },
        },
      )) as SipDialog;
    } catch (error) {
      this.unanswered.delete(legId);
      const failure = failureOf(error);
      addLeg('');
      this.record.legEnded(legId, {
        sipStatus: failure.status,
        sipReason: failure.reason,
        at: this.clock.now(),
      });
      throw failure;
    }
    this.unanswered.delete(legId);
    if (this.abandoned) throw { status: 503, reason: 'Abandoned' } satisfies Failure;
    this.record.legAnswered(legId, this.clock.now());
    if (this.abortedBy !== null || this.winnerChosen) {
      // Answered after another branch won or the caller left: RFC 3261 §16.7 ends it with a BYE.
      dialog.destroy();
      this.record.legEnded(legId, { sipStatus: 200, sipReason: 'Answered elsewhere', at: this.clock.now() });
      throw { status: 200, reason: 'Answered elsewhere' } satisfies Failure;
    }
    this.winnerChosen = true;
    for (const request of this.unanswered.values()) request.cancel(() => undefined);
    this.unanswered.clear();
    return { legId, dialog };
  }

  private relayRinging(legId: string, response: Srf.SrfResponse | undefined): void {
    const at = this.clock.now();
    this.record.legRinging(legId, at);
    this.record.ringing(at);
    if (this.options.answeredCaller) return;
    if (this.ringingRelayed || this.winnerChosen || this.abortedBy !== null) return;
    this.ringingRelayed = true;
    // Early media would point the caller at the callee itself, past the media engine.
    if (response?.status === 183 && response.body && !this.options.media) {
      this.res.send(183, { body: response.body, headers: { 'Content-Type': 'application/sdp' } });
    } else {
      this.res.send(180);
    }
  }

  /** What callees are offered: the media engine's SDP, or else the caller's own. */
  private get offer(): string {
    return this.options.media?.offer ?? this.req.body;
  }

  private async answer(far: FarSide, sdp: string): Promise<AttemptOutcome> {
    let callerSdp = sdp;
    if (this.options.media) {
      try {
        callerSdp = await this.options.media.join(far.tag, sdp);
      } catch (error) {
        far.hangUp();
        const failure = failureOf(error);
        this.record.legEnded(far.legId, {
          sipStatus: 500,
          sipReason: 'Media not joined',
          at: this.clock.now(),
        });
        if (!this.options.answeredCaller && this.answersFailures)
          this.res.send(failure.status, failure.reason, {});
        return { kind: 'failed', sipStatus: failure.status, sipReason: failure.reason, source: 'callee' };
      }
    }
    const answered = this.options.answeredCaller;
    if (answered) return { kind: 'answered', caller: answered, far };
    try {
      const caller = (await this.srf.createUAS(this.req, this.res, { localSdp: callerSdp })) as SipDialog;
      return { kind: 'answered', caller, far };
    } catch (error) {
      // The caller canceled while the far side answered.
      far.hangUp();
      const failure = failureOf(error);
      this.record.legEnded(far.legId, { sipStatus: 200, sipReason: 'Caller canceled', at: this.clock.now() });
      return { kind: 'failed', sipStatus: failure.status, sipReason: failure.reason, source: 'caller' };
    }
  }

  private failed(failure: Failure): AttemptOutcome {
    if (this.abortedBy === 'caller' || this.abandoned) {
      // drachtio-server already answered the INVITE with 487 when the CANCEL came.
      return { kind: 'failed', sipStatus: 487, sipReason: 'Request Terminated', source: 'caller' };
    }
    if (this.abortedBy !== null) {
      if (this.answersFailures) this.res.send(487, 'Request Terminated', {});
      return { kind: 'failed', sipStatus: 487, sipReason: 'Request Terminated', source: this.abortedBy };
    }
    if (this.answersFailures) this.res.send(failure.status, failure.reason, {});
    return { kind: 'failed', sipStatus: failure.status, sipReason: failure.reason, source: 'callee' };
  }
}
