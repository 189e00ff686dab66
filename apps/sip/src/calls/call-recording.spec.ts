import { type CallRecordings } from '@switchyard/calls';
import { fixedClock, type MediaRecording } from '@switchyard/contracts';
import { createLogger } from '@switchyard/logging';
import { describe, expect, it, vi } from 'vitest';
import { type BridgeMedia } from './bridge-media';
import { CallRecording, type RecordingPolicy } from './call-recording';

/** A mono 16-bit WAV at 8 kHz of `samples` samples, each `value`. */
function wavOf(samples: number, value: number): Uint8Array {
  const wav = Buffer.alloc(44 + samples * 2);
  wav.write('RIFF', 0, 'latin1');
  wav.writeUInt32LE(36 + samples * 2, 4);
  wav.write('WAVEfmt ', 8, 'latin1');
  wav.writeUInt32LE(16, 16);
  wav.writeUInt16LE(1, 20);
  wav.writeUInt16LE(1, 22);
  wav.writeUInt32LE(8000, 24);
  wav.writeUInt32LE(16000, 28);
  wav.writeUInt16LE(2, 32);
  wav.writeUInt16LE(16, 34);
  wav.write('data', 36, 'latin1');
  wav.writeUInt32LE(samples * 2, 40);
  for (let index = 0; index < samples; index++) wav.writeInt16LE(value, 44 + index * 2);
  return wav;
}

function setUp(policy: RecordingPolicy = 'on_demand') {
  let segment = 0;
  const media = {
    startRecording: vi.fn(async () => undefined),
    stopRecording: vi.fn(async (): Promise<MediaRecording> => {
      segment += 1;
      return { wav: wavOf(8, segment), durationMs: 1000 * segment, channels: ['caller', 'callee'] };
    }),
  };
  const recordings = {
    started: vi.fn(async () => ({ recordingId: 'rec_1' })),
    paused: vi.fn(async () => undefined),
    resumed: vi.fn(async () => undefined),
    completed: vi.fn(async () => undefined),
    failed: vi.fn(async () => undefined),
  };
  const recording = new CallRecording(
    recordings as unknown as CallRecordings,
    media as unknown as BridgeMedia,
    { accountId: 'acc_1', callId: 'call_1' },
    policy,
    fixedClock('2026-12-05T10:00:00.000Z'),
    createLogger({ service: 'sip', level: 'silent' }),
  );
  return { recording, media, recordings };
}

describe('CallRecording', () => {
  it('starts on its own when the number records always, and completes when the call ends', async () => {
    const { recording, media, recordings } = setUp('always');
    await recording.bridged();
    expect(recordings.started).toHaveBeenCalledWith(
      expect.objectContaining({ accountId: 'acc_1', callId: 'call_1', source: 'policy', layout: 'mixed' }),
    );
    expect(media.startRecording).toHaveBeenCalledTimes(1);

    await recording.finish();
    expect(media.stopRecording).toHaveBeenCalledWith('mixed');
    expect(recordings.completed).toHaveBeenCalledWith(
      'rec_1',
      expect.objectContaining({ durationMs: 1000, channels: 1 }),
    );
  });

  it('does not start by itself on demand', async () => {
    const { recording, recordings } = setUp('on_demand');
    await recording.bridged();
    await recording.finish();
    expect(recordings.started).not.toHaveBeenCalled();
    expect(recordings.completed).not.toHaveBeenCalled();
  });

  it('leaves the paused time out: the segments before the pause and after the resume make the WAV', async () => {
    const { recording, media, recordings } = setUp();
    expect(await recording.start('api', 'channel-per-party')).toEqual({ ok: true, recordingId: 'rec_1' });
    expect(await recording.pause('rec_1')).toEqual({ ok: true, recordingId: 'rec_1' });
    expect(await recording.pause('rec_1')).toEqual({ ok: true, recordingId: 'rec_1' });
    expect(await recording.resume('rec_1')).toEqual({ ok: true, recordingId: 'rec_1' });
    expect(await recording.stop('rec_1')).toEqual({ ok: true, recordingId: 'rec_1' });

    expect(media.stopRecording).toHaveBeenCalledTimes(2);
    expect(media.stopRecording).toHaveBeenCalledWith('channel-per-party');
    expect(recordings.paused).toHaveBeenCalledTimes(1);
    expect(recordings.resumed).toHaveBeenCalledTimes(1);
    const [, audio] = recordings.completed.mock.calls[0] as unknown as [
      string,
      { wav: Buffer; durationMs: number },
    ];
    expect(audio.durationMs).toBe(3000);
    expect(audio.wav.readUInt32LE(40)).toBe(32);
    expect([audio.wav.readInt16LE(44), audio.wav.readInt16LE(44 + 16)]).toEqual([1, 2]);
    // Stopped already: the call's end has nothing left to complete.
    await recording.finish();
    expect(recordings.completed).toHaveBeenCalledTimes(1);
  });

  it('answers with stable codes what it cannot do', async () => {
    const never = setUp('never').recording;
    expect(await never.start('api', 'mixed')).toMatchObject({ ok: false, code: 'recording_not_allowed' });

    const { recording } = setUp();
    await recording.start('api', 'mixed');
    expect(await recording.start('api', 'mixed')).toMatchObject({
      ok: false,
      code: 'recording_already_active',
    });
    expect(await recording.stop('rec_other')).toMatchObject({ ok: false, code: 'recording_not_found' });
    await recording.finish();
    expect(await recording.start('api', 'mixed')).toMatchObject({ ok: false, code: 'call_not_answered' });
  });

  it('marks the recording failed when the media engine fails it', async () => {
    const { recording, media, recordings } = setUp();
    await recording.start('api', 'mixed');
    media.stopRecording.mockRejectedValueOnce(new Error('capture missing'));
    await recording.finish();
    expect(recordings.failed).toHaveBeenCalledWith('rec_1', 'capture missing', expect.any(Date));
    expect(recordings.completed).not.toHaveBeenCalled();
  });
});
