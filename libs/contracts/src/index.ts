export * from './ids';
export * from './jobs';
export * from './clock';
export * from './events';
export * from './ttl-cache';
export * from './media-engine';
export * from './storage';
export * from './speech';
