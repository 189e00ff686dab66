import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, TtlCache } from '@switchyard/contracts';
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

/** Every authenticated request reads its account; one second of staleness across processes is the price. */
const accountCacheTtlMs = 1_000;

@Injectable()
export class AccountRepository {
  private readonly cache: TtlCache<AccountRecord | null>;

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.cache = new TtlCache(accountCacheTtlMs, clock);
  }

  async find(accountId: string): Promise<AccountRecord | null> {
    if (this.database.inTransaction)
      return this.database.client.account.findUnique({ where: { id: accountId } });
    return this.cache.getOrLoad(accountId, () =>
      this.database.root.account.findUnique({ where: { id: accountId } }),
    );
  }

  async create(account: Pick<AccountRecord, 'id' | 'name' | 'country' | 'timezone'>): Promise<AccountRecord> {
    return this.database.client.account.create({ data: account });
  }

  async update(
    accountId: string,
    changes: Partial<Pick<AccountRecord, 'name' | 'country' | 'timezone'>>,
  ): Promise<AccountRecord> {
    this.cache.delete(accountId);
    return this.database.client.account.update({ where: { id: accountId }, data: changes });
  }
}
