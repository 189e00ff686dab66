import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { STORAGE, type StoragePort } from '@switchyard/contracts';
import { ConflictError, NotFoundError } from '@switchyard/errors';
import { type Page, type PageRequest } from '@switchyard/http';
import { isRecordingFinished } from '../domain';
import { RecordingRepository, type RecordingRow } from '../infrastructure/recording.repository';
import { CallVisibility } from './call-visibility';
import { CallService } from './call.service';

/** Reading, downloading and deleting call recordings; agents see those of the calls they see. */
@Injectable()
export class RecordingService {
  constructor(
    @Inject(RecordingRepository) private readonly recordings: RecordingRepository,
    @Inject(CallVisibility) private readonly visibility: CallVisibility,
    @Inject(CallService) private readonly calls: CallService,
    @Inject(STORAGE) private readonly storage: StoragePort,
  ) {}

  async list(
    principal: Principal,
    page: PageRequest,
    filter: { readonly callId?: string },
  ): Promise<Page<RecordingRow>> {
    return this.recordings.list(principal.accountId, page, {
      ...filter,
      ...(await this.visibility.of(principal)),
    });
  }

  /** The recordings of a call the principal sees; they see all of them, so no second visibility check. */
  async listOfCall(principal: Principal, callId: string, page: PageRequest): Promise<Page<RecordingRow>> {
    const call = await this.calls.get(principal, callId);
    return this.recordings.list(principal.accountId, page, { callId: call.id });
  }

  async get(principal: Principal, id: string): Promise<RecordingRow> {
    const recording = await this.recordings.find(
      principal.accountId,
      id,
      await this.visibility.of(principal),
    );
    if (!recording) throw new NotFoundError('recording', id);
    return recording;
  }

  /** The WAV of a completed recording. */
  async audio(principal: Principal, id: string): Promise<Uint8Array> {
    const recording = await this.get(principal, id);
    if (recording.status !== 'completed' || recording.storageKey === null) {
      throw new ConflictError(
        'recording_not_ready',
        `The recording is ${recording.status}; it has no audio.`,
        {
          currentStatus: recording.status,
        },
      );
    }
    const audio = await this.storage.get(recording.storageKey);
    if (!audio) throw new Error(`The audio of recording ${id} is missing from storage.`);
    return audio;
  }

  /**
   * Deletes a finished recording and its audio; one still being recorded cannot be deleted. Finished is final, so no
   * writer changes the recording meanwhile.
   */
  async delete(principal: Principal, id: string): Promise<void> {
    const recording = await this.get(principal, id);
    if (!isRecordingFinished(recording.status)) {
      throw new ConflictError(
        'recording_in_progress',
        'The recording is still going on; stop it before deleting it.',
        { currentStatus: recording.status },
      );
    }
    await this.recordings.delete(principal.accountId, id);
    // The record goes first: a failed delete leaves an unreferenced file, never a record without its audio.
    if (recording.storageKey !== null) await this.storage.delete(recording.storageKey);
  }
}
