import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import {
  type CarrierWebhooksConfig,
  type MessagingMediaConfig,
  type MessagingPacingConfig,
} from '@switchyard/config';
import { CLOCK, type Clock, STORAGE, type StoragePort } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import { JobProducer, QueueConnection } from '@switchyard/queue';
import { systemHostResolver, WebhookTargetGuard } from '@switchyard/webhooks';
import { BulkSendService } from './application/bulk-send.service';
import { CarrierCallbackIntake } from './application/carrier-callback-intake';
import { CarrierCallbackJobs } from './application/carrier-callback-jobs';
import { CarrierCallbackService } from './application/carrier-callback.service';
import { ConversationService } from './application/conversation.service';
import { DispatchJobs } from './application/dispatch-jobs';
import { MediaUrls } from './application/media-urls';
import { MessageMediaService } from './application/message-media.service';
import { RecurringMessageService } from './application/recurring-message.service';
import { MessageQueue } from './application/message-queue';
import { MessageService } from './application/message.service';
import { MessagingBacklogService } from './application/messaging-backlog.service';
import { MessagingSettingsService } from './application/messaging-settings.service';
import { OptOutService } from './application/opt-out.service';
import { MESSAGING_PACING_CONFIG } from './application/pacing-limits';
import { SenderPacing } from './application/sender-pacing';
import { CARRIER_WEBHOOKS_CONFIG } from './application/messaging-settings';
import { BulkMessagesController } from './http/bulk-messages.controller';
import { CarrierWebhooksController } from './http/carrier-webhooks.controller';
import { ConversationsController } from './http/conversations.controller';
import { MediaController } from './http/media.controller';
import { MediaUploadParser } from './http/media-upload.parser';
import { MessagesController } from './http/messages.controller';
import { RecurringMessagesController } from './http/recurring-messages.controller';
import { MessagingBacklogController } from './http/messaging-backlog.controller';
import { MessagingSettingsController } from './http/messaging-settings.controller';
import { RawBodyCapture } from './http/raw-body.capture';
import { BulkMessageRepository } from './infrastructure/bulk-message.repository';
import { CarrierCallbackRepository } from './infrastructure/carrier-callback.repository';
import { ConversationRepository } from './infrastructure/conversation.repository';
import { MediaDownloader } from './infrastructure/media-downloader';
import { MessageMediaRepository } from './infrastructure/message-media.repository';
import { MessageRepository } from './infrastructure/message.repository';
import { RecurringMessageRepository } from './infrastructure/recurring-message.repository';
import { MessagingSettingsRepository } from './infrastructure/messaging-settings.repository';
import { OptOutRepository } from './infrastructure/opt-out.repository';
import { PacingRepository } from './infrastructure/pacing.repository';
import { SenderPacer } from './infrastructure/sender-pacer';
import { DispatchMessageJob } from './jobs/dispatch-message.job';
import { ProcessCarrierCallbackJob } from './jobs/process-carrier-callback.job';
import { ReconcileCarrierCallbacksJob } from './jobs/reconcile-carrier-callbacks.job';
import { ReconcileMessagesJob } from './jobs/reconcile-messages.job';
import { CampaignEnrollmentService } from './application/campaign-enrollment.service';
import { CampaignExitService } from './application/campaign-exit.service';
import { CampaignService } from './application/campaign.service';
import { ContactService } from './application/contact.service';
import { CampaignsController } from './http/campaigns.controller';
import { ContactCsvParser } from './http/contact-csv';
import { ContactsController } from './http/contacts.controller';
import { CampaignRepository } from './infrastructure/campaign.repository';
import { ContactRepository } from './infrastructure/contact.repository';
import { CampaignEnrollJob } from './jobs/campaign-enroll.job';
import { CampaignReconcileJob } from './jobs/campaign-reconcile.job';

/** The job handlers the worker registers from this module. */
export const messagingJobHandlers = [
  DispatchMessageJob,
  ReconcileMessagesJob,
  ProcessCarrierCallbackJob,
  ReconcileCarrierCallbacksJob,
  CampaignEnrollJob,
  CampaignReconcileJob,
];

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
  CampaignRepository,
  ContactRepository,
  CampaignEnrollmentService,
  CampaignExitService,
];

/**
 * SMS: sending now or later, reading, canceling and rescheduling, conversations, storing signed carrier callbacks,
 * sender backlogs (api); paced carrier submission, applying carrier callbacks and opt-out keywords, re-arming lost
 * jobs (worker).
 * Needs Database, CLOCK and QueueConnection from the app, and the app's NumbersModule (NumberAccess, CARRIER).
 */
@Module({})
export class MessagingModule {
  static forApi(
    numbers: DynamicModule,
    carrierWebhooks: CarrierWebhooksConfig,
    pacing: MessagingPacingConfig,
    media: {
      readonly storage: StoragePort;
      readonly config: MessagingMediaConfig;
      /** The webhooks' SSRF policy, which media URLs follow too, and how long a fetch may take. */
      readonly allowPrivateTargets: boolean;
      readonly fetchTimeoutMs: number;
    },
  ): DynamicModule {
    return {
      module: MessagingModule,
      imports: [numbers],
      controllers: [
        MessagesController,
        MediaController,
        RecurringMessagesController,
        ConversationsController,
        CarrierWebhooksController,
        MessagingSettingsController,
        MessagingBacklogController,
        BulkMessagesController,
        ContactsController,
        CampaignsController,
      ],
      providers: [
        ...coreProviders,
        { provide: CARRIER_WEBHOOKS_CONFIG, useValue: carrierWebhooks },
        OptOutRepository,
        MessagingSettingsRepository,
        MessagingSettingsService,
        { provide: STORAGE, useValue: media.storage },
        { provide: MediaUrls, useValue: new MediaUrls(media.config) },
        {
          provide: WebhookTargetGuard,
          useValue: new WebhookTargetGuard(systemHostResolver, media.allowPrivateTargets),
        },
        { provide: MediaDownloader, useValue: new MediaDownloader(media.fetchTimeoutMs) },
        MessageMediaRepository,
        MessageMediaService,
        MediaUploadParser,
        RecurringMessageRepository,
        RecurringMessageService,
        MessageQueue,
        MessageService,
        ConversationService,
        OptOutService,
        CarrierCallbackRepository,
        CarrierCallbackJobs,
        CarrierCallbackIntake,
        RawBodyCapture,
        { provide: MESSAGING_PACING_CONFIG, useValue: pacing },
        PacingRepository,
        MessagingBacklogService,
        BulkMessageRepository,
        BulkSendService,
        ContactService,
        CampaignService,
        ContactCsvParser,
      ],
    };
  }

  static forWorker(numbers: DynamicModule, pacing: MessagingPacingConfig): DynamicModule {
    return {
      module: MessagingModule,
      imports: [numbers],
      providers: [
        ...coreProviders,
        { provide: MESSAGING_PACING_CONFIG, useValue: pacing },
        PacingRepository,
        {
          provide: SenderPacer,
          useFactory: (connection: QueueConnection) =>
            new SenderPacer(connection.createClient(), connection.settings.keyPrefix),
          inject: [QueueConnection],
        },
        SenderPacing,
        CarrierCallbackRepository,
        CarrierCallbackJobs,
        CarrierCallbackService,
        OptOutRepository,
        MessagingSettingsRepository,
        MessagingSettingsService,
        MessageQueue,
        OptOutService,
        ...messagingJobHandlers,
      ],
      exports: messagingJobHandlers,
    };
  }
}
