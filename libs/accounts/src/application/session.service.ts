import { Inject, Injectable } from '@nestjs/common';
import { signAccessToken } from '@switchyard/auth';
import { type AuthConfig } from '@switchyard/config';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { UnauthenticatedError } from '@switchyard/errors';
import { normalizeEmail } from '../domain/account-rules';
import { AccountRepository } from '../infrastructure/account.repository';
import { UserRepository } from '../infrastructure/user.repository';
import { verifyPassword } from './passwords';
import { AUTH_CONFIG } from './user.service';

@Injectable()
export class SessionService {
  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(AccountRepository) private readonly accounts: AccountRepository,
    @Inject(AUTH_CONFIG) private readonly auth: AuthConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Same answer for an unknown address and a wrong password, so addresses cannot be probed. */
  async signIn(email: string, password: string) {
    const user = await this.users.findForSignIn(normalizeEmail(email));
    const passwordMatches = await verifyPassword(user?.passwordHash ?? null, password);
    const account = user && passwordMatches ? await this.accounts.find(user.accountId) : null;
    if (!user || !account || account.status === 'closed') {
      throw new UnauthenticatedError('invalid_credentials', 'The e-mail address or password is not correct.');
    }
    const { token, expiresAt } = signAccessToken(
      { sub: user.id, acc: user.accountId, role: user.role },
      this.auth.tokenSecret,
      Math.floor(this.clock.now().getTime() / 1000),
      this.auth.accessTokenTtlSeconds,
    );
    return { accessToken: token, tokenType: 'Bearer' as const, expiresAt: new Date(expiresAt * 1000), user };
  }
}
