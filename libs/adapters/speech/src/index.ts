export * from './command-runner';
export * from './telephony-audio';
export * from './espeak-text-to-speech.adapter';
export * from './sox-audio-transcoder.adapter';
