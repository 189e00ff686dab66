import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { STORAGE, type StoragePort } from '@switchyard/contracts';
import { AudioFileService } from './application/audio-file.service';
import { BusinessHoursService } from './application/business-hours.service';
import {
  AUDIO_CACHE_DIRECTORY,
  AUDIO_TRANSCODER,
  type AudioTranscoder,
  FLOW_REFERENCE_DIRECTORY,
  FLOW_USAGE,
  NUMBER_FLOW_BINDING,
} from './application/call-flows.ports';
import { CallQueueDirectory } from './application/call-queue-directory.service';
import { CallQueueService } from './application/call-queue.service';
import { FlowCatalog } from './application/flow-catalog.service';
import { FlowSimulationService } from './application/flow-simulation.service';
import { FlowValidationService } from './application/flow-validation.service';
import { FlowVersionService } from './application/flow-version.service';
import { FlowWebhookSettingsService } from './application/flow-webhook-settings.service';
import { FlowService } from './application/flow.service';
import { PublishedFlowLookup } from './application/published-flow-lookup.service';
import { AudioFilesController } from './http/audio-files.controller';
import { AudioUploadParser } from './http/audio-upload.parser';
import { BusinessHoursController } from './http/business-hours.controller';
import { CallQueuesController } from './http/call-queues.controller';
import { FlowSimulationController } from './http/flow-simulation.controller';
import { FlowVersionsController } from './http/flow-versions.controller';
import { FlowWebhookSettingsController } from './http/flow-webhook-settings.controller';
import { FlowsController } from './http/flows.controller';
import { AudioFileRepository } from './infrastructure/audio-file.repository';
import { AudioPromptFiles } from './infrastructure/audio-prompt-files';
import { BusinessHoursRepository } from './infrastructure/business-hours.repository';
import { CallQueueRepository } from './infrastructure/call-queue.repository';
import { DatabaseFlowReferenceDirectory } from './infrastructure/flow-reference-directory.adapter';
import { FlowUsages } from './infrastructure/flow-usages';
import { FlowWebhookSettingsRepository } from './infrastructure/flow-webhook-settings.repository';
import { FlowRepository } from './infrastructure/flow.repository';
import { PhoneNumberFlowBindings } from './infrastructure/phone-number-flow-bindings.adapter';
import { VoicemailGreetings } from './infrastructure/voicemail-greetings.adapter';

export interface CallFlowsApiOptions {
  /** Where uploaded audio and its converted WAV are kept. */
  readonly storage: StoragePort;
  readonly audioTranscoder: AudioTranscoder;
}

export interface CallFlowsSipOptions {
  /** The storage the api keeps audio in. */
  readonly storage: StoragePort;
  /** Local directory the media engine can read, for copies of stored audio. */
  readonly audioCacheDirectory: string;
}

const sharedProviders: Provider[] = [
  BusinessHoursRepository,
  FlowRepository,
  AudioFileRepository,
  CallQueueRepository,
  PhoneNumberFlowBindings,
  FlowUsages,
  { provide: FLOW_USAGE, useExisting: PhoneNumberFlowBindings },
  { provide: NUMBER_FLOW_BINDING, useExisting: PhoneNumberFlowBindings },
  { provide: FLOW_REFERENCE_DIRECTORY, useClass: DatabaseFlowReferenceDirectory },
  PublishedFlowLookup,
  FlowCatalog,
  CallQueueDirectory,
  FlowValidationService,
  BusinessHoursService,
  FlowService,
  FlowVersionService,
  FlowSimulationService,
  FlowWebhookSettingsRepository,
  FlowWebhookSettingsService,
];

const sharedExports = [PublishedFlowLookup, FlowCatalog, FlowUsages, CallQueueDirectory];

/**
 * Business hours, call flows and their versions, the audio library and call queues. Needs Database and CLOCK
 * from the app; the app's OpenAPI document needs `addCallFlowSchemas`. Exports what other contexts and the sip
 * app use: PublishedFlowLookup, FlowCatalog, FlowUsages and CallQueueDirectory (and AudioPromptFiles and
 * FlowWebhookSettingsService, whose secret signs webhook nodes' requests, for sip).
 */
@Module({})
export class CallFlowsModule {
  static forApi(options: CallFlowsApiOptions): DynamicModule {
    return {
      module: CallFlowsModule,
      controllers: [
        BusinessHoursController,
        FlowsController,
        FlowVersionsController,
        FlowSimulationController,
        AudioFilesController,
        CallQueuesController,
        FlowWebhookSettingsController,
      ],
      providers: [
        ...sharedProviders,
        { provide: STORAGE, useValue: options.storage },
        { provide: AUDIO_TRANSCODER, useValue: options.audioTranscoder },
        VoicemailGreetings,
        AudioFileService,
        CallQueueService,
        AudioUploadParser,
      ],
      exports: sharedExports,
    };
  }

  static forSip(options: CallFlowsSipOptions): DynamicModule {
    return {
      module: CallFlowsModule,
      providers: [
        ...sharedProviders,
        { provide: STORAGE, useValue: options.storage },
        { provide: AUDIO_CACHE_DIRECTORY, useValue: options.audioCacheDirectory },
        AudioPromptFiles,
      ],
      exports: [...sharedExports, AudioPromptFiles, FlowWebhookSettingsService],
    };
  }
}
