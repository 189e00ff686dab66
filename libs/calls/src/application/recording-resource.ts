import { type RecordingRow } from '../infrastructure/recording.repository';

/** Where the API serves a completed recording's WAV. */
const recordingAudioPath = (id: string) => `/v1/recordings/${id}/audio`;

/** A recording as the REST API and the `call.recording.*` events show it. */
export function recordingResource(recording: RecordingRow) {
  return {
    id: recording.id,
    object: 'recording' as const,
    callId: recording.callId,
    status: recording.status,
    source: recording.source,
    layout: recording.layout,
    channels: recording.channels,
    durationMs: recording.durationMs,
    audioUrl: recording.status === 'completed' ? recordingAudioPath(recording.id) : null,
    failureReason: recording.failureReason,
    startedAt: recording.startedAt.toISOString(),
    endedAt: recording.endedAt?.toISOString() ?? null,
    createdAt: recording.createdAt.toISOString(),
    updatedAt: recording.updatedAt.toISOString(),
  };
}

export type RecordingResource = ReturnType<typeof recordingResource>;
