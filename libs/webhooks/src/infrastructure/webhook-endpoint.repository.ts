import { Injectable } from '@nestjs/common';
import { idPageArguments, type Page, pageFromRows, type PageRequest } from '@switchyard/http';
import { Database } from '@switchyard/prisma';
import { type DisabledReason } from '../domain/webhook-endpoint-rules';

export interface WebhookEndpointRecord {
  readonly id: string;
  readonly accountId: string;
  readonly url: string;
  readonly description: string | null;
  readonly eventTypes: readonly string[];
  readonly enabled: boolean;
  readonly secret: string;
  readonly previousSecret: string | null;
  readonly previousSecretExpiresAt: Date | null;
  readonly failingSince: Date | null;
  readonly disabledAt: Date | null;
  readonly disabledReason: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewWebhookEndpoint = Pick<
  WebhookEndpointRecord,
  'id' | 'accountId' | 'url' | 'description' | 'eventTypes' | 'enabled' | 'secret'
> &
  Partial<Pick<WebhookEndpointRecord, 'disabledAt' | 'disabledReason'>>;

export type WebhookEndpointChanges = Partial<
  Pick<
    WebhookEndpointRecord,
    | 'url'
    | 'description'
    | 'eventTypes'
    | 'enabled'
    | 'secret'
    | 'previousSecret'
    | 'previousSecretExpiresAt'
    | 'failingSince'
    | 'disabledAt'
    | 'disabledReason'
  >
>;

@Injectable()
export class WebhookEndpointRepository {
  constructor(private readonly database: Database) {}

  async find(accountId: string, endpointId: string): Promise<WebhookEndpointRecord | null> {
    return this.database.client.webhookEndpoint.findFirst({ where: { id: endpointId, accountId } });
  }

  async list(accountId: string, page: PageRequest): Promise<Page<WebhookEndpointRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.webhookEndpoint.findMany({
      ...rest,
      where: { ...where, accountId },
    });
    return pageFromRows(rows, page);
  }

  /** Every endpoint of each account, for matching events against them in memory. */
  async listOfAccounts(accountIds: readonly string[]): Promise<WebhookEndpointRecord[]> {
    return this.database.client.webhookEndpoint.findMany({ where: { accountId: { in: [...accountIds] } } });
  }

  async count(accountId: string): Promise<number> {
    return this.database.client.webhookEndpoint.count({ where: { accountId } });
  }

  async create(endpoint: NewWebhookEndpoint): Promise<WebhookEndpointRecord> {
    return this.database.client.webhookEndpoint.create({
      data: { ...endpoint, eventTypes: [...endpoint.eventTypes] },
    });
  }

  async update(
    accountId: string,
    endpointId: string,
    changes: WebhookEndpointChanges,
  ): Promise<WebhookEndpointRecord | null> {
    const { eventTypes, ...rest } = changes;
    const data = { ...rest, ...(eventTypes ? { eventTypes: [...eventTypes] } : {}) };
    const { count } = await this.database.client.webhookEndpoint.updateMany({
      where: { id: endpointId, accountId },
      data,
    });
    return count === 0 ? null : this.find(accountId, endpointId);
  }

  async delete(accountId: string, endpointId: string): Promise<boolean> {
    const { count } = await this.database.client.webhookEndpoint.deleteMany({
      where: { id: endpointId, accountId },
    });
    return count > 0;
  }

  /** Starts a failure run unless one is running; concurrent failures keep the earliest start. */
  async markFailing(accountId: string, endpointId: string, since: Date): Promise<void> {
    await this.database.client.webhookEndpoint.updateMany({
      where: { id: endpointId, accountId, failingSince: null },
      data: { failingSince: since },
    });
  }

  async markHealthy(accountId: string, endpointId: string): Promise<void> {
    await this.database.client.webhookEndpoint.updateMany({
      where: { id: endpointId, accountId, failingSince: { not: null } },
      data: { failingSince: null },
    });
  }

  /** Disables an enabled endpoint; false when it already was, so only one worker announces it. */
  async disable(accountId: string, endpointId: string, at: Date, reason: DisabledReason): Promise<boolean> {
    const { count } = await this.database.client.webhookEndpoint.updateMany({
      where: { id: endpointId, accountId, enabled: true },
      data: { enabled: false, disabledAt: at, disabledReason: reason },
    });
    return count > 0;
  }
}
