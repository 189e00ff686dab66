import { Inject, Injectable } from '@nestjs/common';
import { type Principal, signAccessToken, verifyAccessToken } from '@switchyard/auth';
import { type AuthConfig } from '@switchyard/config';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
} from '@switchyard/errors';
import { type PageRequest } from '@switchyard/http';
import { Database } from '@switchyard/prisma';
import { mayManageRole, normalizeEmail, type UserRole, wouldLeaveNoOwner } from '../domain/account-rules';
import { type UserRecord, UserRepository } from '../infrastructure/user.repository';
import { hashPassword } from './passwords';

export const AUTH_CONFIG = Symbol('AUTH_CONFIG');
const invitationTtlSeconds = 7 * 86_400;

export interface NewUser {
  readonly email: string;
  readonly name: string;
  readonly role: UserRole;
  /** Without a password the user is invited and sets one through the invitation. */
  readonly password?: string;
}

export interface CreatedUser {
  readonly user: UserRecord;
  readonly invitation?: { readonly token: string; readonly expiresAt: Date };
}

@Injectable()
export class UserService {
  constructor(
    @Inject(UserRepository) private readonly users: UserRepository,
    @Inject(Database) private readonly database: Database,
    @Inject(AUTH_CONFIG) private readonly auth: AuthConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(principal: Principal, page: PageRequest, filter: { role?: UserRole }) {
    return this.users.list(principal.accountId, page, filter);
  }

  async get(principal: Principal, userId: string): Promise<UserRecord> {
    const user = await this.users.find(principal.accountId, userId);
    if (!user) throw new NotFoundError('user', userId);
    return user;
  }

  async create(principal: Principal, input: NewUser): Promise<CreatedUser> {
    this.assertMayManage(principal, input.role);
    const email = normalizeEmail(input.email);
    if (await this.users.emailTaken(email)) {
      throw new ConflictError('email_taken', 'A user with this e-mail address already exists.');
    }
    const now = this.clock.now();
    const user = await this.users.create({
      id: newId('user', now.getTime()),
      accountId: principal.accountId,
      email,
      name: input.name,
      role: input.role,
      passwordHash: input.password === undefined ? null : await hashPassword(input.password),
      invitedAt: input.password === undefined ? now : null,
    });
    if (input.password !== undefined) return { user };
    const { token, expiresAt } = signAccessToken(
      { sub: user.id, acc: user.accountId, role: user.role },
      this.invitationSecret(),
      Math.floor(now.getTime() / 1000),
      invitationTtlSeconds,
    );
    return { user, invitation: { token, expiresAt: new Date(expiresAt * 1000) } };
  }

  async update(
    principal: Principal,
    userId: string,
    changes: { name?: string; role?: UserRole },
  ): Promise<UserRecord> {
    return this.database.transaction(async () => {
      const user = await this.get(principal, userId);
      this.assertMayManage(principal, user.role);
      if (changes.role !== undefined) {
        this.assertMayManage(principal, changes.role);
        const owners = await this.users.countOwners(principal.accountId);
        if (wouldLeaveNoOwner(owners, user.role === 'owner', changes.role === 'owner')) {
          throw new ConflictError('last_owner', 'An account keeps at least one owner.');
        }
      }
      return this.users.update(principal.accountId, userId, changes);
    });
  }

  async delete(principal: Principal, userId: string): Promise<void> {
    await this.database.transaction(async () => {
      const user = await this.get(principal, userId);
      this.assertMayManage(principal, user.role);
      if (principal.userId === userId)
        throw new ConflictError('cannot_delete_self', 'Users cannot delete themselves.');
      if (
        wouldLeaveNoOwner(await this.users.countOwners(principal.accountId), user.role === 'owner', false)
      ) {
        throw new ConflictError('last_owner', 'An account keeps at least one owner.');
      }
      await this.users.delete(principal.accountId, userId);
    });
  }

  async acceptInvitation(token: string, password: string): Promise<UserRecord> {
    const claims = verifyAccessToken(
      token,
      this.invitationSecret(),
      Math.floor(this.clock.now().getTime() / 1000),
    );
    if (!claims)
      throw new UnauthenticatedError('invalid_invitation', 'The invitation is not valid or has expired.');
    const user = await this.users.find(claims.acc, claims.sub);
    if (!user || user.passwordHash !== null) {
      throw new DomainError('conflict', 'invitation_used', 'This invitation has already been accepted.');
    }
    return this.users.update(claims.acc, claims.sub, {
      passwordHash: await hashPassword(password),
      invitedAt: null,
    });
  }

  private assertMayManage(principal: Principal, role: UserRole): void {
    const actor = principal.kind === 'api_key' ? 'api_key' : (principal.role ?? 'agent');
    if (!mayManageRole(actor, role)) {
      throw new ForbiddenError('role_not_allowed', `You may not manage users with the role ${role}.`);
    }
  }

  /** Invitation tokens are signed with a key derived for that purpose, so they never pass as access tokens. */
  private invitationSecret(): string {
    return `${this.auth.tokenSecret}:invitation`;
  }
}
