import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { type CarrierWebhooksConfig } from '@switchyard/config';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import { JobProducer, QueueConnection } from '@switchyard/queue';
import { CarrierCallbackService } from './application/carrier-callback.service';
import { ConversationService } from './application/conversation.service';
import { DispatchJobs } from './application/dispatch-jobs';
import { MessageService } from './application/message.service';
import { OptOutService } from './application/opt-out.service';
import { CARRIER_WEBHOOKS_CONFIG } from './application/messaging-settings';
import { CarrierWebhooksController } from './http/carrier-webhooks.controller';
import { ConversationsController } from './http/conversations.controller';
import { MessagesController } from './http/messages.controller';
import { RawBodyCapture } from './http/raw-body.capture';
import { ConversationRepository } from './infrastructure/conversation.repository';
import { MessageRepository } from './infrastructure/message.repository';
import { OptOutRepository } from './infrastructure/opt-out.repository';
import { DispatchMessageJob } from './jobs/dispatch-message.job';
import { ReconcileMessagesJob } from './jobs/reconcile-messages.job';

/** The job handlers the worker registers from this module. */
export const messagingJobHandlers = [DispatchMessageJob, ReconcileMessagesJob];

const coreProviders: Provider[] = [
  MessageRepository,
  ConversationRepository,
  {
    provide: EventPublisher,
    useFactory: (database: Database, clock: Clock) => new EventPublisher(database, clock),
    inject: [Database, CLOCK],
  },
  {
    provide: JobProducer,
    useFactory: (connection: QueueConnection) => new JobProducer(connection),
    inject: [QueueConnection],
  },
  DispatchJobs,
];

/**
 * SMS: sending now or later, reading, canceling and rescheduling, conversations, signed carrier callbacks and opt-out keywords (api); carrier submission and re-arming lost jobs (worker).
 * Needs Database, CLOCK and QueueConnection from the app, and the app's NumbersModule (NumberAccess, CARRIER).
 */
@Module({})
export class MessagingModule {
  static forApi(numbers: DynamicModule, carrierWebhooks: CarrierWebhooksConfig): DynamicModule {
    return {
      module: MessagingModule,
      imports: [numbers],
      controllers: [MessagesController, ConversationsController, CarrierWebhooksController],
      providers: [
        ...coreProviders,
        { provide: CARRIER_WEBHOOKS_CONFIG, useValue: carrierWebhooks },
        OptOutRepository,
        MessageService,
        ConversationService,
        OptOutService,
        CarrierCallbackService,
        RawBodyCapture,
      ],
    };
  }

  static forWorker(numbers: DynamicModule): DynamicModule {
    return {
      module: MessagingModule,
      imports: [numbers],
      providers: [...coreProviders, ...messagingJobHandlers],
      exports: messagingJobHandlers,
    };
  }
}
