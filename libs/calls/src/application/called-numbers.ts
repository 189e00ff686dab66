import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, TtlCache } from '@switchyard/contracts';
import { AccountNumbersReader, type CalledNumber } from '../infrastructure/account-numbers.reader';

/** What an inbound call needs to find its account and whom to ring, cached ~5 s for the sip hot path. */
@Injectable()
export class CalledNumbers {
  private readonly numbers: TtlCache<CalledNumber | null>;
  private readonly teams: TtlCache<string[]>;

  constructor(
    @Inject(AccountNumbersReader) private readonly reader: AccountNumbersReader,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.numbers = new TtlCache(5_000, clock);
    this.teams = new TtlCache(5_000, clock);
  }

  /** The account's active voice number with this E.164 value and its recording policy; null when none of ours. */
  byPhoneNumber(phoneNumber: string): Promise<CalledNumber | null> {
    return this.numbers.getOrLoad(phoneNumber, () => this.reader.activeVoiceNumber(phoneNumber));
  }

  /** The users of a team, in the order they joined. */
  teamMembers(accountId: string, teamId: string): Promise<string[]> {
    return this.teams.getOrLoad(`${accountId}:${teamId}`, () => this.reader.teamMemberIds(accountId, teamId));
  }
}
