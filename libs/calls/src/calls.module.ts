import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { type ApiConfig, type SipConfig } from '@switchyard/config';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { createLogger, type Logger } from '@switchyard/logging';
import { Database } from '@switchyard/prisma';
import { QueueConnection } from '@switchyard/queue';
import { CallPolicyService } from './application/call-policy.service';
import { CalledNumbers } from './application/called-numbers';
import { CallRecorder } from './application/call-recorder';
import { CallWriter } from './application/call-writer';
import { CallService } from './application/call.service';
import { CallerNumbers } from './application/caller-numbers';
import { CALLS_CONFIG, CALLS_LOGGER } from './application/calls-settings';
import { OrphanedCalls } from './application/orphaned-calls';
import { CallPolicyController } from './http/call-policy.controller';
import { CallsController } from './http/calls.controller';
import { AccountNumbersReader } from './infrastructure/account-numbers.reader';
import { CallHangupBus } from './infrastructure/call-hangup.bus';
import { CallPolicyRepository } from './infrastructure/call-policy.repository';
import { CallRepository } from './infrastructure/call.repository';
import { CallsRedis } from './infrastructure/calls-redis';
import { LiveCallRegistry } from './infrastructure/live-call.registry';

function sharedProviders(config: ApiConfig | SipConfig, logger: Logger | undefined): Provider[] {
  return [
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
    AccountNumbersReader,
    CallWriter,
    CallerNumbers,
    CallPolicyService,
    LiveCallRegistry,
    CallHangupBus,
  ];
}

/**
 * Call records (CDRs) with their legs, the outbound call policy and live-call limits. The api reads records,
 * hangs up calls and edits the policy (`forApi`); the sip app records calls, admits them against the limits and
 * hears hang-up requests (`forSip`). Needs Database, CLOCK and QueueConnection from the app, and in the api the
 * app's NumbersModule (NumberAccess: which numbers an agent sees); the logger defaults to one made from the config.
 */
@Module({})
export class CallsModule {
  static forApi(numbers: DynamicModule, config: ApiConfig, logger?: Logger): DynamicModule {
    return {
      module: CallsModule,
      imports: [numbers],
      controllers: [CallsController, CallPolicyController],
      providers: [...sharedProviders(config, logger), CallService],
    };
  }

  static forSip(config: SipConfig, logger?: Logger): DynamicModule {
    const exported = [
      CallRecorder,
      CallPolicyService,
      LiveCallRegistry,
      CallerNumbers,
      CallHangupBus,
      OrphanedCalls,
      CalledNumbers,
    ];
    return {
      module: CallsModule,
      providers: [...sharedProviders(config, logger), CallRecorder, OrphanedCalls, CalledNumbers],
      exports: exported,
    };
  }
}
