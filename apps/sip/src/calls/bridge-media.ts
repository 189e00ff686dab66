import { type CallRecord } from '@switchyard/calls';
import {
  type MediaEngine,
  type MediaLegOptions,
  type MediaRecording,
  type RecordingLayout,
} from '@switchyard/contracts';
import { type Logger } from '@switchyard/logging';
import { answeringDirection, mediaDirection, withDirection } from './sdp-direction';

/** Where what the media engine measured over a call goes when the call's media session is deleted. */
export interface MediaMeasurements {
  readonly record: Pick<CallRecord, 'mediaMeasured'>;
  readonly logger: Logger;
}

/** How long deleting a session waits for the engine's measurements; they are not worth holding a call's end up. */
const statsTimeoutMs = 500;

/**
 * Deletes the call's media session, first recording what the engine measured over it (`roleOf` names the party of
 * each engine leg tag). Measurements that fail or do not come in time are logged and left out.
 */
export async function measureAndDelete(
  engine: MediaEngine,
  callId: string,
  roleOf: Parameters<CallRecord['mediaMeasured']>[1],
  measurements: MediaMeasurements,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no media stats within ${statsTimeoutMs} ms`)), statsTimeoutMs);
  });
  try {
    measurements.record.mediaMeasured(await Promise.race([engine.stats(callId), timedOut]), roleOf);
  } catch (error) {
    measurements.logger.warn({ err: error, sipCallId: callId }, 'media stats not taken');
  } finally {
    clearTimeout(timer);
  }
  await engine.delete(callId);
}

/**
 * The options of the caller's leg: a caller whose SDP offers no telephone-event sends its keys as in-band tones, so
 * the engine is asked to turn them into events, which is how its DTMF listeners hear them.
 */
export function callerLegOptions(callerSdp: string): MediaLegOptions | undefined {
  return /^a=rtpmap:\d+ telephone-event\//im.test(callerSdp) ? undefined : { detectInbandDtmf: true };
}

/**
 * The media of a bridged call, anchored in the media engine: every party sends to and receives from the engine,
 * which is what lets one party be held, replaced (transfer) or recorded without the others noticing. Parties are
 * named by their SIP tags; the engine's call id is the caller's SIP Call-ID.
 */
export class BridgeMedia {
  /** The SDP each party gave last (offer or answer), to answer or offer on its behalf later. */
  private readonly sdpOf = new Map<string, string>();

  private readonly callerTag: string;

  constructor(
    private readonly engine: MediaEngine,
    readonly callId: string,
    /** The caller. */
    firstParty: { readonly tag: string; readonly sdp: string },
    private readonly measurements: MediaMeasurements,
  ) {
    this.callerTag = firstParty.tag;
    this.sdpOf.set(firstParty.tag, firstParty.sdp);
  }

  /** The SDP to offer a new party on behalf of `fromTag` (with the SDP it gave last). */
  async offer(fromTag: string): Promise<string> {
    const sdp = this.sdpOf.get(fromTag) ?? '';
    return (await this.engine.offer({ callId: this.callId, fromTag, sdp, ...this.optionsOf(fromTag, sdp) }))
      .sdp;
  }

  /** Connects `toTag`, which answered `fromTag`'s offer with `sdp`; resolves with the engine's SDP for `fromTag`. */
  async join(fromTag: string, toTag: string, sdp: string): Promise<string> {
    const answered = await this.engine.answer({
      callId: this.callId,
      fromTag,
      toTag,
      sdp,
      ...this.optionsOf(toTag, sdp),
    });
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
    await this.engine.offer({ callId: this.callId, fromTag, sdp, ...this.optionsOf(fromTag, sdp) });
    const offered = mediaDirection(sdp);
    // A party held with `inactive` still receives from the engine, so that hold music reaches it.
    const otherDirection = offered === 'inactive' ? 'recvonly' : answeringDirection(offered);
    const otherSdp = this.sdpOf.get(toTag) ?? '';
    const answered = await this.engine.answer({
      callId: this.callId,
      fromTag,
      toTag,
      sdp: withDirection(otherSdp, otherDirection),
      ...this.optionsOf(toTag, otherSdp),
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

  /** Ends the engine's session, recording what it measured; deleting one already gone succeeds. */
  async close(): Promise<void> {
    await measureAndDelete(
      this.engine,
      this.callId,
      (tag) => (tag === this.callerTag ? 'caller' : 'callee'),
      this.measurements,
    );
  }

  /** The leg options to give with `tag`'s SDP: the caller's are kept on every offer and answer of its leg. */
  private optionsOf(tag: string, sdp: string): { options?: MediaLegOptions } {
    const options = tag === this.callerTag ? callerLegOptions(sdp) : undefined;
    return options === undefined ? {} : { options };
  }
}
