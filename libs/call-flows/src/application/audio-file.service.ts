import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId, STORAGE, type StoragePort } from '@switchyard/contracts';
import { NotFoundError, ValidationError } from '@switchyard/errors';
import { type PageRequest } from '@switchyard/http';
import { Database } from '@switchyard/prisma';
import {
  AUDIO_UPLOAD_CONTENT_TYPES,
  AUDIO_UPLOAD_FORMATS,
  audioContentTypeOf,
  MAX_AUDIO_UPLOAD_BYTES,
} from '../domain/audio-library';
import { type AudioFileRecord, AudioFileRepository } from '../infrastructure/audio-file.repository';
import { FlowUsages } from '../infrastructure/flow-usages';
import { VoicemailGreetings } from '../infrastructure/voicemail-greetings.adapter';
import {
  AudioFileInUseError,
  AudioTooLargeError,
  UnreadableAudioError,
  UnsupportedAudioTypeError,
} from './call-flows.errors';
import { AUDIO_TRANSCODER, type AudioTranscoder } from './call-flows.ports';

export interface AudioUpload {
  readonly name: string;
  /** The request's Content-Type header. */
  readonly contentType: string | undefined;
  readonly body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>;
}

/** Where an audio file's objects live in storage: the upload as received, and the WAV calls play. */
export const audioStorageKeys = (accountId: string, audioId: string) => ({
  original: `audio/${accountId}/${audioId}/original`,
  converted: `audio/${accountId}/${audioId}.wav`,
});

/** Reads the body up to the limit, so an oversized upload is never held in memory whole. */
async function readAtMost(
  body: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  limit: number,
): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > limit) throw new AudioTooLargeError(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The audio library: uploads converted once to the telephony WAV, which flows and greetings play. */
@Injectable()
export class AudioFileService {
  constructor(
    @Inject(AudioFileRepository) private readonly audioFiles: AudioFileRepository,
    @Inject(FlowUsages) private readonly flowUsages: FlowUsages,
    @Inject(VoicemailGreetings) private readonly greetings: VoicemailGreetings,
    @Inject(AUDIO_TRANSCODER) private readonly transcoder: AudioTranscoder,
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(Database) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The type is checked before a byte is read (415); nothing is stored unless the conversion succeeds. */
  async upload(principal: Principal, upload: AudioUpload): Promise<AudioFileRecord> {
    const contentType = audioContentTypeOf(upload.contentType);
    const format = AUDIO_UPLOAD_FORMATS[contentType];
    if (format === undefined) throw new UnsupportedAudioTypeError(contentType, AUDIO_UPLOAD_CONTENT_TYPES);
    const original = await readAtMost(upload.body, MAX_AUDIO_UPLOAD_BYTES);
    if (original.byteLength === 0) {
      throw new ValidationError([
        { field: 'content', code: 'audio_empty', message: 'The upload has no content.' },
      ]);
    }
    const converted = await this.transcoder.toTelephonyWav(original, format);
    if (converted === null) throw new UnreadableAudioError(contentType);

    const now = this.clock.now();
    const id = newId('audioFile', now.getTime());
    const keys = audioStorageKeys(principal.accountId, id);
    await this.storage.put(keys.original, original, contentType);
    const stored = await this.storage.put(keys.converted, converted.wav, 'audio/wav');
    try {
      return await this.audioFiles.create({
        id,
        accountId: principal.accountId,
        name: upload.name,
        originalContentType: contentType,
        originalSizeBytes: original.byteLength,
        originalStorageKey: keys.original,
        storageKey: stored.key,
        sizeBytes: stored.sizeBytes,
        durationMs: converted.durationMs,
        sha256: stored.sha256,
        createdAt: now,
      });
    } catch (error) {
      await this.removeObjects(keys.original, keys.converted);
      throw error;
    }
  }

  list(principal: Principal, page: PageRequest) {
    return this.audioFiles.list(principal.accountId, page);
  }

  async get(principal: Principal, audioId: string): Promise<AudioFileRecord> {
    const audio = await this.audioFiles.find(principal.accountId, audioId);
    if (!audio) throw new NotFoundError('audio_file', audioId);
    return audio;
  }

  async rename(principal: Principal, audioId: string, name: string): Promise<AudioFileRecord> {
    await this.get(principal, audioId);
    await this.audioFiles.rename(principal.accountId, audioId, name);
    return this.get(principal, audioId);
  }

  /** The converted WAV. */
  async content(principal: Principal, audioId: string): Promise<Uint8Array> {
    const audio = await this.get(principal, audioId);
    const content = await this.storage.get(audio.storageKey);
    if (content === null) throw new Error(`The stored WAV of ${audioId} is missing`);
    return content;
  }

  /** Refused while a flow's draft or current version, or a voicemail greeting, plays the file. */
  async delete(principal: Principal, audioId: string): Promise<void> {
    const { accountId } = principal;
    const audio = await this.database.transaction(async () => {
      const found = await this.get(principal, audioId);
      const flowIds = await this.flowUsages.flowsUsing(accountId, audioId);
      const boxIds = await this.greetings.boxesGreetingWith(accountId, audioId);
      if (flowIds.length > 0 || boxIds.length > 0) throw new AudioFileInUseError(flowIds, boxIds);
      await this.audioFiles.delete(accountId, audioId);
      return found;
    });
    await this.removeObjects(audio.originalStorageKey, audio.storageKey);
  }

  private async removeObjects(...keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => this.storage.delete(key)));
  }
}
