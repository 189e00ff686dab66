import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type EventType, newId, STORAGE, type StoragePort } from '@switchyard/contracts';
import { NotFoundError } from '@switchyard/errors';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import {
  type RecordingLayout,
  type RecordingMove,
  type RecordingSource,
  recordingStatusAfter,
} from '../domain';
import {
  type RecordingChanges,
  RecordingRepository,
  type RecordingRow,
} from '../infrastructure/recording.repository';
import { recordingResource } from './recording-resource';

export interface StartedRecording {
  readonly accountId: string;
  readonly callId: string;
  readonly source: RecordingSource;
  readonly layout: RecordingLayout;
  readonly at: Date;
}

export interface RecordedAudio {
  /** 16-bit PCM WAV, as the media engine returns it. */
  readonly wav: Uint8Array;
  readonly durationMs: number;
  readonly channels: number;
  readonly at: Date;
}

/** The storage key of a recording's WAV. */
export const recordingStorageKey = (accountId: string, recordingId: string) =>
  `recordings/${accountId}/${recordingId}.wav`;

/**
 * The records of call recordings, as the sip instance holding the call reports what its media engine does. Every
 * report after the first of its kind, or after the end, changes nothing, so reports may be repeated safely.
 */
@Injectable()
export class CallRecordings {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(RecordingRepository) private readonly recordings: RecordingRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Creates an in_progress Recording; returns its id. */
  async started(input: StartedRecording): Promise<{ recordingId: string }> {
    const now = this.clock.now();
    const recordingId = newId('recording', now.getTime());
    await this.recordings.create({
      id: recordingId,
      accountId: input.accountId,
      callId: input.callId,
      status: 'in_progress',
      source: input.source,
      layout: input.layout,
      channels: null,
      durationMs: null,
      storageKey: null,
      sizeBytes: null,
      failureReason: null,
      startedAt: input.at,
      endedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    return { recordingId };
  }

  async paused(recordingId: string, at: Date): Promise<void> {
    await this.move(recordingId, 'pause', async () => ({ updatedAt: at }));
  }

  async resumed(recordingId: string, at: Date): Promise<void> {
    await this.move(recordingId, 'resume', async () => ({ updatedAt: at }));
  }

  /**
   * Stores the WAV under `recordings/<accountId>/<recordingId>.wav`, marks the recording completed and publishes
   * `call.recording.completed` in the same transaction.
   */
  async completed(recordingId: string, audio: RecordedAudio): Promise<void> {
    await this.move(
      recordingId,
      'complete',
      async (recording) => {
        const stored = await this.storage.put(
          recordingStorageKey(recording.accountId, recording.id),
          audio.wav,
          'audio/wav',
        );
        return {
          channels: audio.channels,
          durationMs: audio.durationMs,
          storageKey: stored.key,
          sizeBytes: stored.sizeBytes,
          endedAt: audio.at,
          updatedAt: audio.at,
        };
      },
      'call.recording.completed',
    );
  }

  /** Marks the recording failed with the reason and publishes `call.recording.failed`. */
  async failed(recordingId: string, reason: string, at: Date): Promise<void> {
    await this.move(
      recordingId,
      'fail',
      async () => ({ failureReason: reason, endedAt: at, updatedAt: at }),
      'call.recording.failed',
    );
  }

  /** Fails the call's recordings still in progress or paused, e.g. when the instance holding it vanished. */
  async failedAllOfCall(accountId: string, callId: string, reason: string, at: Date): Promise<void> {
    for (const recording of await this.recordings.unfinishedOfCall(accountId, callId)) {
      await this.failed(recording.id, reason, at);
    }
  }

  /** Applies a move under the row lock, so concurrent reports of one recording apply in turn. */
  private async move(
    recordingId: string,
    move: RecordingMove,
    changes: (recording: RecordingRow) => Promise<Omit<RecordingChanges, 'status'>>,
    event?: EventType,
  ): Promise<void> {
    await this.database.transaction(async () => {
      const recording = await this.recordings.lockForWriter(recordingId);
      if (!recording) throw new NotFoundError('recording', recordingId);
      const status = recordingStatusAfter(recording.status, move);
      if (!status) return;
      const changed = { ...(await changes(recording)), status };
      await this.recordings.update(recording.accountId, recordingId, changed);
      if (!event) return;
      const updated = recordingResource({ ...recording, ...changed });
      await this.events.publish(recording.accountId, event, updated);
    });
  }
}
