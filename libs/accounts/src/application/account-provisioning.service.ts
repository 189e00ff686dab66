import { Inject, Injectable } from '@nestjs/common';
import { issueApiKey } from '@switchyard/auth';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { ConflictError, ValidationError } from '@switchyard/errors';
import { Database } from '@switchyard/prisma';
import { accountFieldErrors, normalizeEmail } from '../domain/account-rules';
import { AccountRepository } from '../infrastructure/account.repository';
import { ApiKeyRepository } from '../infrastructure/api-key.repository';
import { UserRepository } from '../infrastructure/user.repository';
import { hashPassword } from './passwords';

export interface NewAccount {
  readonly name: string;
  readonly country: string;
  readonly timezone: string;
  readonly owner: { readonly email: string; readonly name: string; readonly password: string };
}

/** Creates an account with its owner and a first full-access API key, in one transaction. */
@Injectable()
export class AccountProvisioningService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(AccountRepository) private readonly accounts: AccountRepository,
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(ApiKeyRepository) private readonly keys: ApiKeyRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async provision(input: NewAccount) {
    const errors = accountFieldErrors(input);
    if (errors.length > 0) throw new ValidationError(errors);
    const passwordHash = await hashPassword(input.owner.password);
    const issued = issueApiKey();
    const now = this.clock.now().getTime();
    return this.database.transaction(async () => {
      const email = normalizeEmail(input.owner.email);
      if (await this.users.emailTaken(email))
        throw new ConflictError('email_taken', 'A user with this e-mail address already exists.');
      const account = await this.accounts.create({
        id: newId('account', now),
        name: input.name,
        country: input.country,
        timezone: input.timezone,
      });
      const owner = await this.users.create({
        id: newId('user', now),
        accountId: account.id,
        email,
        name: input.owner.name,
        role: 'owner',
        passwordHash,
        invitedAt: null,
      });
      const apiKey = await this.keys.create({
        id: newId('apiKey', now),
        accountId: account.id,
        name: 'Default key',
        prefix: issued.prefix,
        scopes: ['*'],
        secretHash: issued.secretHash,
      });
      return { account, owner, apiKey, apiKeySecret: issued.key };
    });
  }
}
