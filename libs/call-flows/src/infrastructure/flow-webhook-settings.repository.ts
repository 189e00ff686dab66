import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@switchyard/prisma';

export interface FlowWebhookSettingsRecord {
  readonly accountId: string;
  readonly signingSecret: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

const columns = { accountId: true, signingSecret: true, createdAt: true, updatedAt: true } as const;

@Injectable()
export class FlowWebhookSettingsRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  /**
   * The account's settings, stored with `signingSecret` first if there are none. Concurrent first calls each insert
   * with nothing done on conflict, then all read the one row that won.
   */
  async findOrCreate(accountId: string, signingSecret: string, at: Date): Promise<FlowWebhookSettingsRecord> {
    const settings = this.database.client.flowWebhookSettings;
    const stored = await settings.findUnique({ where: { accountId }, select: columns });
    if (stored) return stored;
    await settings.createMany({
      data: [{ accountId, signingSecret, createdAt: at, updatedAt: at }],
      skipDuplicates: true,
    });
    return settings.findUniqueOrThrow({ where: { accountId }, select: columns });
  }

  async replaceSecret(
    accountId: string,
    signingSecret: string,
    at: Date,
  ): Promise<FlowWebhookSettingsRecord> {
    return this.database.client.flowWebhookSettings.upsert({
      where: { accountId },
      create: { accountId, signingSecret, createdAt: at, updatedAt: at },
      update: { signingSecret, updatedAt: at },
      select: columns,
    });
  }
}
