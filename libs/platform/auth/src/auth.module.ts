import { type DynamicModule, Module } from '@nestjs/common';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { Authenticator, type AuthenticatorSettings } from './authenticator';

/** Provides the Authenticator to the whole application; needs Database and CLOCK. */
@Module({})
export class AuthModule {
  static forRoot(settings: AuthenticatorSettings): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      providers: [
        {
          provide: Authenticator,
          useFactory: (database: Database, clock: Clock) => new Authenticator(database, settings, clock),
          inject: [Database, CLOCK],
        },
      ],
      exports: [Authenticator],
    };
  }
}
