export * from './domain';
export * from './messaging.module';
export { DispatchMessageJob } from './jobs/dispatch-message.job';
export { ReconcileMessagesJob } from './jobs/reconcile-messages.job';
export { sandboxSignature } from './http/carrier-signatures';
