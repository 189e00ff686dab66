import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { JobProducer, QueueConnection } from '@switchyard/queue';
import { type Campaign, enrollAudience } from '../domain';
import {
  type CampaignRecord,
  CampaignRepository,
  type NewCampaignMessage,
  type NewEnrollment,
} from '../infrastructure/campaign.repository';
import { type ContactRecord, ContactRepository } from '../infrastructure/contact.repository';
import { MessageRepository, type SenderNumber } from '../infrastructure/message.repository';
import { campaignOf } from './campaign-resource';
import { planContactMessages } from './campaign-planner';
import { DispatchJobs } from './dispatch-jobs';
import { ensurePendingJob } from './pending-job';

/** Contacts enrolled per transaction: large enough for multi-row inserts to pay, small enough to keep locks short. */
export const ENROLLMENT_CHUNK = 1_000;

/** The job id of the enrollment chunk after `cursor`: the same chunk is never queued twice. */
function enrollmentJobId(campaignId: string, cursor: string | null): string {
  return `campaign-enroll.${campaignId}.${cursor ?? 'start'}`;
}

/**
 * Turns a campaign's audience into scheduled messages, chunk by chunk. Every planned step becomes an ordinary
 * `Message` row (linked through CampaignMessage), so dispatch, pacing, cancel, callbacks and opt-out treat them
 * like any other; only the messages due within the reconcile horizon get a BullMQ job now, later ones are armed
 * by `messages.reconcile` when their time comes, so Redis holds nothing for far-future steps.
 */
@Injectable()
export class CampaignEnrollmentService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(CampaignRepository) private readonly campaigns: CampaignRepository,
    @Inject(ContactRepository) private readonly contacts: ContactRepository,
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(JobProducer) private readonly jobs: JobProducer,
    @Inject(DispatchJobs) private readonly dispatchJobs: DispatchJobs,
    @Inject(QueueConnection) private readonly connection: QueueConnection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Enrolls the chunk after the campaign's cursor and queues the next chunk; does nothing unless the campaign runs
   * and is still enrolling. A chunk is one transaction that also moves the cursor, and enrollments are unique per
   * contact, so a chunk replayed after a crash enrolls nobody twice.
   */
  async enrollNextChunk(accountId: string, campaignId: string): Promise<void> {
    const outcome = await this.database.transaction(async () => {
      const campaign = await this.campaigns.lock(accountId, campaignId);
      if (!campaign || campaign.status !== 'running' || campaign.enrolledAt !== null) return null;
      const now = this.clock.now();
      const contacts = await this.contacts.audiencePage(
        accountId,
        { tags: campaign.audienceTags, contactIds: campaign.audienceContactIds },
        { afterId: campaign.enrollmentCursor, limit: ENROLLMENT_CHUNK },
      );
      const planned = await this.enroll(campaign, contacts, now);
      const last = contacts.at(-1);
      if (last) await this.campaigns.setEnrollmentCursor(campaign.id, last.id);
      const more = contacts.length === ENROLLMENT_CHUNK && last !== undefined;
      if (!more) await this.campaigns.transition(accountId, campaignId, ['running'], { enrolledAt: now });
      return { planned, nextCursor: more ? last.id : null };
    });
    if (!outcome) return;
    await this.dispatchJobs.armNew(outcome.planned.map(({ message }) => message));
    if (outcome.nextCursor !== null) await this.queueChunk(accountId, campaignId, outcome.nextCursor);
  }

  /**
   * Makes sure the job of the chunk after `cursor` is pending. A finished job of that id (BullMQ keeps them for a
   * while, which would turn adding it again into a no-op) is replaced: it may have found the campaign paused.
   */
  async queueChunk(accountId: string, campaignId: string, cursor: string | null): Promise<void> {
    await ensurePendingJob(
      this.connection,
      this.jobs,
      'campaigns.enroll',
      { accountId, campaignId },
      enrollmentJobId(campaignId, cursor),
    );
  }

  /**
   * Plans again the remaining steps of every enrollment still going, counting delays from now: what resuming a
   * paused campaign does, after the pause withdrew the messages not yet sent.
   */
  async replanActive(campaign: CampaignRecord): Promise<void> {
    const definition = campaignOf(campaign);
    const senders = await this.senders(campaign.accountId, campaign.senderNumbers);
    let afterContactId: string | null = null;
    for (;;) {
      const enrollments = await this.campaigns.activeEnrollmentsPage(campaign.accountId, campaign.id, {
        afterContactId,
        limit: ENROLLMENT_CHUNK,
      });
      const now = this.clock.now();
      const contacts = new Map(
        (
          await this.contacts.findMany(
            campaign.accountId,
            enrollments.map((enrollment) => enrollment.contactId),
          )
        ).map((contact) => [contact.id, contact]),
      );
      const planned = enrollments.flatMap((enrollment) => {
        const contact = contacts.get(enrollment.contactId);
        if (!contact) return [];
        const fromStep = (enrollment.lastPlannedStep ?? -1) + 1;
        const plan = planContactMessages(campaign.accountId, definition, contact, senders, fromStep, now);
        return 'messages' in plan ? plan.messages : [];
      });
      await this.database.transaction(() => this.campaigns.insertMessages(campaign.id, planned, now));
      await this.dispatchJobs.armNew(planned.map(({ message }) => message));
      const last = enrollments.at(-1);
      if (enrollments.length < ENROLLMENT_CHUNK || !last) return;
      afterContactId = last.contactId;
    }
  }

  private async enroll(
    campaign: CampaignRecord,
    contacts: readonly ContactRecord[],
    now: Date,
  ): Promise<NewCampaignMessage[]> {
    if (contacts.length === 0) return [];
    const definition: Campaign = campaignOf(campaign);
    const senders = await this.senders(campaign.accountId, campaign.senderNumbers);
    const optedOut = await this.campaigns.optedOutAmong(
      campaign.accountId,
      contacts.map((contact) => contact.phoneNumber),
    );
    const audience = enrollAudience(contacts, optedOut);
    const enrolled = new Set(audience.enrolled.map((recipient) => recipient.phoneNumber));
    const skipped = new Map(audience.skipped.map((skip) => [skip.phoneNumber, skip.reason]));
    const enrollments: NewEnrollment[] = [];
    const messages: NewCampaignMessage[] = [];
    for (const contact of contacts) {
      const plan = enrolled.has(contact.phoneNumber)
        ? planContactMessages(campaign.accountId, definition, contact, senders, 0, now)
        : { senderNumber: '', skipReason: skipped.get(contact.phoneNumber) ?? 'invalid_number' };
      const skipReason = 'skipReason' in plan ? plan.skipReason : null;
      enrollments.push({
        campaignId: campaign.id,
        contactId: contact.id,
        accountId: campaign.accountId,
        phoneNumber: contact.phoneNumber,
        senderNumber: plan.senderNumber,
        status: skipReason === null ? 'active' : 'skipped',
        skipReason,
        createdAt: now,
      });
      if ('messages' in plan) messages.push(...plan.messages);
    }
    const inserted = await this.campaigns.insertEnrollments(enrollments);
    const fresh = messages.filter((planned) => inserted.has(planned.contactId));
    await this.campaigns.insertMessages(campaign.id, fresh, now);
    return fresh;
  }

  /** The campaign's sender numbers that are still the account's and active, by number. */
  private async senders(
    accountId: string,
    phoneNumbers: readonly string[],
  ): Promise<Map<string, SenderNumber>> {
    const found = await Promise.all(
      phoneNumbers.map((number) => this.messages.findSender(accountId, number)),
    );
    return new Map(found.flatMap((sender) => (sender ? [[sender.phoneNumber, sender] as const] : [])));
  }
}
