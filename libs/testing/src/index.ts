export * from './test-environment';
export * from './app-process';
export * from './openapi-conformance';
