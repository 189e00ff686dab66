import {
  CAMPAIGN_STAT_KINDS,
  type Campaign,
  type CampaignStatKind,
  type CampaignStep,
  campaignTotals,
  type StepStats,
} from '../domain';
import { type CampaignRecord, type StoredCampaignStep } from '../infrastructure/campaign.repository';

/** The domain's view of a stored campaign, which the planning rules run on. */
export function campaignOf(record: CampaignRecord): Campaign {
  return {
    steps: record.steps.map(stepOf),
    sender:
      record.senderType === 'number'
        ? { type: 'number', phoneNumber: record.senderNumbers[0] ?? '' }
        : { type: 'pool', phoneNumbers: record.senderNumbers },
    exitRules: { leaveOnReply: record.stopOnReply },
    ...(record.sendWindowStart !== null &&
      record.sendWindowEnd !== null && {
        sendWindow: { startLocal: record.sendWindowStart, endLocal: record.sendWindowEnd },
      }),
    timeZone: record.timeZone,
  };
}

export function stepOf(stored: StoredCampaignStep): CampaignStep {
  return {
    template: stored.template,
    timing:
      stored.timing.type === 'at' ? { type: 'at', at: new Date(stored.timing.at) } : { ...stored.timing },
    ...(stored.sendWindow && { sendWindow: stored.sendWindow }),
  };
}

export function storedStep(step: CampaignStep): StoredCampaignStep {
  return {
    template: step.template,
    timing: step.timing.type === 'at' ? { type: 'at', at: step.timing.at.toISOString() } : step.timing,
    ...(step.sendWindow && { sendWindow: step.sendWindow }),
  };
}

function windowResource(window: { readonly startLocal: string; readonly endLocal: string } | undefined) {
  return window ? { start: window.startLocal, end: window.endLocal } : null;
}

/** A campaign as the REST API and its events show it. */
export function campaignResource(campaign: CampaignRecord) {
  const definition = campaignOf(campaign);
  return {
    id: campaign.id,
    object: 'campaign' as const,
    name: campaign.name,
    status: campaign.status,
    steps: definition.steps.map((step) => ({
      text: step.template,
      delay: step.timing.type === 'delay' ? { amount: step.timing.amount, unit: step.timing.unit } : null,
      at: step.timing.type === 'at' ? step.timing.at.toISOString() : null,
      sendWindow: windowResource(step.sendWindow),
    })),
    from: campaign.senderType === 'number' ? (campaign.senderNumbers[0] ?? null) : null,
    fromPool: campaign.senderType === 'pool' ? [...campaign.senderNumbers] : null,
    audience: { tags: [...campaign.audienceTags], contactIds: [...campaign.audienceContactIds] },
    sendWindow: windowResource(definition.sendWindow),
    timeZone: campaign.timeZone,
    stopOnReply: campaign.stopOnReply,
    enrollmentComplete: campaign.enrolledAt !== null,
    startedAt: campaign.startedAt?.toISOString() ?? null,
    pausedAt: campaign.pausedAt?.toISOString() ?? null,
    endedAt: campaign.endedAt?.toISOString() ?? null,
    createdAt: campaign.createdAt.toISOString(),
    updatedAt: campaign.updatedAt.toISOString(),
  };
}

export type CampaignResource = ReturnType<typeof campaignResource>;

const statNames: Readonly<Record<CampaignStatKind, string>> = {
  scheduled: 'scheduled',
  sent: 'sent',
  delivered: 'delivered',
  failed: 'failed',
  replied: 'replied',
  opted_out: 'optedOut',
};

function statsResource(stats: StepStats) {
  return Object.fromEntries(CAMPAIGN_STAT_KINDS.map((kind) => [statNames[kind], stats[kind]])) as Record<
    'scheduled' | 'sent' | 'delivered' | 'failed' | 'replied' | 'optedOut',
    number
  >;
}

/** Per-step counts and their totals, as the REST API shows them. */
export function campaignStatsResource(campaignId: string, steps: readonly StepStats[]) {
  return {
    object: 'campaign_stats' as const,
    campaignId,
    steps: steps.map((stats, stepIndex) => ({ stepIndex, ...statsResource(stats) })),
    totals: statsResource(campaignTotals(steps)),
  };
}
