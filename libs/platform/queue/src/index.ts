export * from './queue-connection';
export * from './job-handler';
export * from './job-worker-host';
