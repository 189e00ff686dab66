import { type DynamicModule, Module } from '@nestjs/common';
import { FlowUsages } from '@switchyard/call-flows';
import { CLOCK, type Clock, STORAGE, type StoragePort } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import { VoicemailBoxService } from './application/voicemail-box.service';
import { VoicemailBoxes } from './application/voicemail-boxes';
import { VoicemailDeposits } from './application/voicemail-deposits';
import { VoicemailService } from './application/voicemail.service';
import { VoicemailBoxesController } from './http/voicemail-boxes.controller';
import { VoicemailsController } from './http/voicemails.controller';
import { AudioFileReader } from './infrastructure/audio-file.reader';
import { VoicemailBoxRepository } from './infrastructure/voicemail-box.repository';
import { VoicemailRepository } from './infrastructure/voicemail.repository';

export interface VoicemailModuleOptions {
  /** Where voicemail audio is kept; the api and the sip app must share it. */
  readonly storage: StoragePort;
}

/**
 * Voicemail boxes and the messages callers leave in them: REST for both (the controllers stay idle in an app
 * without HTTP), and for the sip app `VoicemailBoxes` (a box's greeting and limits) and `VoicemailDeposits`
 * (filing a recording). Needs Database and CLOCK from the app.
 */
@Module({})
export class VoicemailModule {
  static forRoot(options: VoicemailModuleOptions): DynamicModule {
    return {
      module: VoicemailModule,
      controllers: [VoicemailBoxesController, VoicemailsController],
      providers: [
        { provide: STORAGE, useValue: options.storage },
        {
          provide: EventPublisher,
          useFactory: (database: Database, clock: Clock) => new EventPublisher(database, clock),
          inject: [Database, CLOCK],
        },
        VoicemailBoxRepository,
        VoicemailRepository,
        AudioFileReader,
        // Stateless over Database, so the module brings its own instead of needing the call-flows module.
        FlowUsages,
        VoicemailBoxService,
        VoicemailService,
        VoicemailBoxes,
        VoicemailDeposits,
      ],
      exports: [VoicemailBoxes, VoicemailDeposits],
    };
  }
}
