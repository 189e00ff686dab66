import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccountsModule } from '@switchyard/accounts';
import { Authenticator, AuthGuard } from '@switchyard/auth';
import { type ApiConfig } from '@switchyard/config';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { IdempotencyInterceptor } from '@switchyard/http';
import { Database, DatabaseModule } from '@switchyard/prisma';
import { QueueConnection } from '@switchyard/queue';
import { HealthController } from './health/health.controller';
import { ReadinessProbe } from './health/readiness.probe';

class ApiLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ReadinessProbe) private readonly readiness: ReadinessProbe) {}
  async onApplicationShutdown(): Promise<void> {
    await this.readiness.close();
  }
}

@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig, clock: Clock): DynamicModule {
    const queueConnection = new QueueConnection(config.redis);
    return {
      module: ApiModule,
      global: true,
      imports: [DatabaseModule.forRoot({ url: config.database.url }), AccountsModule.forRoot(config.auth)],
      controllers: [HealthController],
      providers: [
        { provide: CLOCK, useValue: clock },
        { provide: QueueConnection, useValue: queueConnection },
        {
          provide: Authenticator,
          useFactory: (database: Database) =>
            new Authenticator(
              database,
              { tokenSecret: config.auth.tokenSecret, apiKeyCacheMs: 5_000, lastUsedResolutionMs: 60_000 },
              clock,
            ),
          inject: [Database],
        },
        {
          provide: ReadinessProbe,
          useFactory: (database: Database) =>
            new ReadinessProbe(database, queueConnection.createClient({ failFast: true })),
          inject: [Database],
        },
        ApiLifecycle,
        { provide: APP_GUARD, useClass: AuthGuard },
        {
          provide: APP_INTERCEPTOR,
          useFactory: (database: Database) => new IdempotencyInterceptor(database, clock),
          inject: [Database],
        },
      ],
      exports: [CLOCK, Authenticator],
    };
  }
}
