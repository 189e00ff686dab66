import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { type ApiConfig, type SipConfig } from '@switchyard/config';
import { CLOCK, type Clock, STORAGE, type StoragePort } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { createLogger, type Logger } from '@switchyard/logging';
import { Database } from '@switchyard/prisma';
import { QueueConnection } from '@switchyard/queue';
import { CallControlService } from './application/call-control.service';
import { CallPolicyService } from './application/call-policy.service';
import { CallRecordings } from './application/call-recordings';
import { CalledNumbers } from './application/called-numbers';
import { CallRecorder } from './application/call-recorder';
import { CallVisibility } from './application/call-visibility';
import { CallWriter } from './application/call-writer';
import { CallService } from './application/call.service';
import { CallerNumbers } from './application/caller-numbers';
import { CALLS_CONFIG, CALLS_LOGGER } from './application/calls-settings';
import { OrphanedCalls } from './application/orphaned-calls';
import { RecordingService } from './application/recording.service';
import { CallPolicyController } from './http/call-policy.controller';
import { CallRecordingsController } from './http/call-recordings.controller';
import { CallsController } from './http/calls.controller';
import { RecordingsController } from './http/recordings.controller';
import { AccountNumbersReader } from './infrastructure/account-numbers.reader';
import { CallControlBus } from './infrastructure/call-control.bus';
import { CallHangupBus } from './infrastructure/call-hangup.bus';
import { CallPolicyRepository } from './infrastructure/call-policy.repository';
import { CallRepository } from './infrastructure/call.repository';
import { CallsRedis } from './infrastructure/calls-redis';
import { LiveCallRegistry } from './infrastructure/live-call.registry';
import { RecordingRepository } from './infrastructure/recording.repository';

function sharedProviders(
  config: ApiConfig | SipConfig,
  storage: StoragePort,
  logger: Logger | undefined,
): Provider[] {
  return [
    { provide: STORAGE, useValue: storage },
    { provide: CALLS_CONFIG, useValue: config.calls },
    {
      provide: CALLS_LOGGER,
      useValue: logger ?? createLogger({ service: config.serviceName, level: config.logging.level }),
    },
    {
      provide: CallsRedis,
      useFactory: (connection: QueueConnection) =>
        new CallsRedis(connection.createClient(), config.redis.keyPrefix),
      inject: [QueueConnection],
    },
    {
      provide: EventPublisher,
      useFactory: (database: Database, clock: Clock) => new EventPublisher(database, clock),
      inject: [Database, CLOCK],
    },
    CallRepository,
    CallPolicyRepository,
    RecordingRepository,
    AccountNumbersReader,
    CallWriter,
    CallerNumbers,
    CallPolicyService,
    LiveCallRegistry,
    CallHangupBus,
    CallControlBus,
  ];
}

/**
 * Call records (CDRs) with their legs and recordings, the outbound call policy and live-call limits. The api reads
 * records, hangs up, records and transfers live calls and edits the policy (`forApi`); the sip app records calls,
 * admits them against the limits, keeps the records of their recordings and serves hang-up and control requests
 * (`forSip`). Needs Database, CLOCK and QueueConnection from the app, the storage of recordings' audio, and in the api
 * the app's NumbersModule (NumberAccess: which numbers an agent sees); the logger defaults to one made from the
 * config.
 */
@Module({})
export class CallsModule {
  static forApi(
    numbers: DynamicModule,
    config: ApiConfig,
    storage: StoragePort,
    logger?: Logger,
  ): DynamicModule {
    return {
      module: CallsModule,
      imports: [numbers],
      controllers: [CallsController, CallPolicyController, RecordingsController, CallRecordingsController],
      providers: [
        ...sharedProviders(config, storage, logger),
        CallVisibility,
        CallService,
        RecordingService,
        CallControlService,
      ],
    };
  }

  static forSip(config: SipConfig, storage: StoragePort, logger?: Logger): DynamicModule {
    const exported = [
      CallRecorder,
      CallPolicyService,
      LiveCallRegistry,
      CallerNumbers,
      CallHangupBus,
      CallControlBus,
      OrphanedCalls,
      CalledNumbers,
      CallRecordings,
    ];
    return {
      module: CallsModule,
      providers: [
        ...sharedProviders(config, storage, logger),
        CallRecorder,
        CallRecordings,
        OrphanedCalls,
        CalledNumbers,
      ],
      exports: exported,
    };
  }
}
