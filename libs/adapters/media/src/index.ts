export * from './ng/bencode';
export * from './ng/rtpengine-client';
export * from './rtpengine-media-engine';
export { encodeMuLawWav, trimTrailingSilence, type TrimmedWav } from './recording/wav';
export { encodeMuLaw } from './recording/g711';
export * from './tones';
export { concatWavs, wavFormat, type WavFormat } from './recording/wav-concat';
