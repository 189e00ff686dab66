export * from './ids';
export * from './jobs';
export * from './clock';
