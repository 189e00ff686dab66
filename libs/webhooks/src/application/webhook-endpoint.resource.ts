import { type WebhookEndpointRecord } from '../infrastructure/webhook-endpoint.repository';

/** A webhook endpoint as the REST API and events show it; the signing secret never appears here. */
export function webhookEndpointResource(endpoint: WebhookEndpointRecord) {
  return {
    id: endpoint.id,
    object: 'webhook_endpoint' as const,
    url: endpoint.url,
    description: endpoint.description,
    eventTypes: [...endpoint.eventTypes],
    enabled: endpoint.enabled,
    disabledAt: endpoint.disabledAt?.toISOString() ?? null,
    disabledReason: endpoint.disabledReason,
    previousSecretExpiresAt: endpoint.previousSecretExpiresAt?.toISOString() ?? null,
    createdAt: endpoint.createdAt.toISOString(),
    updatedAt: endpoint.updatedAt.toISOString(),
  };
}

export type WebhookEndpointResource = ReturnType<typeof webhookEndpointResource>;
