export * from './test-environment';
export * from './app-process';
export * from './openapi-conformance';
export * from './isolated-database';
export * from './webhook-receiver';
export * from './drachtio';
export * from './fakes/telnyx';
export * from './rtpengine';
