/**
 * The media engine: anchors every call's RTP, plays prompts, detects and injects DTMF, records and measures.
 * A call has one media session with one leg per SIP party; each leg is named by its dialog tag, as in SIP.
 * Contexts depend on this port; the rtpengine adapter in @switchyard/media implements it.
 */

/** Per-leg media behaviour, given with the leg's offer or answer (and again with each re-offer). */
export interface MediaLegOptions {
  /**
   * Report in-band DTMF tones as digits: the engine transcodes them into RFC 2833 telephone-events, so the other
   * leg's answer must accept the telephone-event payload type the engine offered.
   */
  readonly detectInbandDtmf?: boolean;
  /** Allow `injectDtmf` from this leg: the engine then transcodes the leg's media to mix the digits in. */
  readonly allowDtmfInjection?: boolean;
  /** Start recording the call with this offer. */
  readonly record?: boolean;
}

export interface MediaOffer {
  readonly callId: string;
  /** The tag of the leg whose SDP this is (the SIP From-tag of the offering party). */
  readonly fromTag: string;
  /** The offering leg's SDP. */
  readonly sdp: string;
  readonly options?: MediaLegOptions;
}

export interface MediaAnswer {
  readonly callId: string;
  /** The tag of the leg that made the offer. */
  readonly fromTag: string;
  /** The tag of the leg whose SDP answer this is. */
  readonly toTag: string;
  readonly sdp: string;
  readonly options?: MediaLegOptions;
}

/** The SDP to hand to the other party: it points at the engine, not at the offering or answering phone. */
export interface MediaDescription {
  readonly sdp: string;
}

export interface PlayMediaRequest {
  readonly callId: string;
  /** The leg that hears the file. */
  readonly legTag: string;
  /** Absolute path of a WAV file (16-bit linear or G.711) readable by the engine. */
  readonly file: string;
  /** Repeat the file until stopped (hold music, ringback). */
  readonly loop?: boolean;
}

export interface PlayingMedia {
  /** Length of one play of the file. */
  readonly durationMs: number;
}

export type DtmfDigit =
  '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';

export interface InjectDtmfRequest {
  readonly callId: string;
  /** The leg the digits appear to come from; the other leg receives them. */
  readonly fromLegTag: string;
  readonly digits: string;
  /** Length of each digit, 100 ms by default. */
  readonly durationMs?: number;
}

export interface DtmfEvent {
  readonly callId: string;
  /** The leg that sent the digit. */
  readonly legTag: string;
  readonly digit: DtmfDigit;
  readonly durationMs: number;
  /** Wall-clock time the engine saw the digit. */
  readonly at: Date;
}

export type DtmfListener = (event: DtmfEvent) => void;

/** How a recording's parties end up in the WAV. */
export type RecordingLayout = 'mixed' | 'channel-per-party';

export interface StopRecordingRequest {
  readonly callId: string;
  readonly layout?: RecordingLayout;
}

export interface MediaRecording {
  /** A 16-bit PCM WAV at 8 kHz: mono for `mixed`, else one channel per leg in `channels` order. */
  readonly wav: Uint8Array;
  readonly durationMs: number;
  /** Leg tags of the channels (for `mixed`, every party heard in its one channel). */
  readonly channels: readonly string[];
}

/** When a leg counts as silent; see `MediaEngine.watchSilence`. */
export interface SilenceWatchOptions {
  /** How long the leg must stay quiet. */
  readonly silenceMs: number;
  /** Audio below this level is silence; -40 dBFS by default. */
  readonly thresholdDbfs?: number;
}

export interface LegMediaStats {
  readonly legTag: string;
  /** What the engine received from this leg. */
  readonly packets: number;
  readonly bytes: number;
  readonly errors: number;
}

/** Quality of one RTP stream as measured from RTCP reports; present only when the parties send RTCP. */
export interface StreamQuality {
  readonly ssrc: number;
  /** Mean opinion score from 1.0 to 5.0. */
  readonly mos: number;
  readonly jitterMs: number;
  readonly packetLossPercent: number;
  readonly roundTripMs: number;
  readonly packetsLost: number;
}

export interface MediaStats {
  readonly packets: number;
  readonly bytes: number;
  readonly errors: number;
  readonly legs: readonly LegMediaStats[];
  readonly quality: readonly StreamQuality[];
}

export interface MediaEngine {
  /** Creates the call's media session with its first offer, or updates it with a re-offer (hold, re-INVITE). */
  offer(offer: MediaOffer): Promise<MediaDescription>;
  answer(answer: MediaAnswer): Promise<MediaDescription>;
  /** Ends the call's media session; deleting a session the engine no longer knows succeeds. */
  delete(callId: string): Promise<void>;
  playMedia(request: PlayMediaRequest): Promise<PlayingMedia>;
  stopMedia(callId: string, legTag: string): Promise<void>;
  injectDtmf(request: InjectDtmfRequest): Promise<void>;
  /** Digits sent by any leg of the call, until the returned function is called or the session is deleted. */
  onDtmf(callId: string, listener: DtmfListener): () => void;
  startRecording(callId: string): Promise<void>;
  /** Stops recording and returns what was captured since the recording started. */
  stopRecording(request: StopRecordingRequest): Promise<MediaRecording>;
  /**
   * While the call is recorded, calls `onSilence` once `legTag` has sent nothing louder than the threshold (or
   * nothing at all) for `silenceMs`, counted from the call of this method or the last sound. The engine may see
   * sound up to about half a second late, so the call can come that much late, or early when the leg stops sending
   * right after speaking. Watching ends after the call, with the returned function, when the recording stops or when
   * the session is deleted.
   */
  watchSilence(
    callId: string,
    legTag: string,
    options: SilenceWatchOptions,
    onSilence: () => void,
  ): () => void;
  stats(callId: string): Promise<MediaStats>;
}

/** Dependency-injection token under which apps provide their media engine. */
export const MEDIA_ENGINE = Symbol('MEDIA_ENGINE');

/** The engine did not answer in time or could not be reached; the call may be retried or failed over. */
export class MediaEngineUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MediaEngineUnavailableError';
  }
}

/** The engine answered but refused the request (unknown call, bad SDP, missing file). */
export class MediaRequestRefusedError extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
    this.name = 'MediaRequestRefusedError';
  }
}
