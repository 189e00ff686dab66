export * from './domain';
export * from './voicemail.module';
export { type VoicemailBoxSettings, VoicemailBoxes } from './application/voicemail-boxes';
export { type NewVoicemail, VoicemailDeposits } from './application/voicemail-deposits';
export { VoicemailBoxNotFoundError } from './application/voicemail.errors';
