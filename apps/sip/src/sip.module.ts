import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type SipConfig } from '@switchyard/config';
import { type Logger } from '@switchyard/logging';
import { DatabaseModule } from '@switchyard/prisma';
import { DrachtioConnection } from './drachtio-connection';
import { HealthServer } from './health-server';
import { answerOptions } from './options.handler';

class SipLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(DrachtioConnection) private readonly drachtio: DrachtioConnection,
    @Inject(HealthServer) private readonly health: HealthServer,
    private readonly config: SipConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    answerOptions(this.drachtio.srf);
    await this.health.listen(this.config.health.host, this.config.health.port);
    this.drachtio.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.drachtio.disconnect();
    await this.health.close();
  }
}

@Module({})
export class SipModule {
  static forRoot(config: SipConfig, logger: Logger): DynamicModule {
    return {
      module: SipModule,
      global: true,
      imports: [DatabaseModule.forRoot({ url: config.database.url })],
      providers: [
        { provide: DrachtioConnection, useValue: new DrachtioConnection(config, logger) },
        {
          provide: HealthServer,
          useFactory: (drachtio: DrachtioConnection) => new HealthServer(drachtio),
          inject: [DrachtioConnection],
        },
        {
          provide: SipLifecycle,
          useFactory: (drachtio: DrachtioConnection, health: HealthServer) =>
            new SipLifecycle(drachtio, health, config),
          inject: [DrachtioConnection, HealthServer],
        },
      ],
      exports: [DrachtioConnection],
    };
  }
}
