import {
  type CallControlCommand,
  type CallControlReply,
  type CallEnding,
  type CallRecord,
} from '@switchyard/calls';
import { type Clock } from '@switchyard/contracts';
import { type Logger } from '@switchyard/logging';
import type Srf from 'drachtio-srf';
import { anchoredMediaOf } from './anchored-call';
import { type BridgeMedia } from './bridge-media';
import { type CallHold } from './call-hold';
import { type CallRecording } from './call-recording';
import {
  ReferProgress,
  referTarget,
  type TransferDialer,
  type TransferRinging,
  transferRingTimeoutMs,
} from './call-transfer';
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

/** A call whose media the engine anchors: its parties can be held and replaced, and it can be recorded. */
export interface AnchoredCall {
  readonly media: BridgeMedia;
  /** The caller's tag in the media engine. */
  readonly callerTag: string;
  readonly hold: CallHold;
  /** Null where nothing resolves transfer targets (calls from devices): transfers are refused. */
  readonly transfers: TransferDialer | null;
  readonly recording: CallRecording;
  readonly logger: Logger;
}

interface Transfer {
  readonly ringing: TransferRinging;
  /** The party being replaced hung up meanwhile: a failed transfer then ends the call. */
  transferorLeft: boolean;
}

function refused(code: string, detail: string): CallControlReply {
  return { ok: false, code, detail };
}

/**
 * An answered call: the caller's dialog bridged to the far side. Whichever side ends first ends the other; the
 * maximum duration ends both, so a dialog whose BYE never comes is released at the latest then. When the media
 * engine anchors the call, re-INVITEs are answered there (hold), the callee may transfer the caller with a REFER,
 * and the API may transfer or record it (`control`).
 */
export class CallSession {
  private finished = false;
  private readonly durationTimer: NodeJS.Timeout;
  private far: FarSide;
  private pendingTransfer: Transfer | null = null;

  constructor(
    private readonly record: CallRecord,
    private readonly callerLegId: string,
    private readonly caller: SipDialog,
    far: FarSide,
    private readonly clock: Clock,
    maxDurationMs: number,
    private readonly onFinished: () => void,
    private readonly anchored?: AnchoredCall,
  ) {
    this.far = far;
    this.durationTimer = setTimeout(() => this.hangUp('timeout'), maxDurationMs);
    this.durationTimer.unref();
    this.attend(far);
    anchored?.hold.watch({ tag: anchored.callerTag, dialog: caller }, () => this.far.tag);
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
    this.pendingTransfer?.ringing.abandon();
    this.finish('system', { signal: false, reason: connectionLostReason });
  }

  /** A command of the API for this call. */
  async control(command: CallControlCommand): Promise<CallControlReply> {
    if (this.finished) return refused('call_not_answered', 'The call has ended.');
    const anchored = this.anchored;
    if (!anchored)
      return refused('media_not_available', 'The call’s media is not anchored in a media engine.');
    switch (command.type) {
      case 'transfer':
        return this.transfer(command.to, null);
      case 'recording.start':
        return anchored.recording.start('api', command.layout);
      case 'recording.pause':
        return anchored.recording.pause(command.recordingId);
      case 'recording.resume':
        return anchored.recording.resume(command.recordingId);
      case 'recording.stop':
        return anchored.recording.stop(command.recordingId);
    }
  }

  /** Follows the far side: its end, and with anchored media its re-INVITEs and REFERs. */
  private attend(far: FarSide): void {
    far.onEnded(() => this.farEnded(far));
    const { anchored } = this;
    if (!anchored || !far.dialog) return;
    anchored.hold.watch({ tag: far.tag, dialog: far.dialog }, () => anchored.callerTag);
    const dialog = far.dialog;
    dialog.on('refer', (req: Srf.SrfRequest, res: Srf.SrfResponse) => {
      const target = anchored.transfers ? referTarget(req) : { refused: 501, reason: 'Not Implemented' };
      if ('refused' in target) return res.send(target.refused, target.reason, {});
      res.send(202);
      const progress = new ReferProgress(dialog, anchored.logger);
      progress.trying();
      void this.transfer(target.to, progress);
    });
  }

  private farEnded(far: FarSide): void {
    if (far !== this.far) return;
    if (!this.pendingTransfer) return this.finish('callee');
    // The transferor may leave as soon as the transfer is accepted; the caller waits for the new party.
    this.pendingTransfer.transferorLeft = true;
    this.record.legEnded(far.legId, { sipStatus: 200, sipReason: 'Transferred', at: this.clock.now() });
  }

  /** Rings `to` for the caller; the far side is replaced when it answers. Replies once the ringing started. */
  private async transfer(to: string, progress: ReferProgress | null): Promise<CallControlReply> {
    const anchored = this.anchored!;
    if (this.pendingTransfer) {
      progress?.final(491, 'Request Pending');
      return refused('transfer_in_progress', 'The call is being transferred already.');
    }
    if (!anchored.transfers)
      return refused('transfer_not_available', 'Calls from devices cannot be transferred.');
    let ringing: TransferRinging;
    try {
      const ring = await anchored.transfers(to);
      if (ring === null || this.finished) {
        progress?.final(404, 'Not Found');
        return refused('transfer_target_not_found', `Nobody the call may reach answers to ${to}.`);
      }
      ringing = ring(this.caller, await anchoredMediaOf(anchored.media, anchored.callerTag));
    } catch (error) {
      anchored.logger.warn({ err: error, callId: this.record.id }, 'transfer not started');
      progress?.final(503, 'Service Unavailable');
      return refused('transfer_failed', 'The transfer could not be started.');
    }
    const transfer: Transfer = { ringing, transferorLeft: false };
    this.pendingTransfer = transfer;
    this.completeTransfer(transfer, progress).catch((error: unknown) => {
      anchored.logger.error({ err: error, callId: this.record.id }, 'transfer failed');
    });
    return { ok: true };
  }

  private async completeTransfer(transfer: Transfer, progress: ReferProgress | null): Promise<void> {
    const anchored = this.anchored!;
    const timer = setTimeout(() => transfer.ringing.abort('timeout'), transferRingTimeoutMs);
    const outcome = await transfer.ringing.outcome.finally(() => clearTimeout(timer));
    this.pendingTransfer = null;
    const transferor = this.far;
    if (outcome.kind === 'answered') {
      progress?.final(200, 'OK');
      if (this.finished) return outcome.far.hangUp();
      this.far = outcome.far;
      this.attend(outcome.far);
      await anchored.hold.release(transferor.tag);
      this.record.legEnded(transferor.legId, {
        sipStatus: 200,
        sipReason: 'Transferred',
        at: this.clock.now(),
      });
      transferor.hangUp();
      return;
    }
    progress?.final(outcome.sipStatus, outcome.sipReason);
    if (this.finished) return;
    if (transfer.transferorLeft) return this.finish('callee');
    // The caller goes back to the transferor, whose media the transfer's offer had replaced.
    await anchored.media.rejoin(anchored.callerTag, transferor.tag).catch((error: unknown) => {
      anchored.logger.warn(
        { err: error, callId: this.record.id },
        'transferor not rejoined after a failed transfer',
      );
    });
  }

  private finish(source: HangupSource, options = { signal: true, reason: hangupReasons[source] }): void {
    if (this.finished) return;
    this.finished = true;
    clearTimeout(this.durationTimer);
    this.pendingTransfer?.ringing.abort(source);
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
