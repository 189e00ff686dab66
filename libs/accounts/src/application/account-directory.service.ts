import { Inject, Injectable } from '@nestjs/common';
import { TeamRepository } from '../infrastructure/team.repository';
import { UserRepository } from '../infrastructure/user.repository';

/** What other contexts may ask about the people of an account: who exists, and who belongs to which team. */
@Injectable()
export class AccountDirectory {
  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(TeamRepository) private readonly teams: TeamRepository,
  ) {}

  teamIdsOf(accountId: string, userId: string): Promise<string[]> {
    return this.teams.teamIdsOf(accountId, userId);
  }

  /** The given user ids that name no user of the account. */
  async unknownUserIds(accountId: string, userIds: readonly string[]): Promise<string[]> {
    const found = await Promise.all(userIds.map((userId) => this.users.find(accountId, userId)));
    return userIds.filter((_, index) => found[index] === null);
  }

  /** The given team ids that name no team of the account. */
  async unknownTeamIds(accountId: string, teamIds: readonly string[]): Promise<string[]> {
    const existing = await this.teams.existingIds(accountId, teamIds);
    return teamIds.filter((teamId) => !existing.has(teamId));
  }
}
