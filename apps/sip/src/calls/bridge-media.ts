import { type MediaEngine, type MediaRecording, type RecordingLayout } from '@switchyard/contracts';
import { answeringDirection, mediaDirection, withDirection } from './sdp-direction';

/**
 * The media of a bridged call, anchored in the media engine: every party sends to and receives from the engine,
 * which is what lets one party be held, replaced (transfer) or recorded without the others noticing. Parties are
 * named by their SIP tags; the engine's call id is the caller's SIP Call-ID.
 */
export class BridgeMedia {
  /** The SDP each party gave last (offer or answer), to answer or offer on its behalf later. */
  private readonly sdpOf = new Map<string, string>();

  constructor(
    private readonly engine: MediaEngine,
    readonly callId: string,
    firstParty: { readonly tag: string; readonly sdp: string },
  ) {
    this.sdpOf.set(firstParty.tag, firstParty.sdp);
  }

  /** The SDP to offer a new party on behalf of `fromTag` (with the SDP it gave last). */
  async offer(fromTag: string): Promise<string> {
    return (await this.engine.offer({ callId: this.callId, fromTag, sdp: this.sdpOf.get(fromTag) ?? '' }))
      .sdp;
  }

  /** Connects `toTag`, which answered `fromTag`'s offer with `sdp`; resolves with the engine's SDP for `fromTag`. */
  async join(fromTag: string, toTag: string, sdp: string): Promise<string> {
    const answered = await this.engine.answer({ callId: this.callId, fromTag, toTag, sdp });
    this.sdpOf.set(toTag, sdp);
    return answered.sdp;
  }

  /** Connects `toTag` to `fromTag` again with the SDP it gave last (after an offer to another party came to nothing). */
  async rejoin(fromTag: string, toTag: string): Promise<void> {
    await this.join(fromTag, toTag, this.sdpOf.get(toTag) ?? '');
  }

  /**
   * A re-INVITE of `fromTag` in its dialog with `toTag`: offered to the engine and answered there on behalf of
   * `toTag` with its last SDP, so the other party needs no re-INVITE. Resolves with the engine's SDP to answer
   * `fromTag` with, in the direction RFC 3264 asks (recvonly to sendonly, inactive to inactive).
   */
  async reoffer(fromTag: string, toTag: string, sdp: string): Promise<string> {
    this.sdpOf.set(fromTag, sdp);
    await this.engine.offer({ callId: this.callId, fromTag, sdp });
    const offered = mediaDirection(sdp);
    // A party held with `inactive` still receives from the engine, so that hold music reaches it.
    const otherDirection = offered === 'inactive' ? 'recvonly' : answeringDirection(offered);
    const answered = await this.engine.answer({
      callId: this.callId,
      fromTag,
      toTag,
      sdp: withDirection(this.sdpOf.get(toTag) ?? '', otherDirection),
    });
    return withDirection(answered.sdp, answeringDirection(offered));
  }

  /** Plays `file` to the party `tag` until stopped. */
  async playLoop(tag: string, file: string): Promise<void> {
    await this.engine.playMedia({ callId: this.callId, legTag: tag, file, loop: true });
  }

  async stopPlaying(tag: string): Promise<void> {
    await this.engine.stopMedia(this.callId, tag);
  }

  async startRecording(): Promise<void> {
    await this.engine.startRecording(this.callId);
  }

  async stopRecording(layout: RecordingLayout): Promise<MediaRecording> {
    return this.engine.stopRecording({ callId: this.callId, layout });
  }

  /** Ends the engine's session; deleting one already gone succeeds. */
  async close(): Promise<void> {
    await this.engine.delete(this.callId);
  }
}
