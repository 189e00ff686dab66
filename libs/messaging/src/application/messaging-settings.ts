/** Injection token of the secrets carrier callbacks are verified with (a CarrierWebhooksConfig). */
export const CARRIER_WEBHOOKS_CONFIG = Symbol('CARRIER_WEBHOOKS_CONFIG');
