import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, TtlCache } from '@switchyard/contracts';
import { type UsableNumber } from '../domain';
import { AccountNumbersReader } from '../infrastructure/account-numbers.reader';

/** The numbers users may present as caller ID, and the account facts dialing needs, cached for the sip hot path. */
@Injectable()
export class CallerNumbers {
  private readonly usable: TtlCache<UsableNumber[]>;
  private readonly countries: TtlCache<string>;

  constructor(
    @Inject(AccountNumbersReader) private readonly reader: AccountNumbersReader,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.usable = new TtlCache(5_000, clock);
    // An account's country is set when it is created and practically never changes.
    this.countries = new TtlCache(300_000, clock);
  }

  /**
   * Active voice-capable numbers the user may present, in preference order: shared with the user directly, then
   * through the user's teams, then (owner/admin only) every other active number of the account; oldest first
   * within each group. Cached ~5 s.
   */
  usableBy(accountId: string, userId: string): Promise<UsableNumber[]> {
    return this.usable.getOrLoad(`${accountId}:${userId}`, async () => {
      const [role, numbers] = await Promise.all([
        this.reader.roleOf(accountId, userId),
        this.reader.voiceNumbersOf(accountId, userId),
      ]);
      const direct = numbers.filter((number) => number.sharedWithUser);
      const throughTeams = numbers.filter((number) => !number.sharedWithUser && number.sharedWithUsersTeam);
      const others =
        role === 'owner' || role === 'admin'
          ? numbers.filter((number) => !number.sharedWithUser && !number.sharedWithUsersTeam)
          : [];
      return [...direct, ...throughTeams, ...others].map((number) => ({
        id: number.id,
        phoneNumber: number.phoneNumber,
        sharedWithUser: number.sharedWithUser,
      }));
    });
  }

  /** The account's country (ISO alpha-2), cached. */
  accountCountry(accountId: string): Promise<string> {
    return this.countries.getOrLoad(accountId, () => this.reader.accountCountry(accountId));
  }
}
