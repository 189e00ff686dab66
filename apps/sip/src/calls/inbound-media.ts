import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type Prompt } from '@switchyard/call-flows';
import { type SipConfig } from '@switchyard/config';
import { type TextToSpeech } from '@switchyard/contracts';
import { type Logger } from '@switchyard/logging';
import { RtpengineMediaEngine, toneSequenceWav, voicemailBeep } from '@switchyard/media';
import { EspeakTextToSpeech } from '@switchyard/speech';
import { type PromptFiles } from './call-media';
import { holdMusic } from './hold-music';
import { type InboundMedia } from './inbound-calls';

export const INBOUND_MEDIA = Symbol('INBOUND_MEDIA');

/** Uploaded audio prompts as local WAVs (`AudioPromptFiles` of @switchyard/call-flows). */
export interface AudioPromptLookup {
  localPathOf(accountId: string, audioId: string): Promise<string | null>;
}

/**
 * The WAVs prompts play: text synthesized (and cached) by the text-to-speech engine, uploads from the account's
 * audio library. An upload that is gone (deleted since the flow was published) is skipped with a warning rather
 * than ending the call: a missing greeting is better than a dropped caller.
 */
export class PromptLibrary {
  constructor(
    private readonly speech: TextToSpeech,
    private readonly audio: AudioPromptLookup,
    private readonly tones: { readonly beep: string; readonly holdMusic: string },
    private readonly logger: Logger,
  ) {}

  forAccount(accountId: string): PromptFiles {
    return { fileOf: (prompt) => this.fileOf(accountId, prompt), ...this.tones };
  }

  private async fileOf(accountId: string, prompt: Prompt): Promise<string | null> {
    if (prompt.type === 'audio') {
      const file = await this.audio.localPathOf(accountId, prompt.audioId).catch((error: unknown) => {
        this.logger.warn({ err: error, accountId, audioId: prompt.audioId }, 'audio prompt unreadable');
        return null;
      });
      if (file === null)
        this.logger.warn({ accountId, audioId: prompt.audioId }, 'audio prompt missing; skipped');
      return file;
    }
    const speech = await this.speech.synthesize({
      text: prompt.text,
      ...(prompt.voice !== undefined && { voice: prompt.voice }),
      ...(prompt.language !== undefined && { language: prompt.language }),
    });
    return speech.file;
  }
}

/** Writes the voicemail beep into the prompt directory; renamed into place, so instances may share it. */
async function beepFile(directory: string): Promise<string> {
  await mkdir(directory, { recursive: true });
  const file = path.resolve(directory, 'voicemail-beep-v2.wav');
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, toneSequenceWav(voicemailBeep));
  await rename(temporary, file);
  return file;
}

/** rtpengine and espeak-ng prompts when the config names rtpengine; null otherwise (calls carry no media). */
export async function startMedia(
  config: SipConfig,
  audio: AudioPromptLookup,
  logger: Logger,
): Promise<(InboundMedia & { close(): Promise<void> }) | null> {
  const media = config.calls.media;
  if (media === undefined) return null;
  const [beep, music] = await Promise.all([
    beepFile(media.promptDirectory),
    holdMusic(media.promptDirectory),
  ]);
  const engine = await RtpengineMediaEngine.start({
    ngHost: media.ngHost,
    ngPort: media.ngPort,
    dtmfLogHost: media.dtmfLogHost,
    dtmfLogPort: media.dtmfLogPort,
    recordingDirectory: media.recordingDirectory,
  });
  return {
    engine,
    prompts: new PromptLibrary(
      new EspeakTextToSpeech({ cacheDirectory: media.promptDirectory }),
      audio,
      { beep, holdMusic: music },
      logger,
    ),
    holdMusic: music,
    close: () => engine.close(),
  };
}
