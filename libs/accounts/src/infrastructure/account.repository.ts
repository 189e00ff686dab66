import { Injectable } from '@nestjs/common';
import { Database } from '@switchyard/prisma';
import { type AccountStatus } from '../domain/account-rules';

export interface AccountRecord {
  readonly id: string;
  readonly name: string;
  readonly country: string;
  readonly timezone: string;
  readonly status: AccountStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

@Injectable()
export class AccountRepository {
  constructor(private readonly database: Database) {}

  async find(accountId: string): Promise<AccountRecord | null> {
    return this.database.client.account.findUnique({ where: { id: accountId } });
  }

  async create(account: Pick<AccountRecord, 'id' | 'name' | 'country' | 'timezone'>): Promise<AccountRecord> {
    return this.database.client.account.create({ data: account });
  }

  async update(
    accountId: string,
    changes: Partial<Pick<AccountRecord, 'name' | 'country' | 'timezone'>>,
  ): Promise<AccountRecord> {
    return this.database.client.account.update({ where: { id: accountId }, data: changes });
  }
}
