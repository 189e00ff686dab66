import {
  type BeforeApplicationShutdown,
  type DynamicModule,
  Inject,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  AudioPromptFiles,
  CallFlowsModule,
  CallQueueDirectory,
  FlowWebhookSettingsService,
  PublishedFlowLookup,
} from '@switchyard/call-flows';
import {
  CalledNumbers,
  CallerNumbers,
  CallControlBus,
  CallHangupBus,
  CallPolicyService,
  CallRecorder,
  CallRecordings,
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
import { LocalDiskStorage } from '@switchyard/storage';
import { VoicemailBoxes, VoicemailDeposits, VoicemailModule } from '@switchyard/voicemail';
import { systemHostResolver, WebhookTargetGuard } from '@switchyard/webhooks';
import { CallPlanner } from './calls/call-planner';
import { CallQueueWait, QueuePositions } from './calls/call-queue-wait';
import { CallsLifecycle } from './calls/calls-lifecycle';
import { FlowWebhooks } from './calls/flow-webhook';
import { InboundCalls, type InboundMedia } from './calls/inbound-calls';
import { INBOUND_MEDIA, startMedia } from './calls/inbound-media';
import { InviteHandler } from './calls/invite.handler';
import { LiveCalls } from './calls/live-calls';
import { VoicemailCapture } from './calls/voicemail-capture';
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
  constructor(
    @Inject(INBOUND_MEDIA) private readonly media: Awaited<ReturnType<typeof startMedia>>,
    @Inject(QueuePositions) private readonly queuePositions: QueuePositions,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.media?.close();
    this.queuePositions.close();
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
        CallsModule.forSip(config, new LocalDiskStorage(config.storage.directory)),
        VoicemailModule.forSip({ storage: new LocalDiskStorage(config.storage.directory) }),
        CallFlowsModule.forSip({
          storage: new LocalDiskStorage(config.storage.directory),
          audioCacheDirectory: config.calls.media?.promptDirectory ?? config.storage.directory,
        }),
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
            voicemailBoxes: VoicemailBoxes,
            voicemailDeposits: VoicemailDeposits,
            queues: CallQueueDirectory,
            queuePositions: QueuePositions,
            recordings: CallRecordings,
            flowWebhookSettings: FlowWebhookSettingsService,
          ) =>
            new InboundCalls({
              srf: drachtio.srf,
              numbers,
              flows,
              devices,
              callerNumbers,
              policies,
              recorder,
              liveCalls,
              config: config.calls,
              media,
              clock,
              logger,
              voicemail: new VoicemailCapture(voicemailBoxes, voicemailDeposits, logger),
              queues,
              queueWait: new CallQueueWait(queuePositions, clock, logger),
              webhooks: new FlowWebhooks(
                new WebhookTargetGuard(systemHostResolver, config.flowWebhooks.allowPrivateTargets),
                flowWebhookSettings,
                clock,
                logger,
              ),
              recordings,
            }),
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
            VoicemailBoxes,
            VoicemailDeposits,
            CallQueueDirectory,
            QueuePositions,
            CallRecordings,
            FlowWebhookSettingsService,
          ],
        },
        {
          provide: INBOUND_MEDIA,
          useFactory: (audio: AudioPromptFiles) => startMedia(config, audio, logger),
          inject: [AudioPromptFiles],
        },
        {
          provide: QueuePositions,
          useFactory: (queue: QueueConnection) =>
            new QueuePositions(queue.createClient({ failFast: true }), config.redis.keyPrefix),
          inject: [QueueConnection],
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
            media: InboundMedia | null,
            recordings: CallRecordings,
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
              media,
              recordings,
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
            INBOUND_MEDIA,
            CallRecordings,
          ],
        },
        {
          provide: CallsLifecycle,
          useFactory: (
            registry: LiveCallRegistry,
            orphans: OrphanedCalls,
            hangups: CallHangupBus,
            controls: CallControlBus,
            recorder: CallRecorder,
            liveCalls: LiveCalls,
          ) =>
            new CallsLifecycle(
              registry,
              orphans,
              hangups,
              controls,
              recorder,
              liveCalls,
              config.calls,
              clock,
              logger,
            ),
          inject: [LiveCallRegistry, OrphanedCalls, CallHangupBus, CallControlBus, CallRecorder, LiveCalls],
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
