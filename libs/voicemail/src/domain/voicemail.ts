export const VOICEMAIL_STATUSES = ['new', 'read'] as const;
export type VoicemailStatus = (typeof VOICEMAIL_STATUSES)[number];

/** Where a voicemail's WAV lives in storage; one key per voicemail, so a deposit never overwrites another. */
export function voicemailStorageKey(accountId: string, voicemailId: string): string {
  return `voicemail/${accountId}/${voicemailId}.wav`;
}

/** The path the REST API serves a voicemail's audio at. */
export function voicemailAudioPath(voicemailId: string): string {
  return `/v1/voicemails/${voicemailId}/audio`;
}
