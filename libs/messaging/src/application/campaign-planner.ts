import { newId } from '@switchyard/contracts';
import {
  assertSegmentLimit,
  type Campaign,
  chooseSender,
  estimateCost,
  MessagingDomainError,
  planRecipientSchedule,
  recipientTimeZone,
  renderTemplate,
} from '../domain';
import { type NewCampaignMessage } from '../infrastructure/campaign.repository';
import { type ContactRecord } from '../infrastructure/contact.repository';
import { type SenderNumber } from '../infrastructure/message.repository';
import { contactMergeValues } from './contact-resource';
import { sendWindowColumns } from './send-window';

/** A contact's messages from a step on, or why the contact cannot get them. */
export type ContactPlan =
  | { readonly senderNumber: string; readonly messages: readonly NewCampaignMessage[] }
  | { readonly senderNumber: string; readonly skipReason: string };

/**
 * Renders and schedules the contact's messages from step `fromStep` on, counting delays from `at`. Each becomes
 * an ordinary scheduled message, its send window kept on the row so that dispatch checks it again. A contact
 * whose text cannot be sent (a merge field without value or fallback, too long, no price for the route) or whose
 * sender is gone is skipped, with the domain error's code as the reason.
 */
export function planContactMessages(
  accountId: string,
  campaign: Campaign,
  contact: ContactRecord,
  senders: ReadonlyMap<string, SenderNumber>,
  fromStep: number,
  at: Date,
): ContactPlan {
  const senderNumber = chooseSender(campaign.sender, contact.phoneNumber);
  const sender = senders.get(senderNumber);
  if (!sender?.capabilities.includes('sms')) return { senderNumber, skipReason: 'sender_unavailable' };
  const timeZone = recipientTimeZone(contact.phoneNumber, contact.timeZone)?.timeZone ?? campaign.timeZone;
  // The zone is resolved once here; handing it on spares the schedule a second number lookup.
  const recipient = { phoneNumber: contact.phoneNumber, timeZone };
  const remaining = { ...campaign, steps: campaign.steps.slice(fromStep) };
  const values = contactMergeValues(contact);
  try {
    const messages = planRecipientSchedule(remaining, at, recipient).map(({ stepIndex, sendAt }) => {
      const step = remaining.steps[stepIndex]!;
      const text = renderTemplate(step.template, values);
      const segmentation = assertSegmentLimit(text);
      const cost = estimateCost({
        country: sender.country,
        numberType: sender.type,
        channel: 'sms',
        segments: segmentation.segments,
      });
      const window = step.sendWindow ?? campaign.sendWindow;
      return {
        contactId: contact.id,
        stepIndex: fromStep + stepIndex,
        message: {
          id: newId('message', at.getTime()),
          accountId,
          numberId: sender.id,
          direction: 'outbound' as const,
          from: sender.phoneNumber,
          to: contact.phoneNumber,
          text,
          status: 'scheduled' as const,
          encoding: segmentation.encoding,
          segments: segmentation.segments,
          costAmount: cost.total.amount,
          currency: cost.total.currency,
          sendAt,
          createdAt: at,
          ...sendWindowColumns(window && { ...window, timeZone }),
        },
      };
    });
    return { senderNumber, messages };
  } catch (error) {
    if (error instanceof MessagingDomainError) return { senderNumber, skipReason: error.code };
    throw error;
  }
}
