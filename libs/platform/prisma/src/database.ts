import { AsyncLocalStorage } from 'node:async_hooks';
import { PrismaPg } from '@prisma/adapter-pg';
import { Prisma, PrismaClient } from './generated/client';

export type TransactionClient = Prisma.TransactionClient;

export interface DatabaseSettings {
  readonly url: string;
  readonly poolSize?: number;
}

/**
 * The single owner of database access. Repositories ask it for `client`, which is the open transaction when one
 * runs on the current async path, so a repository cannot accidentally write outside a use case's transaction.
 */
export class Database {
  readonly root: PrismaClient;
  private readonly transactionScope = new AsyncLocalStorage<TransactionClient>();

  constructor(settings: DatabaseSettings) {
    this.root = new PrismaClient({
      adapter: new PrismaPg({ connectionString: settings.url, max: settings.poolSize ?? 10 }),
    });
  }

  get client(): TransactionClient {
    return this.transactionScope.getStore() ?? this.root;
  }

  get inTransaction(): boolean {
    return this.transactionScope.getStore() !== undefined;
  }

  /** Runs `work` in one transaction; nested calls join the outer one. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return work();
    return this.root.$transaction((transaction) => this.transactionScope.run(transaction, work), {
      timeout: 15_000,
      maxWait: 5_000,
    });
  }

  async ping(): Promise<void> {
    await this.root.$queryRaw`SELECT 1`;
  }

  async close(): Promise<void> {
    await this.root.$disconnect();
  }
}

/** Unique-constraint violation, for callers that turn a lost race into a conflict. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';
}
