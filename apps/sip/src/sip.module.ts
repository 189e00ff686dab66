import {
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type SipConfig } from '@switchyard/config';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { DevicesModule, EdgeSecurityService, RegistrarService } from '@switchyard/devices';
import { type Logger } from '@switchyard/logging';
import { DatabaseModule } from '@switchyard/prisma';
import { QueueConnection } from '@switchyard/queue';
import { DrachtioConnection } from './drachtio-connection';
import { screenAtEdge } from './edge-security.middleware';
import { HealthServer } from './health-server';
import { answerOptions } from './options.handler';
import { handleRegister } from './register.handler';
import { loggedSipSecurityEvents } from './sip-security-events.logger';

class SipLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(DrachtioConnection) private readonly drachtio: DrachtioConnection,
    @Inject(HealthServer) private readonly health: HealthServer,
    @Inject(EdgeSecurityService) private readonly edge: EdgeSecurityService,
    @Inject(RegistrarService) private readonly registrar: RegistrarService,
    private readonly config: SipConfig,
    private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { srf } = this.drachtio;
    // Middleware runs in the order it is added: edge security before every handler.
    screenAtEdge(srf, this.edge, this.logger);
    answerOptions(srf);
    handleRegister(srf, this.registrar, this.logger);
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
  static forRoot(config: SipConfig, logger: Logger, clock: Clock): DynamicModule {
    return {
      module: SipModule,
      global: true,
      imports: [
        DatabaseModule.forRoot({ url: config.database.url }),
        DevicesModule.forSip(config, loggedSipSecurityEvents(logger)),
      ],
      providers: [
        { provide: CLOCK, useValue: clock },
        { provide: QueueConnection, useValue: new QueueConnection(config.redis) },
        { provide: DrachtioConnection, useValue: new DrachtioConnection(config, logger) },
        {
          provide: HealthServer,
          useFactory: (drachtio: DrachtioConnection) => new HealthServer(drachtio),
          inject: [DrachtioConnection],
        },
        {
          provide: SipLifecycle,
          useFactory: (
            drachtio: DrachtioConnection,
            health: HealthServer,
            edge: EdgeSecurityService,
            registrar: RegistrarService,
          ) => new SipLifecycle(drachtio, health, edge, registrar, config, logger),
          inject: [DrachtioConnection, HealthServer, EdgeSecurityService, RegistrarService],
        },
      ],
      exports: [DrachtioConnection, CLOCK, QueueConnection],
    };
  }
}
