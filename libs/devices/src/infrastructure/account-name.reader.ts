import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@switchyard/prisma';

/** An account's name, which its SIP subdomain is made from; the accounts context's AccountDirectory has no such read. */
@Injectable()
export class AccountNameReader {
  constructor(@Inject(Database) private readonly database: Database) {}

  async accountName(accountId: string): Promise<string> {
    const account = await this.database.client.account.findUniqueOrThrow({ where: { id: accountId } });
    return account.name;
  }
}
