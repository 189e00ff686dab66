import { Inject, Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database, isUniqueViolation } from '@switchyard/prisma';
import { type UserRole } from '../domain/account-rules';

export interface TeamRecord {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly description: string | null;
  readonly memberCount: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface TeamMemberRecord {
  readonly teamId: string;
  readonly userId: string;
  readonly createdAt: Date;
  readonly user: { readonly name: string; readonly email: string; readonly role: UserRole };
}

const memberColumns = {
  teamId: true,
  userId: true,
  createdAt: true,
  user: { select: { name: true, email: true, role: true } },
} as const;

const withMemberCount = { _count: { select: { members: true } } } as const;

function toRecord(row: {
  id: string;
  accountId: string;
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
  _count: { members: number };
}): TeamRecord {
  const { _count, ...team } = row;
  return { ...team, memberCount: _count.members };
}

@Injectable()
export class TeamRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async find(accountId: string, teamId: string): Promise<TeamRecord | null> {
    const row = await this.database.client.team.findFirst({
      where: { id: teamId, accountId },
      include: withMemberCount,
    });
    return row ? toRecord(row) : null;
  }

  async list(accountId: string, page: PageRequest): Promise<Page<TeamRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.team.findMany({
      ...rest,
      where: { ...where, accountId },
      include: withMemberCount,
    });
    return pageFromRows(rows.map(toRecord), page);
  }

  /** Null when the account already has a team of that name. */
  async create(team: {
    id: string;
    accountId: string;
    name: string;
    description: string | null;
    createdAt: Date;
  }): Promise<TeamRecord | null> {
    try {
      return toRecord(await this.database.client.team.create({ data: team, include: withMemberCount }));
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  /** False when the new name is taken by another team of the account. */
  async update(
    accountId: string,
    teamId: string,
    changes: { name?: string; description?: string | null },
  ): Promise<boolean> {
    try {
      await this.database.client.team.updateMany({ where: { id: teamId, accountId }, data: changes });
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  async delete(accountId: string, teamId: string): Promise<void> {
    await this.database.client.team.deleteMany({ where: { id: teamId, accountId } });
  }

  /** Members ordered by user id; the cursor is a user id. */
  async listMembers(accountId: string, teamId: string, page: PageRequest): Promise<Page<TeamMemberRecord>> {
    const backwards = page.endingBefore !== undefined;
    const cursor =
      page.endingBefore !== undefined
        ? { userId: { lt: page.endingBefore } }
        : page.startingAfter !== undefined
          ? { userId: { gt: page.startingAfter } }
          : {};
    const rows = await this.database.client.teamMember.findMany({
      where: { accountId, teamId, ...cursor },
      orderBy: { userId: backwards ? 'desc' : 'asc' },
      take: page.limit + 1,
      select: memberColumns,
    });
    return pageFromRows(rows, page);
  }

  async addMember(accountId: string, teamId: string, userId: string, at: Date): Promise<void> {
    await this.database.client.teamMember.createMany({
      data: [{ accountId, teamId, userId, createdAt: at }],
      skipDuplicates: true,
    });
  }

  async findMember(accountId: string, teamId: string, userId: string): Promise<TeamMemberRecord | null> {
    return this.database.client.teamMember.findFirst({
      where: { accountId, teamId, userId },
      select: memberColumns,
    });
  }

  async removeMember(accountId: string, teamId: string, userId: string): Promise<void> {
    await this.database.client.teamMember.deleteMany({ where: { accountId, teamId, userId } });
  }

  async teamIdsOf(accountId: string, userId: string): Promise<string[]> {
    const rows = await this.database.client.teamMember.findMany({
      where: { accountId, userId },
      select: { teamId: true },
      orderBy: { teamId: 'asc' },
    });
    return rows.map((row) => row.teamId);
  }

  async existingIds(accountId: string, teamIds: readonly string[]): Promise<ReadonlySet<string>> {
    const rows = await this.database.client.team.findMany({
      where: { accountId, id: { in: [...teamIds] } },
      select: { id: true },
    });
    return new Set(rows.map((row) => row.id));
  }
}
