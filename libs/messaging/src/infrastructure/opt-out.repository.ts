import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@switchyard/prisma';

export type OptOutAction = 'opted_out' | 'opted_in';

@Injectable()
export class OptOutRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async isOptedOut(accountId: string, phoneNumber: string): Promise<boolean> {
    const row = await this.database.client.optOut.findUnique({
      where: { accountId_phoneNumber: { accountId, phoneNumber } },
      select: { accountId: true },
    });
    return row !== null;
  }

  /** Applies the change and records it in the history; false when it changed nothing (already in that state). */
  async change(change: {
    readonly id: string;
    readonly accountId: string;
    readonly phoneNumber: string;
    readonly action: OptOutAction;
    readonly keyword: string;
    readonly at: Date;
  }): Promise<boolean> {
    const { accountId, phoneNumber } = change;
    const changed =
      change.action === 'opted_out'
        ? (
            await this.database.client.optOut.createMany({
              data: [{ accountId, phoneNumber, createdAt: change.at }],
              skipDuplicates: true,
            })
          ).count === 1
        : (await this.database.client.optOut.deleteMany({ where: { accountId, phoneNumber } })).count === 1;
    await this.database.client.optOutChange.create({
      data: {
        id: change.id,
        accountId,
        phoneNumber,
        action: change.action,
        keyword: change.keyword,
        createdAt: change.at,
      },
    });
    return changed;
  }

  async accountName(accountId: string): Promise<string> {
    const account = await this.database.client.account.findUnique({
      where: { id: accountId },
      select: { name: true },
    });
    return account?.name ?? '';
  }
}
