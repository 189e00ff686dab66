import { describe, expect, it } from 'vitest';
import {
  isRecordingFinished,
  type RecordingMove,
  type RecordingStatus,
  recordingStatusAfter,
} from './recording';

describe('recordingStatusAfter', () => {
  it.each<[RecordingStatus, RecordingMove, RecordingStatus]>([
    ['in_progress', 'pause', 'paused'],
    ['paused', 'resume', 'in_progress'],
    ['in_progress', 'complete', 'completed'],
    ['paused', 'complete', 'completed'],
    ['in_progress', 'fail', 'failed'],
    ['paused', 'fail', 'failed'],
  ])('moves %s on %s to %s', (current, move, next) => {
    expect(recordingStatusAfter(current, move)).toBe(next);
  });

  it.each<[RecordingStatus, RecordingMove]>([
    ['paused', 'pause'],
    ['in_progress', 'resume'],
    ['completed', 'complete'],
    ['completed', 'fail'],
    ['failed', 'complete'],
    ['failed', 'resume'],
    ['completed', 'pause'],
  ])('ignores %s on %s', (current, move) => {
    expect(recordingStatusAfter(current, move)).toBeNull();
  });

  it('finishes with completed or failed only', () => {
    expect(
      ['in_progress', 'paused', 'completed', 'failed'].map((status) =>
        isRecordingFinished(status as RecordingStatus),
      ),
    ).toEqual([false, false, true, true]);
  });
});
