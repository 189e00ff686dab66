import { Injectable } from '@nestjs/common';
import { idPageArguments, type Page, pageFromRows, type PageRequest } from '@switchyard/http';
import { Database, Prisma } from '@switchyard/prisma';

export type DeliveryOutcome = 'succeeded' | 'retrying' | 'failed';

/** One attempt to deliver one event to one endpoint. */
export interface WebhookDeliveryRecord {
  readonly id: string;
  readonly accountId: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly attempt: number;
  readonly outcome: DeliveryOutcome;
  readonly statusCode: number | null;
  readonly latencyMs: number;
  readonly responseBody: string | null;
  readonly error: string | null;
  readonly nextAttemptAt: Date | null;
  readonly createdAt: Date;
}

export interface DeliveryListFilter {
  readonly endpointId?: string;
  readonly eventId?: string;
  readonly createdAfter?: Date;
  readonly createdBefore?: Date;
}

@Injectable()
export class WebhookDeliveryRepository {
  constructor(private readonly database: Database) {}

  /** Stores attempts in one statement; the attempts of an endpoint deleted meanwhile are dropped with it. */
  async recordMany(deliveries: readonly WebhookDeliveryRecord[]): Promise<void> {
    // One INSERT over column arrays: far cheaper per row than createMany on the hot path of every delivery.
    const insert = (rows: readonly WebhookDeliveryRecord[]) => this.database.client.$executeRaw`
      INSERT INTO "WebhookDelivery" ("id", "accountId", "endpointId", "eventId", "eventType", "attempt", "outcome",
        "statusCode", "latencyMs", "responseBody", "error", "nextAttemptAt", "createdAt")
      SELECT * FROM unnest(
        ${rows.map((row) => row.id)}::text[], ${rows.map((row) => row.accountId)}::text[],
        ${rows.map((row) => row.endpointId)}::text[], ${rows.map((row) => row.eventId)}::text[],
        ${rows.map((row) => row.eventType)}::text[], ${rows.map((row) => row.attempt)}::int[],
        ${rows.map((row) => row.outcome)}::"WebhookDeliveryOutcome"[], ${rows.map((row) => row.statusCode)}::int[],
        ${rows.map((row) => row.latencyMs)}::int[], ${rows.map((row) => row.responseBody)}::text[],
        ${rows.map((row) => row.error)}::text[], ${rows.map((row) => row.nextAttemptAt)}::timestamptz[],
        ${rows.map((row) => row.createdAt)}::timestamptz[]
      )
      ON CONFLICT ("id") DO NOTHING`;
    try {
      await insert(deliveries);
    } catch (error) {
      if (!isMissingEndpoint(error)) throw error;
      await Promise.all(deliveries.map((delivery) => insert([delivery]).catch(ignoreMissingEndpoint)));
    }
  }

  async find(
    accountId: string,
    endpointId: string,
    deliveryId: string,
  ): Promise<WebhookDeliveryRecord | null> {
    return this.database.client.webhookDelivery.findFirst({
      where: { id: deliveryId, endpointId, accountId },
    });
  }

  async list(
    accountId: string,
    page: PageRequest,
    filter: DeliveryListFilter,
  ): Promise<Page<WebhookDeliveryRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.webhookDelivery.findMany({
      ...rest,
      where: {
        ...where,
        accountId,
        endpointId: filter.endpointId,
        eventId: filter.eventId,
        createdAt: { gte: filter.createdAfter, lt: filter.createdBefore },
      },
    });
    return pageFromRows(rows, page);
  }

  async purgeBefore(cutoff: Date): Promise<number> {
    const { count } = await this.database.root.webhookDelivery.deleteMany({
      where: { createdAt: { lt: cutoff } },
    });
    return count;
  }
}

function isMissingEndpoint(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2003';
}

function ignoreMissingEndpoint(error: unknown): void {
  if (!isMissingEndpoint(error)) throw error;
}
