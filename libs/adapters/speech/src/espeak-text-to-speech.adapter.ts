import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { type SpeechRequest, type SynthesizedSpeech, type TextToSpeech } from '@switchyard/contracts';
import { type CommandRunner, execFileRunner } from './command-runner';
import {
  convertAudio,
  defaultAudioToolTimeoutMs,
  readWavDurationMs,
  telephonyWavOptions,
} from './telephony-audio';

export interface EspeakTextToSpeechOptions {
  /** Where synthesized prompts are kept, one WAV per prompt; created when missing. */
  readonly cacheDirectory: string;
  /** Language of requests that name none; `en-US` by default. */
  readonly defaultLanguage?: string;
  /** Longest time one run of espeak-ng or sox may take. */
  readonly timeoutMs?: number;
  readonly runner?: CommandRunner;
}

/** What a cached prompt depends on: any change yields another file. */
export interface PromptIdentity {
  readonly text: string;
  readonly voice: string | null;
  readonly language: string;
  readonly engineVersion: string;
  /** The sox output options, so a file cached in an earlier format is never served as the current one. */
  readonly format: string;
}

/** The request cannot be synthesized as given (empty text, malformed voice or language). */
export class InvalidSpeechRequestError extends Error {
  constructor(readonly reason: string) {
    super(`cannot synthesize: ${reason}`);
    this.name = 'InvalidSpeechRequestError';
  }
}

const languagePattern = /^[a-z]{2,3}(-[a-z0-9]{1,8})*$/i;
const voicePattern = /^[a-z0-9_-]{1,40}$/i;

/** Hex SHA-256 of the prompt; a JSON array keeps fields from running into each other. */
export function promptCacheKey(prompt: PromptIdentity): string {
  const identity = [prompt.format, prompt.engineVersion, prompt.language, prompt.voice, prompt.text];
  return createHash('sha256').update(JSON.stringify(identity)).digest('hex');
}

/**
 * Text-to-speech with espeak-ng, resampled by sox into the telephony WAV. Each prompt is synthesized once: the
 * file is kept under a hash of what it depends on, and concurrent requests for a prompt share one synthesis.
 * Files are renamed into place whole, so several processes may share the cache directory.
 */
export class EspeakTextToSpeech implements TextToSpeech {
  private readonly cacheDirectory: string;
  private readonly defaultLanguage: string;
  private readonly timeoutMs: number;
  private readonly runner: CommandRunner;
  private readonly synthesizing = new Map<string, Promise<SynthesizedSpeech>>();
  private engineVersion: Promise<string> | null = null;

  constructor(options: EspeakTextToSpeechOptions) {
    this.cacheDirectory = path.resolve(options.cacheDirectory);
    this.defaultLanguage = options.defaultLanguage ?? 'en-US';
    this.timeoutMs = options.timeoutMs ?? defaultAudioToolTimeoutMs;
    this.runner = options.runner ?? execFileRunner;
  }

  async synthesize(request: SpeechRequest): Promise<SynthesizedSpeech> {
    const text = request.text.trim();
    const language = (request.language ?? this.defaultLanguage).toLowerCase();
    const voice = request.voice ?? null;
    if (text === '') throw new InvalidSpeechRequestError('the text is empty');
    if (!languagePattern.test(language))
      throw new InvalidSpeechRequestError(`"${language}" is not a language tag`);
    if (voice !== null && !voicePattern.test(voice))
      throw new InvalidSpeechRequestError(`"${voice}" is not a voice name`);

    const prompt: PromptIdentity = {
      text,
      voice,
      language,
      engineVersion: await this.readEngineVersion(),
      format: telephonyWavOptions.join(' '),
    };
    const key = promptCacheKey(prompt);
    const running = this.synthesizing.get(key);
    if (running) return running;
    const synthesis = this.cachedOrSynthesized(key, prompt).finally(() => this.synthesizing.delete(key));
    this.synthesizing.set(key, synthesis);
    return synthesis;
  }

  private async cachedOrSynthesized(key: string, prompt: PromptIdentity): Promise<SynthesizedSpeech> {
    const file = path.join(this.cacheDirectory, `${key}.wav`);
    try {
      return { file, durationMs: await readWavDurationMs(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await mkdir(this.cacheDirectory, { recursive: true });
    const spoken = path.join(this.cacheDirectory, `${key}.${randomUUID()}.espeak.wav`);
    // espeak-ng names a voice variant after the language ("en-us+f3"); "--" keeps text starting with "-" as text.
    const espeakVoice = prompt.voice === null ? prompt.language : `${prompt.language}+${prompt.voice}`;
    try {
      await this.runner('espeak-ng', ['-v', espeakVoice, '-w', spoken, '--', prompt.text], this.timeoutMs);
      return await convertAudio(spoken, file, { runner: this.runner, timeoutMs: this.timeoutMs });
    } finally {
      await rm(spoken, { force: true });
    }
  }

  /** The first line of `espeak-ng --version`, read once; a failed read is tried again on the next request. */
  private readEngineVersion(): Promise<string> {
    this.engineVersion ??= this.runner('espeak-ng', ['--version'], this.timeoutMs).then(
      ({ stdout }) => stdout.split('\n')[0]!.trim(),
      (error: unknown) => {
        this.engineVersion = null;
        throw error;
      },
    );
    return this.engineVersion;
  }
}
