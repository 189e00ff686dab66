import { type Prompt } from '@switchyard/call-flows';
import { type Logger } from '@switchyard/logging';
import { trimTrailingSilence } from '@switchyard/media';
import { type CallMedia } from './call-media';

/** A box's settings as `VoicemailBoxes.settingsOf` of @switchyard/voicemail answers them. */
export interface VoicemailBoxSettings {
  readonly greeting: Prompt | null;
  readonly maxMessageSeconds: number;
}

/** The parts of @switchyard/voicemail a call needs: the box's settings, and where the message goes. */
export interface VoicemailBoxLookup {
  settingsOf(accountId: string, boxId: string): Promise<VoicemailBoxSettings | null>;
}
export interface VoicemailDepositor {
  deposit(message: {
    accountId: string;
    boxId: string;
    callId: string;
    from: string;
    to: string;
    wav: Uint8Array;
    durationMs: number;
  }): Promise<{ voicemailId: string }>;
}

export interface VoicemailRequest {
  readonly accountId: string;
  readonly boxId: string;
  readonly callId: string;
  readonly from: string;
  readonly to: string;
  /** The flow node's greeting, before the box's own. */
  readonly greeting?: Prompt;
  readonly beep: boolean;
}

export const defaultGreeting: Prompt = {
  type: 'tts',
  text: 'The person you called is not available. Please leave a message after the tone.',
};

/** Shorter messages (after the quiet end is cut off) are hang-ups after the beep, not messages. */
export const minimumMessageMs = 1_000;

/** Ends a message when the caller presses it. */
const finishKey = '#';

/**
 * A message ends after the caller has been quiet this long. It counts from the beep as well: a caller who says
 * nothing for as long has nothing to say, and leaves (with the message discarded as too short) instead of holding
 * the line until the box's longest message.
 */
export const messageSilenceMs = 5_000;

/**
 * Takes a voicemail message on an answered call: greeting, beep, then the caller's words until `#`, hang-up (how
 * most messages end), {@link messageSilenceMs} of silence or the box's longest message. The recording is stopped
 * and deposited before this resolves, so the caller must not delete the media session earlier. The quiet end
 * (the silence that ended the message, or what the caller left before hanging up) is cut off.
 */
export class VoicemailCapture {
  constructor(
    private readonly boxes: VoicemailBoxLookup,
    private readonly deposits: VoicemailDepositor,
    private readonly logger: Logger,
  ) {}

  /** Resolves once the message is deposited, discarded or refused; never rejects for a failed deposit. */
  async take(media: CallMedia, request: VoicemailRequest, hungUp: AbortSignal): Promise<void> {
    const box = await this.boxes.settingsOf(request.accountId, request.boxId);
    if (box === null) {
      this.logger.warn(
        { callId: request.callId, boxId: request.boxId },
        'voicemail box not found; no message',
      );
      return;
    }
    await media.play(request.greeting ?? box.greeting ?? defaultGreeting);
    if (request.beep && !hungUp.aborted) await media.beep();
    if (hungUp.aborted) return;
    await media.startRecording();
    this.logger.debug({ callId: request.callId, boxId: request.boxId }, 'voicemail recording started');
    const silent = new AbortController();
    const stopWatching = media.watchCallerSilence(messageSilenceMs, () => silent.abort());
    try {
      await media.waitForKey(finishKey, box.maxMessageSeconds * 1000, silent.signal);
    } finally {
      stopWatching();
    }
    if (silent.signal.aborted) this.logger.debug({ callId: request.callId }, 'voicemail ended by silence');
    const recording = await media.stopRecording();
    const message = trimTrailingSilence(recording.wav);
    if (message.durationMs < minimumMessageMs) {
      this.logger.info(
        { callId: request.callId, durationMs: message.durationMs },
        'voicemail too short; discarded',
      );
      return;
    }
    try {
      const { voicemailId } = await this.deposits.deposit({
        accountId: request.accountId,
        boxId: request.boxId,
        callId: request.callId,
        from: request.from,
        to: request.to,
        wav: message.wav,
        durationMs: message.durationMs,
      });
      this.logger.info({ callId: request.callId, voicemailId }, 'voicemail deposited');
    } catch (error) {
      this.logger.error(
        { err: error, callId: request.callId, boxId: request.boxId },
        'voicemail not deposited',
      );
    }
  }
}
