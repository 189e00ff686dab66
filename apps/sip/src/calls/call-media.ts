import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type Prompt } from '@switchyard/call-flows';
import { type MediaEngine, type MediaRecording } from '@switchyard/contracts';
import { callerLegOptions, measureAndDelete, type MediaMeasurements } from './bridge-media';
import { withDirection } from './sdp-direction';

/** The media engine's label for the silent party a caller is connected to while only prompts talk to them. */
const promptSideTag = 'prompts';

export interface GatherRequest {
  readonly prompt: Prompt;
  readonly timeoutSeconds: number;
  readonly interDigitTimeoutSeconds: number;
  readonly maxDigits: number;
  readonly finishOnKey?: string;
}

/** The WAVs a call plays: prompts of the call's account, and the generated tones. */
export interface PromptFiles {
  /** Null when the prompt has no file (an uploaded file that is gone). */
  fileOf(prompt: Prompt): Promise<string | null>;
  readonly beep: string;
  readonly holdMusic: string;
}

/**
 * An SDP answer to the media engine's offer for the far side that receives and sends nothing useful: the discard
 * port, same codecs (the telephone-event type the engine offered included, so that a caller's in-band tones are
 * turned into events). The caller's leg is anchored while prompts talk to it; a callee replaces this side later.
 */
function silentSideAnswer(offer: string): string {
  return withDirection(
    offer.replace(/^c=IN IP4 \S+/gm, 'c=IN IP4 127.0.0.1').replace(/^m=audio \d+/m, 'm=audio 9'),
    'sendrecv',
  );
}

/**
 * The media of one call from the carrier, anchored in the media engine: the caller's leg answered with the engine's
 * SDP, prompts played to it, digits it presses, and the callee's leg joined to it when the flow rings someone.
 * Every wait ends early when the call does (`signal`).
 */
export class CallMedia {
  private readonly pressed: string[] = [];
  private readonly digitWaiters = new Set<() => void>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly engine: MediaEngine,
    private readonly prompts: PromptFiles,
    /** The media engine's call id: the caller's SIP Call-ID. */
    private readonly callId: string,
    private readonly callerTag: string,
    private readonly callerSdp: string,
    private readonly signal: AbortSignal,
    private readonly measurements: MediaMeasurements,
  ) {
    this.unsubscribe = engine.onDtmf(callId, (event) => {
      if (event.legTag !== callerTag) return;
      this.pressed.push(event.digit);
      for (const waiter of this.digitWaiters) waiter();
    });
  }

  /** The SDP to answer the caller with. */
  async answerCaller(): Promise<string> {
    const options = callerLegOptions(this.callerSdp);
    const offered = await this.engine.offer({
      callId: this.callId,
      fromTag: this.callerTag,
      sdp: this.callerSdp,
      ...(options && { options }),
    });
    const answered = await this.engine.answer({
      callId: this.callId,
      fromTag: this.callerTag,
      toTag: promptSideTag,
      sdp: silentSideAnswer(offered.sdp),
    });
    return answered.sdp;
  }

  /** Plays a prompt to the caller and resolves when it has been heard (or the call ended). */
  async play(prompt: Prompt): Promise<void> {
    const { durationMs } = await this.startPrompt(prompt);
    await this.wait(durationMs);
  }

  /**
   * Plays the prompt and collects digits: pressing a key stops the prompt; the first key may come until
   * `timeoutSeconds` after the prompt, each next one within `interDigitTimeoutSeconds`. Resolves with the digits
   * (without the finishing key), empty when none were pressed.
   */
  async gather(request: GatherRequest): Promise<string> {
    this.pressed.length = 0;
    const { durationMs } = await this.startPrompt(request.prompt);
    const firstKey = await this.nextDigit(durationMs + request.timeoutSeconds * 1000);
    if (firstKey !== null) await this.engine.stopMedia(this.callId, this.callerTag).catch(() => undefined);
    let digits = '';
    for (
      let key = firstKey;
      key !== null;
      key = await this.nextDigit(request.interDigitTimeoutSeconds * 1000)
    ) {
      if (key === request.finishOnKey) break;
      digits += key;
      if (digits.length >= request.maxDigits) break;
    }
    return digits;
  }

  /** Plays the beep before a recording and resolves when it has been heard (or the call ended). */
  async beep(): Promise<void> {
    const { durationMs } = await this.playToCaller(this.prompts.beep);
    await this.wait(durationMs);
  }

  /** Plays hold music over and over until `stopPlaying`: the prompt, or the default music without one. */
  async loopHoldMusic(prompt: Prompt | undefined): Promise<void> {
    const file = prompt === undefined ? null : await this.prompts.fileOf(prompt);
    await this.playToCaller(file ?? this.prompts.holdMusic, true);
  }

  async stopPlaying(): Promise<void> {
    await this.engine.stopMedia(this.callId, this.callerTag);
  }

  /**
   * Resolves true when the caller presses `key` within `timeoutMs`, false at the timeout, when the call ends or when
   * `until` aborts.
   */
  async waitForKey(key: string, timeoutMs: number, until?: AbortSignal): Promise<boolean> {
    this.pressed.length = 0;
    const deadline = performance.now() + timeoutMs;
    while (!this.signal.aborted && !until?.aborted) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) return false;
      const pressed = await this.nextDigit(remaining, until);
      if (pressed === key) return true;
    }
    return false;
  }

  /** Calls `onSilence` once the caller, being recorded, has been quiet for `silenceMs`; the result stops watching. */
  watchCallerSilence(silenceMs: number, onSilence: () => void): () => void {
    return this.engine.watchSilence(this.callId, this.callerTag, { silenceMs }, onSilence);
  }

  /** Records what the caller says from now on. */
  async startRecording(): Promise<void> {
    await this.engine.startRecording(this.callId);
  }

  /** The recording since `startRecording`, as one mono WAV (only the caller talks while prompts hold the other side). */
  async stopRecording(): Promise<MediaRecording> {
    return this.engine.stopRecording({ callId: this.callId, layout: 'mixed' });
  }

  /** Ends the engine's session (callees joined it too), recording what it measured. */
  async close(): Promise<void> {
    this.unsubscribe();
    await measureAndDelete(
      this.engine,
      this.callId,
      (tag) => (tag === this.callerTag ? 'caller' : tag === promptSideTag ? null : 'callee'),
      this.measurements,
    );
  }

  /** Starts the prompt; one without a file is skipped (it lasts no time), so the call goes on without it. */
  private async startPrompt(prompt: Prompt): Promise<{ durationMs: number }> {
    const file = await this.prompts.fileOf(prompt);
    return file === null ? { durationMs: 0 } : this.playToCaller(file);
  }

  private async playToCaller(file: string, loop = false): Promise<{ durationMs: number }> {
    return this.engine.playMedia({
      callId: this.callId,
      legTag: this.callerTag,
      file: path.resolve(file),
      ...(loop && { loop }),
    });
  }

  /** The next key pressed within `timeoutMs` (and before `until` aborts), or null. */
  private async nextDigit(timeoutMs: number, until?: AbortSignal): Promise<string | null> {
    const waiting = this.pressed.shift();
    if (waiting !== undefined) return waiting;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.digitWaiters.delete(done);
        this.signal.removeEventListener('abort', done);
        until?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      this.digitWaiters.add(done);
      this.signal.addEventListener('abort', done);
      until?.addEventListener('abort', done);
    });
    return this.pressed.shift() ?? null;
  }

  private async wait(ms: number): Promise<void> {
    await delay(ms, undefined, { signal: this.signal }).catch(() => undefined);
  }
}
