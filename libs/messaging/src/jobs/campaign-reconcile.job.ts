import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database } from '@switchyard/prisma';
import { type JobHandler } from '@switchyard/queue';
import { CampaignEnrollmentService } from '../application/campaign-enrollment.service';
import { campaignResource } from '../application/campaign-resource';
import { CampaignRepository } from '../infrastructure/campaign.repository';

/**
 * Keeps campaigns moving whatever Redis lost: queues again the enrollment chunk of every running campaign still
 * enrolling (the job id names the chunk, so a chunk already pending is not added twice), and completes running
 * campaigns whose every message reached a final state, with `campaign.completed`.
 */
@Injectable()
export class CampaignReconcileJob implements JobHandler<'campaigns.reconcile'> {
  readonly jobName = 'campaigns.reconcile' as const;

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(CampaignRepository) private readonly campaigns: CampaignRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(CampaignEnrollmentService) private readonly enrollment: CampaignEnrollmentService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(): Promise<void> {
    for (const campaign of await this.campaigns.enrollingCampaigns()) {
      await this.enrollment.queueChunk(campaign.accountId, campaign.id, campaign.enrollmentCursor);
    }
    for (const { accountId, id } of await this.campaigns.finishedCampaigns()) {
      await this.database.transaction(async () => {
        const now = this.clock.now();
        if (
          !(await this.campaigns.transition(accountId, id, ['running'], {
            status: 'completed',
            endedAt: now,
          }))
        ) {
          return;
        }
        await this.campaigns.endActiveEnrollments(accountId, id, 'completed', now);
        const completed = await this.campaigns.find(accountId, id);
        if (completed)
          await this.events.publish(accountId, 'campaign.completed', campaignResource(completed));
      });
    }
  }
}
