export * from './webhooks.module';
export * from './domain/webhook-signature';
export * from './domain/address-policy';
export * from './application/shared-numbers.port';
export {
  HOST_RESOLVER,
  type HostResolver,
  type ResolvedAddress,
  systemHostResolver,
} from './infrastructure/host-resolver';
export { WebhookTargetGuard, WebhookUrlNotAllowedError } from './application/webhook-target.guard';
