import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@switchyard/prisma';

export interface MessagingSettingsRecord {
  readonly accountId: string;
  readonly helpText: string | null;
  readonly stopConfirmation: string | null;
  readonly startConfirmation: string | null;
  readonly updatedAt: Date;
}

/** Fields a PATCH may change; null sets a field back to the default. */
export type MessagingSettingsChanges = Partial<
  Pick<MessagingSettingsRecord, 'helpText' | 'stopConfirmation' | 'startConfirmation'>
>;

const columns = {
  accountId: true,
  helpText: true,
  stopConfirmation: true,
  startConfirmation: true,
  updatedAt: true,
} as const;

@Injectable()
export class MessagingSettingsRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /** Null for an account that never changed its settings. */
  async find(accountId: string): Promise<MessagingSettingsRecord | null> {
    return this.database.client.messagingSettings.findUnique({ where: { accountId }, select: columns });
  }

  async save(
    accountId: string,
    changes: MessagingSettingsChanges,
    at: Date,
  ): Promise<MessagingSettingsRecord> {
    return this.database.client.messagingSettings.upsert({
      where: { accountId },
      create: { accountId, ...changes, createdAt: at, updatedAt: at },
      update: { ...changes, updatedAt: at },
      select: columns,
    });
  }
}
