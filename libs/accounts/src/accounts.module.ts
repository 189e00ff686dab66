import { type DynamicModule, Module } from '@nestjs/common';
import { type AuthConfig } from '@switchyard/config';
import { AccountDirectory } from './application/account-directory.service';
import { AccountProvisioningService } from './application/account-provisioning.service';
import { AccountService } from './application/account.service';
import { ApiKeyService } from './application/api-key.service';
import { SessionService } from './application/session.service';
import { TeamService } from './application/team.service';
import { AUTH_CONFIG, UserService } from './application/user.service';
import { AccountController } from './http/account.controller';
import { ApiKeysController } from './http/api-keys.controller';
import { SessionsController } from './http/sessions.controller';
import { TeamsController } from './http/teams.controller';
import { UsersController } from './http/users.controller';
import { AccountRepository } from './infrastructure/account.repository';
import { ApiKeyRepository } from './infrastructure/api-key.repository';
import { TeamRepository } from './infrastructure/team.repository';
import { UserRepository } from './infrastructure/user.repository';

/** Accounts, users, teams, API keys and sign-in. Needs Database, Authenticator and CLOCK from the app. */
@Module({})
export class AccountsModule {
  static forRoot(auth: AuthConfig): DynamicModule {
    return {
      module: AccountsModule,
      controllers: [
        AccountController,
        UsersController,
        ApiKeysController,
        SessionsController,
        TeamsController,
      ],
      providers: [
        { provide: AUTH_CONFIG, useValue: auth },
        AccountRepository,
        UserRepository,
        ApiKeyRepository,
        AccountService,
        UserService,
        ApiKeyService,
        SessionService,
        AccountProvisioningService,
        TeamRepository,
        TeamService,
        AccountDirectory,
      ],
      exports: [AccountProvisioningService, ApiKeyService, AccountDirectory],
    };
  }
}
