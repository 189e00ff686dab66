import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { ConflictError, NotFoundError, ValidationError } from '@switchyard/errors';
import { type PageRequest } from '@switchyard/http';
import { Database } from '@switchyard/prisma';
import { normalizeTeamName } from '../domain/team-rules';
import { type TeamMemberRecord, type TeamRecord, TeamRepository } from '../infrastructure/team.repository';
import { UserRepository } from '../infrastructure/user.repository';

const nameTaken = () =>
  new ConflictError('team_name_taken', 'The account already has a team with this name.');

@Injectable()
export class TeamService {
  constructor(
    @Inject(TeamRepository) private readonly teams: TeamRepository,
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(Database) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(principal: Principal, page: PageRequest) {
    return this.teams.list(principal.accountId, page);
  }

  async get(principal: Principal, teamId: string): Promise<TeamRecord> {
    const team = await this.teams.find(principal.accountId, teamId);
    if (!team) throw new NotFoundError('team', teamId);
    return team;
  }

  async create(principal: Principal, input: { name: string; description?: string }): Promise<TeamRecord> {
    const now = this.clock.now();
    const team = await this.teams.create({
      id: newId('team', now.getTime()),
      accountId: principal.accountId,
      name: normalizeTeamName(input.name),
      description: input.description ?? null,
      createdAt: now,
    });
    if (!team) throw nameTaken();
    return team;
  }

  async update(
    principal: Principal,
    teamId: string,
    changes: { name?: string; description?: string | null },
  ): Promise<TeamRecord> {
    await this.get(principal, teamId);
    const updated = await this.teams.update(principal.accountId, teamId, {
      ...changes,
      ...(changes.name !== undefined && { name: normalizeTeamName(changes.name) }),
    });
    if (!updated) throw nameTaken();
    return this.get(principal, teamId);
  }

  async delete(principal: Principal, teamId: string): Promise<void> {
    await this.get(principal, teamId);
    await this.teams.delete(principal.accountId, teamId);
  }

  async listMembers(principal: Principal, teamId: string, page: PageRequest) {
    await this.get(principal, teamId);
    return this.teams.listMembers(principal.accountId, teamId, page);
  }

  /** Adding a member twice keeps the first membership. */
  async addMember(principal: Principal, teamId: string, userId: string): Promise<TeamMemberRecord> {
    return this.database.transaction(async () => {
      await this.get(principal, teamId);
      if (!(await this.users.find(principal.accountId, userId))) {
        throw new ValidationError([
          { field: 'userId', code: 'user_not_found', message: `No user ${userId} in this account.` },
        ]);
      }
      await this.teams.addMember(principal.accountId, teamId, userId, this.clock.now());
      const member = await this.teams.findMember(principal.accountId, teamId, userId);
      if (!member) throw new Error(`membership of ${userId} in ${teamId} vanished`);
      return member;
    });
  }

  async removeMember(principal: Principal, teamId: string, userId: string): Promise<void> {
    await this.get(principal, teamId);
    if (!(await this.teams.findMember(principal.accountId, teamId, userId))) {
      throw new NotFoundError('team_member', userId);
    }
    await this.teams.removeMember(principal.accountId, teamId, userId);
  }
}
