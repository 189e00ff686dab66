import { describePhoneNumber } from '@switchyard/numbers';
import { DateTime } from 'luxon';
import { EmptySenderPoolError, InvalidCampaignError } from './messaging.errors';
import { parseTemplate } from './message-template';
import { classifyKeyword } from './opt-out-keywords';
import { recipientTimeZone } from './recipient-time-zone';
import { nextAllowedInstant, type SendWindow, validateSendWindow } from './send-schedule';
import { type CampaignSender } from './sender-pool';
import { zoneNamed } from './zoned-time';

export const DELAY_UNITS = ['seconds', 'minutes', 'hours', 'days'] as const;
export type DelayUnit = (typeof DELAY_UNITS)[number];

/**
 * When a step is due: a delay after the previous step was planned (after enrollment for the first step), or
 * a fixed instant. Delays in days keep the recipient's wall-clock time across DST; shorter ones are elapsed
 * time.
 */
export type StepTiming =
  | { readonly type: 'delay'; readonly amount: number; readonly unit: DelayUnit }
  | { readonly type: 'at'; readonly at: Date };

export interface CampaignStep {
  /** Message text with merge fields, see `parseTemplate`. */
  readonly template: string;
  readonly timing: StepTiming;
  /** Overrides the campaign's send window for this step. */
  readonly sendWindow?: SendWindow;
}

export interface CampaignExitRules {
  /** Whether any reply ends the recipient's campaign; an opt-out always does. */
  readonly leaveOnReply: boolean;
}

/** A drip campaign: ordered steps that every enrolled recipient goes through on their own clock. */
export interface Campaign {
  readonly steps: readonly CampaignStep[];
  readonly sender: CampaignSender;
  readonly exitRules: CampaignExitRules;
  /** Hours on the recipient's clock in which steps may be sent; none means any time. */
  readonly sendWindow?: SendWindow;
  /** Zone for recipients whose zone is neither known nor guessable from their number. */
  readonly timeZone: string;
}

export interface CampaignRecipient {
  readonly phoneNumber: string;
  readonly timeZone?: string | null;
}

export interface PlannedSend {
  readonly stepIndex: number;
  readonly sendAt: Date;
}

export type EnrollmentSkipReason = 'invalid_number' | 'duplicate' | 'opted_out';

export interface AudienceEnrollment {
  /** With phone numbers in E.164. */
  readonly enrolled: readonly CampaignRecipient[];
  readonly skipped: readonly { readonly phoneNumber: string; readonly reason: EnrollmentSkipReason }[];
}

export type CampaignExitReason = 'replied' | 'opted_out';

const UNIT_MS: Readonly<Record<Exclude<DelayUnit, 'days'>, number>> = {
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
};

/**
 * Throws the first problem found: {@link InvalidCampaignError} for the campaign's shape, or the error of an
 * invalid template, send window, zone or sender pool.
 */
export function validateCampaign(campaign: Campaign): void {
  if (campaign.steps.length === 0) throw new InvalidCampaignError('a campaign needs at least one step');
  zoneNamed(campaign.timeZone);
  if (campaign.sendWindow) validateSendWindow(campaign.sendWindow);
  if (campaign.sender.type === 'pool' && campaign.sender.phoneNumbers.length === 0) {
    throw new EmptySenderPoolError();
  }
  let lastFixedTime: Date | undefined;
  campaign.steps.forEach((step, index) => {
    parseTemplate(step.template);
    if (step.sendWindow) validateSendWindow(step.sendWindow);
    const { timing } = step;
    if (timing.type === 'delay') {
      if (!DELAY_UNITS.includes(timing.unit) || !Number.isInteger(timing.amount) || timing.amount < 0) {
        throw new InvalidCampaignError(
          `step ${index} needs a delay of zero or more whole seconds, minutes, hours or days`,
        );
      }
    } else {
      if (lastFixedTime && timing.at <= lastFixedTime) {
        throw new InvalidCampaignError(`step ${index} is set for a time before an earlier step's`);
      }
      lastFixedTime = timing.at;
    }
  });
}

/**
 * When each step reaches a recipient enrolled at `enrolledAt`, with send windows read on the recipient's
 * clock. A step set for a fixed time that has already passed when its turn comes (the recipient enrolled
 * late) is left out, so nobody gets a dated message late; the following steps count from the step before.
 */
export function planRecipientSchedule(
  campaign: Campaign,
  enrolledAt: Date,
  recipient: CampaignRecipient,
): PlannedSend[] {
  const timeZone =
    recipientTimeZone(recipient.phoneNumber, recipient.timeZone)?.timeZone ??
    zoneNamed(campaign.timeZone).name;
  const plan: PlannedSend[] = [];
  let previous = enrolledAt;
  campaign.steps.forEach((step, stepIndex) => {
    const due = dueAt(step.timing, previous, timeZone);
    if (due < previous) return;
    const window = step.sendWindow ?? campaign.sendWindow;
    const sendAt = window ? nextAllowedInstant(due, window, timeZone) : due;
    plan.push({ stepIndex, sendAt });
    previous = sendAt;
  });
  return plan;
}

/** Normalizes the audience to E.164 and leaves out invalid numbers, repeats and opted-out recipients. */
export function enrollAudience(
  audience: readonly CampaignRecipient[],
  optedOut: ReadonlySet<string>,
): AudienceEnrollment {
  const enrolled: CampaignRecipient[] = [];
  const skipped: { phoneNumber: string; reason: EnrollmentSkipReason }[] = [];
  const seen = new Set<string>();
  for (const recipient of audience) {
    const skip = (reason: EnrollmentSkipReason) =>
      skipped.push({ phoneNumber: recipient.phoneNumber, reason });
    const info = describePhoneNumber(recipient.phoneNumber);
    const e164 = info.valid ? info.e164 : null;
    if (!e164) skip('invalid_number');
    else if (seen.has(e164)) skip('duplicate');
    else if (optedOut.has(e164)) skip('opted_out');
    else enrolled.push({ ...recipient, phoneNumber: e164 });
    if (e164) seen.add(e164);
  }
  return { enrolled, skipped };
}

/**
 * Why an inbound message ends the recipient's campaign, or null if they stay. An opt-out always ends it; a
 * HELP request is answered automatically and is not a reply.
 */
export function exitReason(rules: CampaignExitRules, inboundText: string): CampaignExitReason | null {
  const keyword = classifyKeyword(inboundText);
  if (keyword === 'opt_out') return 'opted_out';
  if (keyword === 'help') return null;
  return rules.leaveOnReply ? 'replied' : null;
}

function dueAt(timing: StepTiming, previous: Date, timeZone: string): Date {
  if (timing.type === 'at') return timing.at;
  if (timing.unit === 'days') {
    return DateTime.fromJSDate(previous, { zone: timeZone }).plus({ days: timing.amount }).toJSDate();
  }
  return new Date(previous.getTime() + timing.amount * UNIT_MS[timing.unit]);
}
