/**
 * Text-to-speech for prompts: turns text into a WAV the media engine plays by path (see `PlayMediaRequest.file`).
 * Contexts depend on this port; the espeak-ng adapter in @switchyard/speech is the embedded default.
 */
export interface SpeechRequest {
  readonly text: string;
  /** An engine-specific voice name (for espeak-ng a variant such as `f3`); the engine's default when absent. */
  readonly voice?: string;
  /** A BCP 47 language tag such as `en-US`; the adapter's default when absent. */
  readonly language?: string;
}

export interface SynthesizedSpeech {
  /** Absolute path of an 8 kHz mono WAV, ready for the media engine; it stays in place while cached. */
  readonly file: string;
  readonly durationMs: number;
}

export interface TextToSpeech {
  /** Synthesizes the text once; asking again for the same text, voice and language returns the same file. */
  synthesize(request: SpeechRequest): Promise<SynthesizedSpeech>;
}

/** Dependency-injection token under which apps provide their text-to-speech engine. */
export const TEXT_TO_SPEECH = Symbol('TEXT_TO_SPEECH');
