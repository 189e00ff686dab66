/** Dependency-injection token of the webhooks part of the app's configuration (`WebhooksConfig`). */
export const WEBHOOKS_CONFIG = Symbol('WEBHOOKS_CONFIG');
