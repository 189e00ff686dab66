export * from './test-environment';
export * from './app-process';
