import { Inject, Injectable } from '@nestjs/common';
import { Database, isUniqueViolation, type Prisma } from '@switchyard/prisma';

/** A verified carrier callback, in our terms: a report on an outbound message or an inbound message. */
export type CarrierCallbackBody =
  | {
      readonly kind: 'status';
      readonly carrierMessageId: string;
      readonly reference?: string;
      readonly status: 'sent' | 'delivered' | 'undelivered' | 'failed';
      readonly errorCode?: string;
    }
  | {
      readonly kind: 'inbound';
      readonly carrierMessageId: string;
      readonly from: string;
      readonly to: string;
      readonly text: string;
    };

export interface StoredCarrierCallback {
  readonly id: string;
  readonly carrier: string;
  readonly eventId: string;
  readonly body: CarrierCallbackBody;
  readonly processedAt: Date | null;
}

const columns = {
  id: true,
  carrier: true,
  eventId: true,
  kind: true,
  payload: true,
  processedAt: true,
} as const satisfies Prisma.CarrierCallbackSelect;

function stored(row: Prisma.CarrierCallbackGetPayload<{ select: typeof columns }>): StoredCarrierCallback {
  const payload = row.payload as Record<string, unknown>;
  return {
    id: row.id,
    carrier: row.carrier,
    eventId: row.eventId,
    body: { ...payload, kind: row.kind } as CarrierCallbackBody,
    processedAt: row.processedAt,
  };
}

/**
 * Carrier callbacks as received. Not tenant data: a carrier names no account, so every query looks across
 * accounts, as the message lookups of callbacks do.
 */
@Injectable()
export class CarrierCallbackRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** Stores the callback under its carrier event id; a redelivery returns the row stored the first time. */
  async store(callback: {
    readonly id: string;
    readonly carrier: string;
    readonly eventId: string;
    readonly body: CarrierCallbackBody;
    readonly receivedAt: Date;
  }): Promise<StoredCarrierCallback> {
    const { kind, ...payload } = callback.body;
    try {
      return stored(
        await this.database.root.carrierCallback.create({
          data: {
            id: callback.id,
            carrier: callback.carrier,
            eventId: callback.eventId,
            kind,
            payload,
            receivedAt: callback.receivedAt,
          },
          select: columns,
        }),
      );
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const first = await this.database.root.carrierCallback.findUnique({
        where: { carrier_eventId: { carrier: callback.carrier, eventId: callback.eventId } },
        select: columns,
      });
      if (!first) throw error;
      return stored(first);
    }
  }

  async find(id: string): Promise<StoredCarrierCallback | null> {
    const row = await this.database.client.carrierCallback.findUnique({ where: { id }, select: columns });
    return row && stored(row);
  }

  async markProcessed(id: string, at: Date): Promise<void> {
    await this.database.client.carrierCallback.updateMany({
      where: { id, processedAt: null },
      data: { processedAt: at },
    });
  }

  /** Ids of callbacks received before `receivedBefore` and not applied yet, oldest first. */
  async unprocessed(
    receivedBefore: Date,
    page: { readonly afterId?: string; readonly limit: number },
  ): Promise<string[]> {
    const rows = await this.database.root.carrierCallback.findMany({
      where: {
        processedAt: null,
        receivedAt: { lt: receivedBefore },
        ...(page.afterId !== undefined && { id: { gt: page.afterId } }),
      },
      select: { id: true },
      orderBy: { id: 'asc' },
      take: page.limit,
    });
    return rows.map((row) => row.id);
  }
}
