import { Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database } from '@switchyard/prisma';

export interface ApiKeyRecord {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly prefix: string;
  readonly scopes: readonly string[];
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
  readonly revokedAt: Date | null;
}

const publicColumns = {
  id: true,
  accountId: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
} as const;

@Injectable()
export class ApiKeyRepository {
  constructor(private readonly database: Database) {}

  async find(accountId: string, keyId: string): Promise<ApiKeyRecord | null> {
    return this.database.client.apiKey.findFirst({ where: { id: keyId, accountId }, select: publicColumns });
  }

  async list(
    accountId: string,
    page: PageRequest,
    filter: { revoked?: boolean } = {},
  ): Promise<Page<ApiKeyRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const revoked = filter.revoked === undefined ? {} : { revokedAt: filter.revoked ? { not: null } : null };
    const rows = await this.database.client.apiKey.findMany({
      ...rest,
      where: { ...where, accountId, ...revoked },
      select: publicColumns,
    });
    return pageFromRows(rows, page);
  }

  async create(
    key: Omit<ApiKeyRecord, 'createdAt' | 'lastUsedAt' | 'revokedAt'> & { secretHash: string },
  ): Promise<ApiKeyRecord> {
    return this.database.client.apiKey.create({
      data: { ...key, scopes: [...key.scopes] },
      select: publicColumns,
    });
  }

  async revoke(accountId: string, keyId: string, at: Date): Promise<ApiKeyRecord | null> {
    await this.database.client.apiKey.updateMany({
      where: { id: keyId, accountId, revokedAt: null },
      data: { revokedAt: at },
    });
    return this.find(accountId, keyId);
  }
}
