import { Inject, Injectable } from '@nestjs/common';
import { Database, isUniqueViolation } from '@switchyard/prisma';

@Injectable()
export class AccountSipDomainRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async subdomainOf(accountId: string): Promise<string | null> {
    const row = await this.database.client.accountSipDomain.findUnique({ where: { accountId } });
    return row?.subdomain ?? null;
  }

  /** The one lookup without an account: a REGISTER names the domain, and the domain names the account. */
  async accountOf(subdomain: string): Promise<string | null> {
    const row = await this.database.client.accountSipDomain.findUnique({ where: { subdomain } });
    return row?.accountId ?? null;
  }

  /** Creates the account's subdomain unless it has one (a concurrent request may have just made it). */
  async ensure(accountId: string, subdomain: string, now: Date): Promise<string> {
    try {
      await this.database.client.accountSipDomain.create({ data: { accountId, subdomain, createdAt: now } });
      return subdomain;
    } catch (error) {
      const existing = isUniqueViolation(error) ? await this.subdomainOf(accountId) : null;
      if (existing === null) throw error;
      return existing;
    }
  }
}
