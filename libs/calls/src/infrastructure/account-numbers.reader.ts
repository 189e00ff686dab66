import { Inject, Injectable } from '@nestjs/common';
import { type NumberHandling, type RecordingPolicy, recordingPolicyOf } from '@switchyard/numbers';
import { Database } from '@switchyard/prisma';

/** An active voice-capable number of the account and how it reaches one user. */
export interface VoiceNumberOfUser {
  readonly id: string;
  readonly phoneNumber: string;
  readonly sharedWithUser: boolean;
  readonly sharedWithUsersTeam: boolean;
}

/** A number of ours that a call from the carrier reached. */
export interface CalledNumber {
  readonly id: string;
  readonly accountId: string;
  readonly phoneNumber: string;
  /** Whether its calls are recorded: always, on request through the API, or never. */
  readonly recording: RecordingPolicy;
}

/**
 * Read-only look at the accounts and numbers contexts' tables for caller IDs in the sip app, where neither context's
 * services are wired (NumberAccess needs the api's AccountsModule and NumbersModule).
 */
@Injectable()
export class AccountNumbersReader {
  constructor(@Inject(Database) private readonly database: Database) {}

  async accountCountry(accountId: string): Promise<string> {
    const account = await this.database.client.account.findUniqueOrThrow({
      where: { id: accountId },
      select: { country: true },
    });
    return account.country;
  }

  async roleOf(accountId: string, userId: string): Promise<'owner' | 'admin' | 'agent' | null> {
    const user = await this.database.client.user.findFirst({
      where: { id: userId, accountId },
      select: { role: true },
    });
    return user?.role ?? null;
  }

  /** Active voice-capable numbers of the account, oldest first, with whether each is shared with the user. */
  async voiceNumbersOf(accountId: string, userId: string): Promise<VoiceNumberOfUser[]> {
    const teamIds = await this.teamIdsOf(accountId, userId);
    const numbers = await this.database.client.phoneNumber.findMany({
      where: { accountId, status: 'active', capabilities: { has: 'voice' } },
      select: {
        id: true,
        phoneNumber: true,
        userShares: { where: { userId }, select: { userId: true } },
        teamShares: { where: { teamId: { in: teamIds } }, select: { teamId: true } },
      },
      orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    });
    return numbers.map((number) => ({
      id: number.id,
      phoneNumber: number.phoneNumber,
      sharedWithUser: number.userShares.length > 0,
      sharedWithUsersTeam: number.teamShares.length > 0,
    }));
  }

  /** The active voice-capable number with this E.164 value, in an active account; null when none. */
  async activeVoiceNumber(phoneNumber: string): Promise<CalledNumber | null> {
    const number = await this.database.client.phoneNumber.findFirst({
      where: { phoneNumber, status: 'active', capabilities: { has: 'voice' } },
      select: { id: true, accountId: true, phoneNumber: true, voice: true },
    });
    if (!number) return null;
    const { voice, ...called } = number;
    return { ...called, recording: recordingPolicyOf(voice as NumberHandling | null) };
  }

  /** The recording policy of the account's number; numbers no longer held keep the one they had. */
  async recordingPolicy(accountId: string, numberId: string): Promise<RecordingPolicy> {
    const number = await this.database.client.phoneNumber.findFirst({
      where: { id: numberId, accountId },
      select: { voice: true },
    });
    return recordingPolicyOf((number?.voice ?? null) as NumberHandling | null);
  }

  async teamMemberIds(accountId: string, teamId: string): Promise<string[]> {
    const members = await this.database.client.teamMember.findMany({
      where: { accountId, teamId },
      select: { userId: true },
      orderBy: { createdAt: 'asc' },
    });
    return members.map((member) => member.userId);
  }

  private async teamIdsOf(accountId: string, userId: string): Promise<string[]> {
    const memberships = await this.database.client.teamMember.findMany({
      where: { accountId, userId },
      select: { teamId: true },
    });
    return memberships.map((membership) => membership.teamId);
  }
}
