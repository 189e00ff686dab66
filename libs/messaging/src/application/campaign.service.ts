import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { DomainError, type FieldError, NotFoundError, ValidationError } from '@switchyard/errors';
import { type Page, type PageRequest } from '@switchyard/http';
import { NumberAccess } from '@switchyard/numbers';
import { Database } from '@switchyard/prisma';
import {
  type CampaignStep,
  hasReachedCarrier,
  previewTemplate,
  segmentSms,
  type SendWindow,
  type StepStats,
  validateCampaign,
} from '../domain';
import {
  CAMPAIGN_PAUSED,
  type CampaignDefinitionChanges,
  type CampaignRecord,
  CampaignRepository,
  type CampaignStatus,
} from '../infrastructure/campaign.repository';
import { ContactRepository } from '../infrastructure/contact.repository';
import { MessageRepository } from '../infrastructure/message.repository';
import { CampaignEnrollmentService } from './campaign-enrollment.service';
import { campaignOf, campaignStatsResource, storedStep } from './campaign-resource';
import { contactMergeValues } from './contact-resource';
import { asDomainError } from './messaging-errors';
import { usableNumberIds } from './usable-numbers';

/** What a campaign is made of; on update, only the parts given change. */
export interface CampaignDefinitionInput {
  readonly name?: string;
  readonly steps?: readonly CampaignStep[];
  /** One sender number; or `fromPool`, numbers shared out among recipients with a sticky choice. */
  readonly from?: string;
  readonly fromPool?: readonly string[];
  readonly audience?: { readonly tags?: readonly string[]; readonly contactIds?: readonly string[] };
  readonly sendWindow?: SendWindow | null;
  readonly timeZone?: string;
  readonly stopOnReply?: boolean;
}

type CampaignAction = 'start' | 'pause' | 'resume' | 'cancel';

/** The statuses each action may start from. */
const ACTION_FROM: Readonly<Record<CampaignAction, readonly CampaignStatus[]>> = {
  start: ['draft'],
  pause: ['running'],
  resume: ['paused'],
  cancel: ['draft', 'running', 'paused'],
};

/** Drip campaigns: drafts, their lifecycle, previews and stats; enrollment itself runs in the worker. */
@Injectable()
export class CampaignService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(CampaignRepository) private readonly campaigns: CampaignRepository,
    @Inject(ContactRepository) private readonly contacts: ContactRepository,
    @Inject(MessageRepository) private readonly messages: MessageRepository,
    @Inject(NumberAccess) private readonly access: NumberAccess,
    @Inject(CampaignEnrollmentService) private readonly enrollment: CampaignEnrollmentService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(
    principal: Principal,
    input: CampaignDefinitionInput & { readonly name: string; readonly steps: readonly CampaignStep[] },
  ): Promise<CampaignRecord> {
    const definition = await this.validated(principal, input, {
      timeZone: input.timeZone ?? (await this.messages.accountTimeZone(principal.accountId)),
      stopOnReply: input.stopOnReply ?? true,
    });
    const now = this.clock.now();
    return this.campaigns.insert({
      id: newId('campaign', now.getTime()),
      accountId: principal.accountId,
      status: 'draft',
      createdAt: now,
      ...(definition as Required<CampaignDefinitionChanges>),
    });
  }

  async get(principal: Principal, id: string): Promise<CampaignRecord> {
    const campaign = await this.campaigns.find(principal.accountId, id);
    if (!campaign) throw new NotFoundError('campaign', id);
    return campaign;
  }

  async list(
    principal: Principal,
    page: PageRequest,
    status?: CampaignStatus,
  ): Promise<Page<CampaignRecord>> {
    return this.campaigns.list(principal.accountId, page, status);
  }

  /** Changes a draft; a campaign that has started keeps its definition. */
  async update(principal: Principal, id: string, input: CampaignDefinitionInput): Promise<CampaignRecord> {
    const current = await this.get(principal, id);
    if (current.status !== 'draft') throw notDraft(current);
    const changes = await this.validated(principal, input, current);
    if (!(await this.campaigns.updateDraft(principal.accountId, id, changes))) {
      throw notDraft(await this.get(principal, id));
    }
    return this.get(principal, id);
  }

  async delete(principal: Principal, id: string): Promise<void> {
    const current = await this.get(principal, id);
    if (!(await this.campaigns.deleteDraft(principal.accountId, id))) throw notDraft(current);
  }

  /** Starts enrolling the audience; the worker plans every recipient's messages chunk by chunk. */
  async start(principal: Principal, id: string): Promise<CampaignRecord> {
    const campaign = await this.get(principal, id);
    await this.senders(principal, campaign.senderNumbers);
    const now = this.clock.now();
    await this.transition(principal, campaign, 'start', { status: 'running', startedAt: now });
    await this.enrollment.queueChunk(principal.accountId, id, null);
    return this.get(principal, id);
  }

  /** Withdraws every message not yet handed to the carrier; resuming plans the remaining steps again. */
  async pause(principal: Principal, id: string): Promise<CampaignRecord> {
    const campaign = await this.get(principal, id);
    await this.database.transaction(async () => {
      await this.transition(principal, campaign, 'pause', { status: 'paused', pausedAt: this.clock.now() });
      await this.campaigns.cancelPending(principal.accountId, id, CAMPAIGN_PAUSED);
    });
    return this.get(principal, id);
  }

  /** Plans each active recipient's remaining steps from now on, and carries on enrolling if it had not finished. */
  async resume(principal: Principal, id: string): Promise<CampaignRecord> {
    const campaign = await this.get(principal, id);
    await this.transition(principal, campaign, 'resume', { status: 'running', pausedAt: null });
    const resumed = await this.get(principal, id);
    await this.enrollment.replanActive(resumed);
    if (resumed.enrolledAt === null) {
      await this.enrollment.queueChunk(principal.accountId, id, resumed.enrollmentCursor);
    }
    return resumed;
  }

  async cancel(principal: Principal, id: string): Promise<CampaignRecord> {
    const campaign = await this.get(principal, id);
    const now = this.clock.now();
    await this.database.transaction(async () => {
      await this.transition(principal, campaign, 'cancel', { status: 'canceled', endedAt: now });
      await this.campaigns.cancelPending(principal.accountId, id, 'campaign_canceled');
      await this.campaigns.endActiveEnrollments(principal.accountId, id, 'canceled', now);
    });
    return this.get(principal, id);
  }

  /** Each step rendered for the contact, with the fields that have neither value nor fallback. */
  async preview(principal: Principal, id: string, contactId: string) {
    const campaign = await this.get(principal, id);
    const contact = await this.contacts.find(principal.accountId, contactId);
    if (!contact) throw new NotFoundError('contact', contactId);
    const values = contactMergeValues(contact);
    return {
      object: 'campaign_preview' as const,
      campaignId: id,
      contactId,
      steps: campaign.steps.map((step, stepIndex) => {
        const { text, missingFields } = previewTemplate(step.template, values);
        const { encoding, segments } = segmentSms(text);
        return { stepIndex, text, missingFields: [...missingFields], encoding, segments };
      }),
    };
  }

  /**
   * Per-step counts from the messages' current statuses and the recipients' exits. Canceled messages (withdrawn
   * by a pause, a reply, an opt-out or the campaign's cancel) are not counted as scheduled.
   */
  async stats(principal: Principal, id: string) {
    const campaign = await this.get(principal, id);
    const steps = campaign.steps.map(() => ({
      scheduled: 0,
      sent: 0,
      delivered: 0,
      failed: 0,
      replied: 0,
      opted_out: 0,
    }));
    for (const row of await this.campaigns.stepStatusCounts(principal.accountId, id)) {
      const step = steps[row.stepIndex];
      if (!step || row.status === 'canceled') continue;
      step.scheduled += row.count;
      if (hasReachedCarrier(row.status)) step.sent += row.count;
      if (row.status === 'delivered') step.delivered += row.count;
      if (row.status === 'undelivered' || row.status === 'failed') step.failed += row.count;
    }
    for (const row of await this.campaigns.stepExitCounts(principal.accountId, id)) {
      const step = steps[row.stepIndex];
      if (step) step[row.status] += row.count;
    }
    return campaignStatsResource(id, steps satisfies StepStats[]);
  }

  private async transition(
    principal: Principal,
    campaign: CampaignRecord,
    action: CampaignAction,
    changes: Parameters<CampaignRepository['transition']>[3],
  ): Promise<void> {
    if (await this.campaigns.transition(principal.accountId, campaign.id, ACTION_FROM[action], changes))
      return;
    const current = await this.get(principal, campaign.id);
    throw new DomainError(
      'conflict',
      'invalid_campaign_transition',
      `A ${current.status} campaign cannot ${action}.`,
      { details: { currentStatus: current.status } },
    );
  }

  /**
   * The full definition after the input is applied to `base`, checked as a whole: shape and templates by the
   * domain (400), senders against the numbers the caller may use (422), listed contacts against the account.
   */
  private async validated(
    principal: Principal,
    input: CampaignDefinitionInput,
    base: Partial<CampaignRecord> & Pick<CampaignRecord, 'timeZone' | 'stopOnReply'>,
  ): Promise<CampaignDefinitionChanges> {
    const errors: FieldError[] = [];
    if (input.from !== undefined && input.fromPool !== undefined) {
      errors.push({
        field: 'from',
        code: 'sender_conflict',
        message: 'Give either from or fromPool, not both.',
      });
    }
    const sender: Pick<CampaignRecord, 'senderType' | 'senderNumbers'> | undefined =
      input.from !== undefined
        ? { senderType: 'number', senderNumbers: [input.from] }
        : input.fromPool !== undefined
          ? { senderType: 'pool', senderNumbers: [...new Set(input.fromPool)] }
          : base.senderType &&
            base.senderNumbers && { senderType: base.senderType, senderNumbers: base.senderNumbers };
    if (!sender) errors.push({ field: 'from', code: 'sender_required', message: 'Give from or fromPool.' });
    const audienceTags = input.audience?.tags ?? base.audienceTags ?? [];
    const audienceContactIds = input.audience?.contactIds ?? base.audienceContactIds ?? [];
    if (audienceTags.length === 0 && audienceContactIds.length === 0) {
      errors.push({
        field: 'audience',
        code: 'audience_required',
        message: 'The audience needs at least one tag or contact id.',
      });
    }
    const unknown = await this.unknownContacts(principal.accountId, audienceContactIds);
    if (unknown.length > 0) {
      errors.push({
        field: 'audience.contactIds',
        code: 'unknown_contact',
        message: `No contacts with ids ${unknown.join(', ')}.`,
      });
    }
    if (errors.length > 0) throw new ValidationError(errors);
    const window =
      input.sendWindow !== undefined
        ? input.sendWindow
        : base.sendWindowStart && base.sendWindowEnd
          ? { startLocal: base.sendWindowStart, endLocal: base.sendWindowEnd }
          : null;
    const merged: CampaignDefinitionChanges = {
      name: input.name ?? base.name!,
      steps: input.steps?.map(storedStep) ?? base.steps!,
      ...sender!,
      audienceTags: [...new Set(audienceTags)],
      audienceContactIds: [...new Set(audienceContactIds)],
      sendWindowStart: window?.startLocal ?? null,
      sendWindowEnd: window?.endLocal ?? null,
      timeZone: input.timeZone ?? base.timeZone,
      stopOnReply: input.stopOnReply ?? base.stopOnReply,
    };
    try {
      validateCampaign(campaignOf(merged as CampaignRecord));
    } catch (error) {
      throw asDomainError(error, fieldOf(error));
    }
    await this.senders(principal, sender!.senderNumbers);
    return merged;
  }

  /** Every number must be one the caller may send SMS from; throws 422 `sender_not_allowed` otherwise. */
  private async senders(principal: Principal, phoneNumbers: readonly string[]): Promise<void> {
    const usable = await usableNumberIds(this.access, principal);
    for (const phoneNumber of phoneNumbers) {
      const sender = await this.messages.findSender(principal.accountId, phoneNumber, usable);
      if (!sender?.capabilities.includes('sms')) {
        throw new DomainError(
          'unprocessable',
          'sender_not_allowed',
          `${phoneNumber} is not a number you may send SMS from.`,
          {
            fieldErrors: [
              { field: 'from', code: 'sender_not_allowed', message: `${phoneNumber} cannot send.` },
            ],
          },
        );
      }
    }
  }

  private async unknownContacts(accountId: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const found = new Set((await this.contacts.findMany(accountId, ids)).map((contact) => contact.id));
    return ids.filter((id) => !found.has(id));
  }
}

function notDraft(campaign: CampaignRecord): DomainError {
  return new DomainError(
    'conflict',
    'campaign_not_draft',
    `Only a draft campaign can be changed or deleted; this one is ${campaign.status}.`,
    { details: { currentStatus: campaign.status } },
  );
}

/** The input field a domain error of the definition is about. */
function fieldOf(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'unknown_time_zone') return 'timeZone';
  if (code === 'empty_sender_pool') return 'fromPool';
  if (code === 'invalid_send_window') return 'sendWindow';
  return 'steps';
}
