import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { AccountsModule } from '@switchyard/accounts';
import { AuthGuard, AuthModule } from '@switchyard/auth';
import { CallFlowsModule } from '@switchyard/call-flows';
import { CallsModule } from '@switchyard/calls';
import { createCarrier } from '@switchyard/carriers';
import { type ApiConfig } from '@switchyard/config';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { DevicesModule } from '@switchyard/devices';
import { IdempotencyInterceptor } from '@switchyard/http';
import { MessagingModule } from '@switchyard/messaging';
import { NumberAccess, NumbersModule } from '@switchyard/numbers';
import { Database, DatabaseModule } from '@switchyard/prisma';
import { QueueConnection } from '@switchyard/queue';
import { SoxAudioTranscoder } from '@switchyard/speech';
import { LocalDiskStorage } from '@switchyard/storage';
import { VoicemailModule } from '@switchyard/voicemail';
import { WebhooksModule } from '@switchyard/webhooks';
import { HealthController } from './health/health.controller';
import { ReadinessProbe } from './health/readiness.probe';

class ApiLifecycle implements OnApplicationShutdown {
  constructor(@Inject(ReadinessProbe) private readonly readiness: ReadinessProbe) {}
  async onApplicationShutdown(): Promise<void> {
    await this.readiness.close();
  }
}

class QueueConnectionLifecycle implements OnApplicationShutdown {
  constructor(@Inject(QueueConnection) private readonly connection: QueueConnection) {}
  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}

@Module({})
export class ApiModule {
  static forRoot(config: ApiConfig, clock: Clock): DynamicModule {
    const queueConnection = new QueueConnection(config.redis);
    const storage = new LocalDiskStorage(config.storage.directory);
    const numbers = NumbersModule.forApi({
      config,
      carrier: (sandboxStore) => createCarrier(config.carrier, { sandboxStore, clock: () => clock.now() }),
      storage,
    });
    return {
      module: ApiModule,
      global: true,
      imports: [
        DatabaseModule.forRoot({ url: config.database.url }),
        AuthModule.forRoot({
          tokenSecret: config.auth.tokenSecret,
          apiKeyCacheMs: 5_000,
          lastUsedResolutionMs: 60_000,
        }),
        AccountsModule.forRoot(config.auth),
        WebhooksModule.forApi(config, { module: numbers, sharedNumbers: NumberAccess }),
        DevicesModule.forApi(config),
        CallFlowsModule.forApi({ storage, audioTranscoder: new SoxAudioTranscoder() }),
        numbers,
        MessagingModule.forApi(numbers, config.carrierWebhooks, config.messagingPacing, {
          storage,
          config: config.messagingMedia,
          allowPrivateTargets: config.webhooks.allowPrivateTargets,
          fetchTimeoutMs: config.webhooks.timeoutMs,
        }),
        CallsModule.forApi(numbers, config, storage),
        VoicemailModule.forApi({ storage, numbers }),
      ],
      controllers: [HealthController],
      providers: [
        { provide: CLOCK, useValue: clock },
        { provide: QueueConnection, useValue: queueConnection },
        {
          provide: ReadinessProbe,
          useFactory: (database: Database) =>
            new ReadinessProbe(database, queueConnection.createClient({ failFast: true })),
          inject: [Database],
        },
        ApiLifecycle,
        QueueConnectionLifecycle,
        { provide: APP_GUARD, useClass: AuthGuard },
        {
          provide: APP_INTERCEPTOR,
          useFactory: (database: Database) => new IdempotencyInterceptor(database, clock),
          inject: [Database],
        },
      ],
      // Re-exported so other contexts can ask AccountDirectory about users and teams, and FlowCatalog about flows.
      exports: [CLOCK, QueueConnection, AccountsModule, CallFlowsModule],
    };
  }
}
