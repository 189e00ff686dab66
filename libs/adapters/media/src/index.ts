export * from './ng/bencode';
export * from './ng/rtpengine-client';
export * from './rtpengine-media-engine';
