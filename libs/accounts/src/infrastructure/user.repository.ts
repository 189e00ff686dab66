import { Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database } from '@switchyard/prisma';
import { type UserRole } from '../domain/account-rules';

export interface UserRecord {
  readonly id: string;
  readonly accountId: string;
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  readonly passwordHash: string | null;
  readonly invitedAt: Date | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

@Injectable()
export class UserRepository {
  constructor(private readonly database: Database) {}

  async find(accountId: string, userId: string): Promise<UserRecord | null> {
    return this.database.client.user.findFirst({ where: { id: userId, accountId } });
  }

  /** Sign-in is the one lookup without an account: the e-mail address decides which account it is. */
  async findForSignIn(email: string): Promise<UserRecord | null> {
    return this.database.client.user.findUnique({ where: { email } });
  }

  async emailTaken(email: string): Promise<boolean> {
    return (await this.database.client.user.count({ where: { email } })) > 0;
  }

  async list(
    accountId: string,
    page: PageRequest,
    filter: { role?: UserRole } = {},
  ): Promise<Page<UserRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.user.findMany({
      ...rest,
      where: { ...where, accountId, ...filter },
    });
    return pageFromRows(rows, page);
  }

  async countOwners(accountId: string): Promise<number> {
    return this.database.client.user.count({ where: { accountId, role: 'owner' } });
  }

  async create(user: Omit<UserRecord, 'createdAt' | 'updatedAt'>): Promise<UserRecord> {
    return this.database.client.user.create({ data: user });
  }

  async update(
    accountId: string,
    userId: string,
    changes: Partial<Pick<UserRecord, 'name' | 'role' | 'passwordHash' | 'invitedAt'>>,
  ): Promise<UserRecord> {
    await this.database.client.user.updateMany({ where: { id: userId, accountId }, data: changes });
    const updated = await this.find(accountId, userId);
    if (!updated) throw new Error(`user ${userId} vanished during update`);
    return updated;
  }

  async delete(accountId: string, userId: string): Promise<void> {
    await this.database.client.user.deleteMany({ where: { id: userId, accountId } });
  }
}
