import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { FlowUsages } from '@switchyard/call-flows';
import { CLOCK, type Clock, STORAGE, type StoragePort } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import { VoicemailBoxService } from './application/voicemail-box.service';
import { VoicemailBoxes } from './application/voicemail-boxes';
import { VoicemailDeposits } from './application/voicemail-deposits';
import { VoicemailService } from './application/voicemail.service';
import { VoicemailVisibility } from './application/voicemail-visibility';
import { VoicemailBoxesController } from './http/voicemail-boxes.controller';
import { VoicemailsController } from './http/voicemails.controller';
import { AudioFileReader } from './infrastructure/audio-file.reader';
import { VoicemailBoxRepository } from './infrastructure/voicemail-box.repository';
import { VoicemailRepository } from './infrastructure/voicemail.repository';

export interface VoicemailModuleOptions {
  /** Where voicemail audio is kept; the api and the sip app must share it. */
  readonly storage: StoragePort;
}

function coreProviders(options: VoicemailModuleOptions): Provider[] {
  return [
    { provide: STORAGE, useValue: options.storage },
    {
      provide: EventPublisher,
      useFactory: (database: Database, clock: Clock) => new EventPublisher(database, clock),
      inject: [Database, CLOCK],
    },
    VoicemailBoxRepository,
    VoicemailRepository,
    // In the api too, where nothing records calls, so its tests can file messages the way the sip app does.
    VoicemailBoxes,
    VoicemailDeposits,
  ];
}

/**
 * Voicemail boxes and the messages callers leave in them. The api serves both over REST (`forApi`); the sip app gets
 * `VoicemailBoxes` (a box's greeting and limits) and `VoicemailDeposits` (filing a recording) (`forSip`). Needs
 * Database and CLOCK from the app, and in the api the app's NumbersModule (NumberAccess: which numbers an agent sees).
 */
@Module({})
export class VoicemailModule {
  static forApi(options: VoicemailModuleOptions & { readonly numbers: DynamicModule }): DynamicModule {
    return {
      module: VoicemailModule,
      imports: [options.numbers],
      controllers: [VoicemailBoxesController, VoicemailsController],
      providers: [
        ...coreProviders(options),
        AudioFileReader,
        // Stateless over Database, so the module brings its own instead of needing the call-flows module.
        FlowUsages,
        VoicemailVisibility,
        VoicemailBoxService,
        VoicemailService,
      ],
    };
  }

  static forSip(options: VoicemailModuleOptions): DynamicModule {
    return {
      module: VoicemailModule,
      providers: coreProviders(options),
      exports: [VoicemailBoxes, VoicemailDeposits],
    };
  }
}
