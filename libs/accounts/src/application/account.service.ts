import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { NotFoundError, ValidationError } from '@switchyard/errors';
import { accountFieldErrors } from '../domain/account-rules';
import { type AccountRecord, AccountRepository } from '../infrastructure/account.repository';

export interface AccountChanges {
  readonly name?: string;
  readonly country?: string;
  readonly timezone?: string;
}

@Injectable()
export class AccountService {
  constructor(@Inject(AccountRepository) private readonly accounts: AccountRepository) {}

  async get(principal: Principal): Promise<AccountRecord> {
    const account = await this.accounts.find(principal.accountId);
    if (!account) throw new NotFoundError('account', principal.accountId);
    return account;
  }

  async update(principal: Principal, changes: AccountChanges): Promise<AccountRecord> {
    const errors = accountFieldErrors(changes);
    if (errors.length > 0) throw new ValidationError(errors);
    await this.get(principal);
    return this.accounts.update(principal.accountId, changes);
  }
}
