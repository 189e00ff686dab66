export * from './voicemail';
export * from './voicemail-box';
