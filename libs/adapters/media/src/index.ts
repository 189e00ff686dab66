export * from './ng/bencode';
export * from './ng/rtpengine-client';
export * from './rtpengine-media-engine';
export { trimTrailingSilence, type TrimmedWav } from './recording/wav';
export * from './tones';
export { concatWavs, wavFormat, type WavFormat } from './recording/wav-concat';
