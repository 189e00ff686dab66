export * from './sandbox/in-memory-sandbox-carrier.store';
export * from './sandbox/sandbox-carrier.adapter';
export * from './sandbox/sandbox-carrier.store';
export { TelnyxRejectedError } from './telnyx/telnyx-api.client';
export * from './telnyx/telnyx-carrier.adapter';
