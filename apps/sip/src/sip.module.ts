import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { CallFlowsModule, PublishedFlowLookup } from '@switchyard/call-flows';
import {
  CalledNumbers,
  CallerNumbers,
  CallHangupBus,
  CallPolicyService,
  CallRecorder,
  CallsModule,
  LiveCallRegistry,
  OrphanedCalls,
} from '@switchyard/calls';
import { type SipConfig } from '@switchyard/config';
import { CLOCK, type Clock } from '@switchyard/contracts';
import {
  CallerAuthenticator,
  DeviceDirectory,
  DevicesModule,
  EdgeSecurityService,
  RegistrarService,
} from '@switchyard/devices';
import { type Logger } from '@switchyard/logging';
import { DatabaseModule } from '@switchyard/prisma';
import { QueueConnection } from '@switchyard/queue';
import { CallPlanner } from './calls/call-planner';
import { CallsLifecycle } from './calls/calls-lifecycle';
import { InboundCalls, type InboundMedia } from './calls/inbound-calls';
import { INBOUND_MEDIA, startMedia } from './calls/inbound-media';
import { InviteHandler } from './calls/invite.handler';
import { LiveCalls } from './calls/live-calls';
import { DrachtioConnection } from './drachtio-connection';
import { screenAtEdge } from './edge-security.middleware';
import { HealthServer } from './health-server';
import { answerOptions } from './options.handler';
import { handleRegister } from './register.handler';

class SipLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(
    @Inject(DrachtioConnection) private readonly drachtio: DrachtioConnection,
    @Inject(HealthServer) private readonly health: HealthServer,
    @Inject(EdgeSecurityService) private readonly edge: EdgeSecurityService,
    @Inject(RegistrarService) private readonly registrar: RegistrarService,
    @Inject(InviteHandler) private readonly invites: InviteHandler,
    @Inject(CallsLifecycle) private readonly calls: CallsLifecycle,
    private readonly config: SipConfig,
    private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { srf } = this.drachtio;
    // Middleware runs in the order it is added: edge security before every handler.
    screenAtEdge(srf, this.edge, this.logger);
    answerOptions(srf);
    handleRegister(srf, this.registrar, this.logger);
    this.invites.install();
    this.drachtio.onConnectionLost(() => this.calls.connectionLost());
    await this.calls.start();
    await this.health.listen(this.config.health.host, this.config.health.port);
    this.drachtio.connect();
  }

  /** SIGTERM: new calls get 503 while live ones end; the connection to drachtio stays up until then. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.calls.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    this.drachtio.disconnect();
    await this.health.close();
  }
}

class MediaLifecycle implements OnApplicationShutdown {
  constructor(@Inject(INBOUND_MEDIA) private readonly media: Awaited<ReturnType<typeof startMedia>>) {}

  async onApplicationShutdown(): Promise<void> {
    await this.media?.close();
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
        DevicesModule.forSip(config, logger),
        CallsModule.forSip(config),
        CallFlowsModule,
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
        { provide: LiveCalls, useValue: new LiveCalls() },
        {
          provide: CallPlanner,
          useFactory: (
            numbers: CallerNumbers,
            policies: CallPolicyService,
            registry: LiveCallRegistry,
            devices: DeviceDirectory,
          ) => new CallPlanner(numbers, policies, registry, devices),
          inject: [CallerNumbers, CallPolicyService, LiveCallRegistry, DeviceDirectory],
        },
        {
          provide: InboundCalls,
          useFactory: (
            drachtio: DrachtioConnection,
            numbers: CalledNumbers,
            flows: PublishedFlowLookup,
            devices: DeviceDirectory,
            callerNumbers: CallerNumbers,
            policies: CallPolicyService,
            recorder: CallRecorder,
            liveCalls: LiveCalls,
            media: InboundMedia | null,
          ) =>
            new InboundCalls(
              drachtio.srf,
              numbers,
              flows,
              devices,
              callerNumbers,
              policies,
              recorder,
              liveCalls,
              config.calls,
              media,
              clock,
              logger,
            ),
          inject: [
            DrachtioConnection,
            CalledNumbers,
            PublishedFlowLookup,
            DeviceDirectory,
            CallerNumbers,
            CallPolicyService,
            CallRecorder,
            LiveCalls,
            INBOUND_MEDIA,
          ],
        },
        {
          provide: INBOUND_MEDIA,
          useFactory: () => startMedia(config),
        },
        MediaLifecycle,
        {
          provide: InviteHandler,
          useFactory: (
            drachtio: DrachtioConnection,
            authenticator: CallerAuthenticator,
            edge: EdgeSecurityService,
            inbound: InboundCalls,
            planner: CallPlanner,
            recorder: CallRecorder,
            registry: LiveCallRegistry,
            liveCalls: LiveCalls,
          ) =>
            new InviteHandler(
              drachtio.srf,
              authenticator,
              edge,
              inbound,
              planner,
              recorder,
              registry,
              liveCalls,
              config.calls,
              clock,
              logger,
            ),
          inject: [
            DrachtioConnection,
            CallerAuthenticator,
            EdgeSecurityService,
            InboundCalls,
            CallPlanner,
            CallRecorder,
            LiveCallRegistry,
            LiveCalls,
          ],
        },
        {
          provide: CallsLifecycle,
          useFactory: (
            registry: LiveCallRegistry,
            orphans: OrphanedCalls,
            hangups: CallHangupBus,
            recorder: CallRecorder,
            liveCalls: LiveCalls,
          ) =>
            new CallsLifecycle(registry, orphans, hangups, recorder, liveCalls, config.calls, clock, logger),
          inject: [LiveCallRegistry, OrphanedCalls, CallHangupBus, CallRecorder, LiveCalls],
        },
        {
          provide: SipLifecycle,
          useFactory: (
            drachtio: DrachtioConnection,
            health: HealthServer,
            edge: EdgeSecurityService,
            registrar: RegistrarService,
            invites: InviteHandler,
            calls: CallsLifecycle,
          ) => new SipLifecycle(drachtio, health, edge, registrar, invites, calls, config, logger),
          inject: [
            DrachtioConnection,
            HealthServer,
            EdgeSecurityService,
            RegistrarService,
            InviteHandler,
            CallsLifecycle,
          ],
        },
      ],
      exports: [DrachtioConnection, CLOCK, QueueConnection],
    };
  }
}
