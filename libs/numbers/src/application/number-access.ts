import { Inject, Injectable } from '@nestjs/common';
import { AccountDirectory } from '@switchyard/accounts';
import { type Principal } from '@switchyard/auth';
import { type NumberVisibility, PhoneNumberRepository } from '../infrastructure/phone-number.repository';

/** Agents see and use only the numbers shared with them or their teams; everyone else sees the account's numbers. */
@Injectable()
export class NumberAccess {
  constructor(
    @Inject(AccountDirectory) private readonly directory: AccountDirectory,
    @Inject(PhoneNumberRepository) private readonly numbers: PhoneNumberRepository,
  ) {}

  async visibilityOf(principal: Principal): Promise<NumberVisibility> {
    if (principal.kind !== 'user' || principal.role !== 'agent' || principal.userId === undefined) {
      return { kind: 'all' };
    }
    return {
      kind: 'shared',
      userId: principal.userId,
      teamIds: await this.directory.teamIdsOf(principal.accountId, principal.userId),
    };
  }

  /** The ids of the numbers a user may use; answers the webhooks context's `SharedNumbers` port. */
  async numberIdsSharedWith(accountId: string, userId: string): Promise<ReadonlySet<string>> {
    const numbers = await this.sharedNumbersOf(accountId, userId);
    return new Set(numbers.map((number) => number.id));
  }

  /** The E.164 values of those numbers, for records that name our number only by its value (voicemails). */
  async phoneNumbersSharedWith(accountId: string, userId: string): Promise<ReadonlySet<string>> {
    const numbers = await this.sharedNumbersOf(accountId, userId);
    return new Set(numbers.map((number) => number.phoneNumber));
  }

  private async sharedNumbersOf(accountId: string, userId: string) {
    const teamIds = await this.directory.teamIdsOf(accountId, userId);
    return this.numbers.sharedNumbersOf(accountId, userId, teamIds);
  }
}
