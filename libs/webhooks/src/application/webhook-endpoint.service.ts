import { Inject, Injectable } from '@nestjs/common';
import { randomToken, type Principal } from '@switchyard/auth';
import { type WebhooksConfig } from '@switchyard/config';
import { CLOCK, type Clock, type EventEnvelope, newId } from '@switchyard/contracts';
import { DomainError, NotFoundError, ValidationError } from '@switchyard/errors';
import { EventPublisher } from '@switchyard/events';
import { type Page, type PageRequest } from '@switchyard/http';
import { Database } from '@switchyard/prisma';
import {
  eventTypeFilterErrors,
  maxEndpointsPerAccount,
  webhookUrlErrors,
} from '../domain/webhook-endpoint-rules';
import {
  type WebhookEndpointChanges,
  type WebhookEndpointRecord,
  WebhookEndpointRepository,
} from '../infrastructure/webhook-endpoint.repository';
import { WebhookTargetGuard } from './webhook-target.guard';
import { WEBHOOKS_CONFIG } from './webhooks-settings';

export interface NewEndpointInput {
  readonly url: string;
  readonly description?: string;
  readonly eventTypes: readonly string[];
  readonly enabled?: boolean;
}

export type EndpointChangesInput = Partial<NewEndpointInput>;

export interface EndpointWithSecret {
  readonly endpoint: WebhookEndpointRecord;
  /** Shown to the caller once. */
  readonly secret: string;
}

function newSigningSecret(): string {
  return `whsec_${randomToken(32)}`;
}

@Injectable()
export class WebhookEndpointService {
  constructor(
    @Inject(WebhookEndpointRepository) private readonly endpoints: WebhookEndpointRepository,
    @Inject(WebhookTargetGuard) private readonly guard: WebhookTargetGuard,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(Database) private readonly database: Database,
    @Inject(WEBHOOKS_CONFIG) private readonly config: WebhooksConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(principal: Principal, page: PageRequest): Promise<Page<WebhookEndpointRecord>> {
    return this.endpoints.list(principal.accountId, page);
  }

  async get(principal: Principal, endpointId: string): Promise<WebhookEndpointRecord> {
    const endpoint = await this.endpoints.find(principal.accountId, endpointId);
    if (!endpoint) throw new NotFoundError('webhook_endpoint', endpointId);
    return endpoint;
  }

  async create(principal: Principal, input: NewEndpointInput): Promise<EndpointWithSecret> {
    await this.validate(input);
    if ((await this.endpoints.count(principal.accountId)) >= maxEndpointsPerAccount) {
      throw new DomainError(
        'unprocessable',
        'too_many_webhook_endpoints',
        `An account has at most ${maxEndpointsPerAccount} webhook endpoints; filter by event type instead.`,
      );
    }
    const now = this.clock.now();
    const enabled = input.enabled ?? true;
    const secret = newSigningSecret();
    const endpoint = await this.endpoints.create({
      id: newId('webhookEndpoint', now.getTime()),
      accountId: principal.accountId,
      url: input.url,
      description: input.description ?? null,
      eventTypes: [...new Set(input.eventTypes)],
      enabled,
      secret,
      ...(enabled ? {} : { disabledAt: now, disabledReason: 'disabled_by_user' }),
    });
    return { endpoint, secret };
  }

  async update(
    principal: Principal,
    endpointId: string,
    input: EndpointChangesInput,
  ): Promise<WebhookEndpointRecord> {
    const current = await this.get(principal, endpointId);
    await this.validate(input);
    const changes: WebhookEndpointChanges = {
      ...(input.url === undefined ? {} : { url: input.url }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...(input.eventTypes === undefined ? {} : { eventTypes: [...new Set(input.eventTypes)] }),
      ...this.enabledChanges(current, input.enabled),
    };
    return this.updateOrThrow(principal, endpointId, changes);
  }

  async delete(principal: Principal, endpointId: string): Promise<void> {
    if (!(await this.endpoints.delete(principal.accountId, endpointId))) {
      throw new NotFoundError('webhook_endpoint', endpointId);
    }
  }

  /** A new secret signs from now on; the old one keeps signing too until the grace period ends. */
  async rotateSecret(principal: Principal, endpointId: string): Promise<EndpointWithSecret> {
    const current = await this.get(principal, endpointId);
    const graceMs = this.config.secretRotationGraceSeconds * 1000;
    const secret = newSigningSecret();
    const endpoint = await this.updateOrThrow(principal, endpointId, {
      secret,
      previousSecret: graceMs > 0 ? current.secret : null,
      previousSecretExpiresAt: graceMs > 0 ? new Date(this.clock.now().getTime() + graceMs) : null,
    });
    return { endpoint, secret };
  }

  /** Publishes a `webhook.test` event that only this endpoint receives. */
  async sendTest(principal: Principal, endpointId: string): Promise<EventEnvelope<'webhook.test'>> {
    return this.database.transaction(async () => {
      await this.get(principal, endpointId);
      return this.events.publish(principal.accountId, 'webhook.test', {
        object: 'webhook_test',
        endpointId,
        message: 'A test event, sent on request.',
      });
    });
  }

  private enabledChanges(
    current: WebhookEndpointRecord,
    enabled: boolean | undefined,
  ): WebhookEndpointChanges {
    if (enabled === undefined || enabled === current.enabled) return {};
    return enabled
      ? { enabled, failingSince: null, disabledAt: null, disabledReason: null }
      : { enabled, disabledAt: this.clock.now(), disabledReason: 'disabled_by_user' };
  }

  private async updateOrThrow(
    principal: Principal,
    endpointId: string,
    changes: WebhookEndpointChanges,
  ): Promise<WebhookEndpointRecord> {
    const updated = await this.endpoints.update(principal.accountId, endpointId, changes);
    if (!updated) throw new NotFoundError('webhook_endpoint', endpointId);
    return updated;
  }

  private async validate(input: EndpointChangesInput): Promise<void> {
    const errors = [
      ...(input.url === undefined ? [] : webhookUrlErrors(input.url)),
      ...(input.eventTypes === undefined ? [] : eventTypeFilterErrors(input.eventTypes)),
    ];
    if (errors.length > 0) throw new ValidationError(errors);
    if (input.url !== undefined) await this.guard.resolve(input.url);
  }
}
