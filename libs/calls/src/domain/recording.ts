import { type RecordingLayout } from '@switchyard/contracts';

export type { RecordingLayout } from '@switchyard/contracts';

/** in_progress and paused live in the media engine; completed has its WAV in storage; failed has a reason. */
export type RecordingStatus = 'in_progress' | 'paused' | 'completed' | 'failed';
/** policy: the number records every call; api: started on request. */
export type RecordingSource = 'policy' | 'api';

export const recordingStatuses: readonly RecordingStatus[] = ['in_progress', 'paused', 'completed', 'failed'];
export const recordingLayouts: readonly RecordingLayout[] = ['mixed', 'channel-per-party'];

/** What happens to a recording, as the sip instance holding its call reports it. */
export type RecordingMove = 'pause' | 'resume' | 'complete' | 'fail';

const moves: Readonly<Record<RecordingMove, { from: readonly RecordingStatus[]; to: RecordingStatus }>> = {
  pause: { from: ['in_progress'], to: 'paused' },
  resume: { from: ['paused'], to: 'in_progress' },
  complete: { from: ['in_progress', 'paused'], to: 'completed' },
  fail: { from: ['in_progress', 'paused'], to: 'failed' },
};

export function isRecordingFinished(status: RecordingStatus): boolean {
  return status === 'completed' || status === 'failed';
}

/**
 * The status a move leads to, or null when it does not apply: a repeat (pausing a paused recording) or anything
 * after the end, so every report is idempotent and a late one cannot undo the outcome.
 */
export function recordingStatusAfter(current: RecordingStatus, move: RecordingMove): RecordingStatus | null {
  const { from, to } = moves[move];
  return from.includes(current) ? to : null;
}
