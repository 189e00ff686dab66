import { type Logger } from '@switchyard/logging';
import type Srf from 'drachtio-srf';
import { type BridgeMedia } from './bridge-media';
import { type SipDialog } from './far-side';
import { isHold } from './sdp-direction';

/** One side of a bridged call as hold sees it: its dialog, and its tag in the media engine. */
export interface HoldParty {
  readonly tag: string;
  readonly dialog: SipDialog;
}

/**
 * Re-INVITEs of a bridged call's parties, answered through the media engine so the other party needs no re-INVITE.
 * One that holds (sendonly, inactive, 0.0.0.0) starts hold music to the other party; the one that takes it back
 * stops it. Codec changes and session refreshes are answered the same way.
 */
export class CallHold {
  /** Holder's tag → the tag of the party hearing the music. */
  private readonly holding = new Map<string, string>();

  constructor(
    private readonly media: BridgeMedia,
    /** The hold music file. */
    private readonly music: string,
    private readonly logger: Logger,
  ) {}

  /** Answers `party`'s re-INVITEs; `other` names the party it is talking to at that moment. */
  watch(party: HoldParty, other: () => string): void {
    party.dialog.on('modify', (req: Srf.SrfRequest, res: Srf.SrfResponse) => {
      void this.modified(party.tag, other(), req, res);
    });
  }

  /** The party left the call (transferred away): music it started stops. */
  async release(tag: string): Promise<void> {
    const listener = this.holding.get(tag);
    if (listener === undefined) return;
    this.holding.delete(tag);
    await this.media.stopPlaying(listener).catch(() => undefined);
  }

  private async modified(from: string, to: string, req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<void> {
    let sdp: string;
    try {
      sdp = await this.media.reoffer(from, to, req.body);
    } catch (error) {
      this.logger.warn(
        { err: error, callId: this.media.callId },
        're-INVITE not answered by the media engine',
      );
      res.send(488);
      return;
    }
    res.send(200, { body: sdp, headers: { 'Content-Type': 'application/sdp' } });
    try {
      if (isHold(req.body)) {
        if (this.holding.has(from)) return;
        this.holding.set(from, to);
        await this.media.playLoop(to, this.music);
      } else {
        await this.release(from);
      }
    } catch (error) {
      this.logger.warn({ err: error, callId: this.media.callId }, 'hold music not played');
    }
  }
}
