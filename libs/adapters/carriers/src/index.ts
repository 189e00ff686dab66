export * from './carrier.factory';
export * from './sandbox/in-memory-sandbox-carrier.store';
export * from './sandbox/sandbox-carrier.adapter';
export { TelnyxRejectedError } from './telnyx/telnyx-api.client';
export * from './telnyx/telnyx-carrier.adapter';
