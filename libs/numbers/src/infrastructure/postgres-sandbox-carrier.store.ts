import { Inject, Injectable } from '@nestjs/common';
import { Database, isUniqueViolation } from '@switchyard/prisma';
import {
  type CarrierOrder,
  type CarrierOrderLookup,
  type NumberRouting,
  type OwnedNumber,
  type SandboxCarrierStore,
  type SandboxMessage,
  type SaveOrderOutcome,
} from '../domain';

interface OrderRow {
  readonly orderId: string;
  readonly reference: string;
  readonly phoneNumber: string;
  readonly status: string;
  readonly failureReason: string | null;
}

interface SoldRow {
  readonly phoneNumber: string;
  readonly voiceConnectionId: string | null;
  readonly messagingProfileId: string | null;
}

interface MessageRow {
  readonly carrierMessageId: string;
  readonly reference: string;
  readonly from: string;
  readonly to: string;
  readonly text: string | null;
  readonly mediaUrls: string[];
  readonly deliveryWebhookUrl: string | null;
  readonly recordedAt: Date;
}

function toOrder(row: OrderRow): CarrierOrder {
  return {
    orderId: row.orderId,
    reference: row.reference,
    phoneNumber: row.phoneNumber,
    status: row.status as CarrierOrder['status'],
    ...(row.failureReason !== null && { failureReason: row.failureReason }),
  };
}

function toOwned(row: SoldRow): OwnedNumber {
  return {
    phoneNumber: row.phoneNumber,
    ...(row.voiceConnectionId !== null && { voiceConnectionId: row.voiceConnectionId }),
    ...(row.messagingProfileId !== null && { messagingProfileId: row.messagingProfileId }),
  };
}

function toMessage(row: MessageRow): SandboxMessage {
  return {
    carrierMessageId: row.carrierMessageId,
    reference: row.reference,
    from: row.from,
    to: row.to,
    ...(row.text !== null && { text: row.text }),
    ...(row.mediaUrls.length > 0 && { mediaUrls: row.mediaUrls }),
    ...(row.deliveryWebhookUrl !== null && { deliveryWebhookUrl: row.deliveryWebhookUrl }),
    recordedAt: row.recordedAt,
  };
}

/**
 * The sandbox carrier's books in Postgres, so the api and every worker see one carrier. Unique keys on the order
 * reference, the sold number and the message reference make concurrent orders and sends atomic. It is not tenant
 * data: the sandbox plays the carrier, so its methods take no account, and it always writes outside the caller's
 * transaction, as a real carrier would.
 */
@Injectable()
export class PostgresSandboxCarrierStore implements SandboxCarrierStore {
  constructor(@Inject(Database) private readonly database: Database) {}

  async saveOrder(order: CarrierOrder, routing: NumberRouting): Promise<SaveOrderOutcome> {
    try {
      await this.database.root.$transaction(async (transaction) => {
        await transaction.sandboxCarrierOrder.create({
          data: {
            orderId: order.orderId,
            reference: order.reference,
            phoneNumber: order.phoneNumber,
            status: order.status,
            failureReason: order.failureReason ?? null,
          },
        });
        if (order.status !== 'success') return;
        await transaction.sandboxCarrierNumber.create({
          data: {
            phoneNumber: order.phoneNumber,
            voiceConnectionId: routing.voiceConnectionId ?? null,
            messagingProfileId: routing.messagingProfileId ?? null,
          },
        });
      });
      return { outcome: 'saved' };
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const existing = await this.findOrder({ reference: order.reference });
      return existing ? { outcome: 'reference_taken', existing } : { outcome: 'number_sold' };
    }
  }

  async findOrder(lookup: CarrierOrderLookup): Promise<CarrierOrder | null> {
    const row = await this.database.root.sandboxCarrierOrder.findFirst({
      where: 'reference' in lookup ? { reference: lookup.reference } : { orderId: lookup.orderId },
    });
    return row ? toOrder(row) : null;
  }

  async findSold(phoneNumbers: readonly string[]): Promise<ReadonlySet<string>> {
    const rows = await this.database.root.sandboxCarrierNumber.findMany({
      where: { phoneNumber: { in: [...phoneNumbers] } },
      select: { phoneNumber: true },
    });
    return new Set(rows.map((row) => row.phoneNumber));
  }

  async listSold(): Promise<OwnedNumber[]> {
    const rows = await this.database.root.sandboxCarrierNumber.findMany({ orderBy: { soldAt: 'asc' } });
    return rows.map(toOwned);
  }

  async release(phoneNumber: string): Promise<boolean> {
    const { count } = await this.database.root.sandboxCarrierNumber.deleteMany({ where: { phoneNumber } });
    return count > 0;
  }

  async updateRouting(phoneNumber: string, routing: NumberRouting): Promise<boolean> {
    const { count } = await this.database.root.sandboxCarrierNumber.updateMany({
      where: { phoneNumber },
      data: { voiceConnectionId: routing.voiceConnectionId, messagingProfileId: routing.messagingProfileId },
    });
    return count > 0;
  }

  async recordMessage(message: SandboxMessage): Promise<SandboxMessage> {
    try {
      const row = await this.database.root.sandboxCarrierMessage.create({
        data: {
          carrierMessageId: message.carrierMessageId,
          reference: message.reference,
          from: message.from,
          to: message.to,
          text: message.text ?? null,
          mediaUrls: [...(message.mediaUrls ?? [])],
          deliveryWebhookUrl: message.deliveryWebhookUrl ?? null,
          recordedAt: message.recordedAt,
        },
      });
      return toMessage(row);
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      const recorded = await this.database.root.sandboxCarrierMessage.findUnique({
        where: { reference: message.reference },
      });
      if (!recorded) throw error;
      return toMessage(recorded);
    }
  }

  async listMessages(): Promise<SandboxMessage[]> {
    const rows = await this.database.root.sandboxCarrierMessage.findMany({ orderBy: { recordedAt: 'asc' } });
    return rows.map(toMessage);
  }
}
