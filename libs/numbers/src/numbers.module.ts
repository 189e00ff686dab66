import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { type CarrierConfig, type NumbersConfig } from '@switchyard/config';
import { CLOCK, type Clock, STORAGE, type StoragePort } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import { AvailableNumberService } from './application/available-number.service';
import { NumberAccess } from './application/number-access';
import { NumberEvents } from './application/number-events';
import { NumberOrderService } from './application/number-order.service';
import { NumberReleaseService } from './application/number-release.service';
import { NumberService } from './application/number.service';
import { CARRIER, NUMBERS_SETTINGS, type NumbersSettings } from './application/numbers-settings';
import { PhoneNumberToolsService } from './application/phone-number-tools.service';
import { RequirementSubmissionService } from './application/requirement-submission.service';
import { type CarrierPort, type SandboxCarrierStore } from './domain';
import { AvailableNumbersController } from './http/available-numbers.controller';
import { NumbersController } from './http/numbers.controller';
import { PhoneNumberToolsController } from './http/phone-number-tools.controller';
import { RegulatoryRequirementsController } from './http/regulatory-requirements.controller';
import { RequirementSubmissionsController } from './http/requirement-submissions.controller';
import { PhoneNumberRepository } from './infrastructure/phone-number.repository';
import { PostgresSandboxCarrierStore } from './infrastructure/postgres-sandbox-carrier.store';
import { RequirementSubmissionRepository } from './infrastructure/requirement-submission.repository';
import { ReconcileNumberOrdersJob } from './jobs/reconcile-number-orders.job';
import { ReleaseDueNumbersJob } from './jobs/release-due-numbers.job';

/** Builds the configured carrier adapter; it gets the Postgres store the sandbox keeps its books in. */
export type CarrierFactory = (sandboxStore: SandboxCarrierStore) => CarrierPort;

export interface NumbersModuleOptions {
  readonly config: { readonly carrier: CarrierConfig; readonly numbers: NumbersConfig };
  readonly carrier: CarrierFactory;
}

/** The job handlers the worker registers from this module. */
export const numberJobHandlers = [ReconcileNumberOrdersJob, ReleaseDueNumbersJob];

function settingsOf(config: NumbersModuleOptions['config']): NumbersSettings {
  const { carrier } = config;
  return {
    releaseGraceHours: config.numbers.releaseGraceHours,
    orderRouting:
      carrier.kind === 'telnyx'
        ? {
            ...(carrier.connectionId && { voiceConnectionId: carrier.connectionId }),
            ...(carrier.messagingProfileId && { messagingProfileId: carrier.messagingProfileId }),
          }
        : {},
    automaticReview: carrier.kind === 'sandbox',
  };
}

function coreProviders(options: NumbersModuleOptions): Provider[] {
  return [
    { provide: NUMBERS_SETTINGS, useValue: settingsOf(options.config) },
    PostgresSandboxCarrierStore,
    {
      provide: CARRIER,
      useFactory: (store: PostgresSandboxCarrierStore) => options.carrier(store),
      inject: [PostgresSandboxCarrierStore],
    },
    {
      provide: EventPublisher,
      useFactory: (database: Database, clock: Clock) => new EventPublisher(database, clock),
      inject: [Database, CLOCK],
    },
    PhoneNumberRepository,
    RequirementSubmissionRepository,
    NumberEvents,
    NumberOrderService,
    NumberReleaseService,
  ];
}

/**
 * Phone numbers: search, purchase saga, management and sharing, release with grace, regulatory submissions and
 * number tools (api); order reconciliation and due releases (worker). Needs Database and CLOCK from the app, and in
 * the api AccountDirectory (from AccountsModule) and a storage adapter.
 */
@Module({})
export class NumbersModule {
  static forApi(options: NumbersModuleOptions & { readonly storage: StoragePort }): DynamicModule {
    return {
      module: NumbersModule,
      controllers: [
        AvailableNumbersController,
        NumbersController,
        RegulatoryRequirementsController,
        RequirementSubmissionsController,
        PhoneNumberToolsController,
      ],
      providers: [
        ...coreProviders(options),
        { provide: STORAGE, useValue: options.storage },
        NumberAccess,
        NumberService,
        AvailableNumberService,
        RequirementSubmissionService,
        PhoneNumberToolsService,
      ],
      exports: [NumberAccess, CARRIER],
    };
  }

  static forWorker(options: NumbersModuleOptions): DynamicModule {
    return {
      module: NumbersModule,
      providers: [...coreProviders(options), ...numberJobHandlers],
      exports: [...numberJobHandlers, CARRIER],
    };
  }
}
