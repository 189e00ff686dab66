import { voicemailAudioPath } from '../domain';
import { type VoicemailBoxRecord } from '../infrastructure/voicemail-box.repository';
import { type VoicemailRecord } from '../infrastructure/voicemail.repository';

/** A voicemail as the REST API and the `voicemail.*` events show it. */
export function voicemailResource(voicemail: VoicemailRecord) {
  return {
    id: voicemail.id,
    object: 'voicemail' as const,
    boxId: voicemail.boxId,
    callId: voicemail.callId,
    from: voicemail.from,
    to: voicemail.to,
    durationMs: voicemail.durationMs,
    status: voicemail.status,
    audioUrl: voicemailAudioPath(voicemail.id),
    createdAt: voicemail.createdAt.toISOString(),
    updatedAt: voicemail.updatedAt.toISOString(),
  };
}

export function voicemailBoxResource(box: VoicemailBoxRecord) {
  return {
    id: box.id,
    object: 'voicemail_box' as const,
    name: box.name,
    greeting: box.greeting,
    maxMessageSeconds: box.maxMessageSeconds,
    createdAt: box.createdAt.toISOString(),
    updatedAt: box.updatedAt.toISOString(),
  };
}
