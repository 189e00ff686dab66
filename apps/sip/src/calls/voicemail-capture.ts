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
 * Takes a voicemail message on an answered call: greeting, beep, then the caller's words until `#`, hang-up (how
 * most messages end) or the box's longest message. The recording is stopped and deposited before this resolves,
 * so the caller must not delete the media session earlier. Silence is not detected while recording (the engine
 * renders captures only when they stop); instead the quiet end is cut off, so a caller who stays on the line
 * silent leaves a message as long as what they said.
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
    await media.waitForKey(finishKey, box.maxMessageSeconds * 1000);
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
