import { type CalledNumber, type CallControlReply, type CallRecordings } from '@switchyard/calls';
import { type Clock, type MediaRecording, type RecordingLayout } from '@switchyard/contracts';
import { type Logger } from '@switchyard/logging';
import { concatWavs, wavFormat } from '@switchyard/media';
import { type BridgeMedia } from './bridge-media';

/** The number's recording policy: record every call, on demand only, or never. */
export type RecordingPolicy = CalledNumber['recording'];

interface ActiveRecording {
  readonly id: string;
  readonly layout: RecordingLayout;
  /** What was recorded between each start or resume and the next pause or stop. */
  readonly segments: MediaRecording[];
  paused: boolean;
}

function refused(code: string, detail: string): CallControlReply {
  return { ok: false, code, detail };
}

/**
 * The recording of one bridged call, at most one at a time. The engine's recordings cannot pause, so a pause ends
 * the current segment and a resume starts the next; stopping (or the call's end) joins the segments into one WAV for
 * the call's recordings. Commands run one after the other, in the order they came.
 */
export class CallRecording {
  private active: ActiveRecording | null = null;
  private ended = false;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly recordings: CallRecordings,
    private readonly media: BridgeMedia,
    private readonly call: { readonly accountId: string; readonly callId: string },
    private readonly policy: RecordingPolicy,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  /** The call is bridged: a number that records always starts now. */
  async bridged(): Promise<void> {
    if (this.policy === 'always') await this.start('policy', 'mixed');
  }

  start(source: 'policy' | 'api', layout: RecordingLayout): Promise<CallControlReply> {
    return this.serially(async () => {
      if (this.ended) return refused('call_not_answered', 'The call has ended.');
      if (this.policy === 'never') {
        return refused('recording_not_allowed', 'The called number does not allow recording its calls.');
      }
      if (this.active) {
        return refused('recording_already_active', `Recording ${this.active.id} is in progress.`);
      }
      const { recordingId } = await this.recordings.started({
        accountId: this.call.accountId,
        callId: this.call.callId,
        source,
        layout,
        at: this.clock.now(),
      });
      try {
        await this.media.startRecording();
      } catch (error) {
        await this.fail(recordingId, error);
        return refused('recording_failed', 'The media engine did not start recording.');
      }
      this.active = { id: recordingId, layout, segments: [], paused: false };
      return { ok: true, recordingId };
    });
  }

  pause(recordingId: string): Promise<CallControlReply> {
    return this.withActive(recordingId, async (active) => {
      if (active.paused) return;
      active.segments.push(await this.media.stopRecording(active.layout));
      active.paused = true;
      await this.recordings.paused(active.id, this.clock.now());
    });
  }

  resume(recordingId: string): Promise<CallControlReply> {
    return this.withActive(recordingId, async (active) => {
      if (!active.paused) return;
      await this.media.startRecording();
      active.paused = false;
      await this.recordings.resumed(active.id, this.clock.now());
    });
  }

  stop(recordingId: string): Promise<CallControlReply> {
    return this.withActive(recordingId, () => this.complete());
  }

  /** The call ended: a recording in progress is completed while the media session still exists. */
  finish(): Promise<void> {
    return this.serially(async () => {
      this.ended = true;
      await this.complete();
    });
  }

  private withActive(
    recordingId: string,
    act: (active: ActiveRecording) => Promise<void>,
  ): Promise<CallControlReply> {
    return this.serially(async () => {
      const active = this.active;
      if (active?.id !== recordingId) {
        return refused('recording_not_found', `No recording ${recordingId} is in progress on the call.`);
      }
      try {
        await act(active);
      } catch (error) {
        // The recording cannot go on: what it holds is lost, and the call's recordings say so.
        this.active = null;
        await this.fail(active.id, error);
        return refused('recording_failed', 'The media engine failed; the recording has ended.');
      }
      return { ok: true, recordingId };
    });
  }

  private async complete(): Promise<void> {
    const active = this.active;
    if (!active) return;
    this.active = null;
    try {
      if (!active.paused) active.segments.push(await this.media.stopRecording(active.layout));
      const wav = concatWavs(active.segments.map((segment) => segment.wav));
      await this.recordings.completed(active.id, {
        wav,
        durationMs: active.segments.reduce((total, segment) => total + segment.durationMs, 0),
        channels: wavFormat(wav).channels,
        at: this.clock.now(),
      });
    } catch (error) {
      await this.fail(active.id, error);
    }
  }

  private async fail(recordingId: string, error: unknown): Promise<void> {
    this.logger.warn({ err: error, callId: this.call.callId, recordingId }, 'call recording failed');
    await this.recordings
      .failed(recordingId, error instanceof Error ? error.message : String(error), this.clock.now())
      .catch((failure: unknown) => {
        this.logger.error({ err: failure, recordingId }, 'failed recording not marked as failed');
      });
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
