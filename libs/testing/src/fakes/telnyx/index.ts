export * from './telnyx-fake';
export * from './telnyx-fake-inventory';
