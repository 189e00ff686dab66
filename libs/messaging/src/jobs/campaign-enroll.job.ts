import { Inject, Injectable } from '@nestjs/common';
import { type JobPayloads } from '@switchyard/contracts';
import { type JobHandler } from '@switchyard/queue';
import { CampaignEnrollmentService } from '../application/campaign-enrollment.service';

/** Enrolls one chunk of a campaign's audience and queues the next; see CampaignEnrollmentService. */
@Injectable()
export class CampaignEnrollJob implements JobHandler<'campaigns.enroll'> {
  readonly jobName = 'campaigns.enroll' as const;

  constructor(@Inject(CampaignEnrollmentService) private readonly enrollment: CampaignEnrollmentService) {}

  async handle({ accountId, campaignId }: JobPayloads['campaigns.enroll']): Promise<void> {
    await this.enrollment.enrollNextChunk(accountId, campaignId);
  }
}
