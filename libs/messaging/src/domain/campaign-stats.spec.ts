import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  campaignTotals,
  type CampaignStatEvent,
  emptyCampaignStats,
  reduceCampaignStats,
  statEventsForStatusChange,
} from './campaign-stats';
import { advanceStatus, MESSAGE_STATUSES, type MessageStatus } from './message-status';

describe('reduceCampaignStats', () => {
  it('counts events per step', () => {
    const events: CampaignStatEvent[] = [
      { kind: 'scheduled', stepIndex: 0 },
      { kind: 'scheduled', stepIndex: 0 },
      { kind: 'sent', stepIndex: 0 },
      { kind: 'delivered', stepIndex: 0 },
      { kind: 'scheduled', stepIndex: 1 },
      { kind: 'failed', stepIndex: 1 },
      { kind: 'replied', stepIndex: 0 },
      { kind: 'opted_out', stepIndex: 1 },
    ];
    const stats = events.reduce(reduceCampaignStats, emptyCampaignStats(2));
    expect(stats).toEqual([
      { scheduled: 2, sent: 1, delivered: 1, failed: 0, replied: 1, opted_out: 0 },
      { scheduled: 1, sent: 0, delivered: 0, failed: 1, replied: 0, opted_out: 1 },
    ]);
    expect(campaignTotals(stats)).toEqual({
      scheduled: 3,
      sent: 1,
      delivered: 1,
      failed: 1,
      replied: 1,
      opted_out: 1,
    });
  });

  it('leaves the previous stats untouched', () => {
    const before = emptyCampaignStats(1);
    reduceCampaignStats(before, { kind: 'sent', stepIndex: 0 });
    expect(before[0]?.sent).toBe(0);
  });

  it('refuses a step the campaign does not have', () => {
    expect(() => reduceCampaignStats(emptyCampaignStats(1), { kind: 'sent', stepIndex: 1 })).toThrow(
      RangeError,
    );
  });
});

describe('statEventsForStatusChange', () => {
  it.each<[MessageStatus, MessageStatus, string[]]>([
    ['queued', 'sending', []],
    ['sending', 'sent', ['sent']],
    ['sent', 'delivered', ['delivered']],
    ['sending', 'delivered', ['sent', 'delivered']],
    ['sending', 'undelivered', ['sent', 'failed']],
    ['sent', 'failed', ['failed']],
    ['sending', 'failed', ['failed']],
    ['queued', 'canceled', []],
    ['delivered', 'sent', []],
  ])('%s -> %s counts %j', (from, to, kinds) => {
    expect(statEventsForStatusChange(3, from, to)).toEqual(kinds.map((kind) => ({ kind, stepIndex: 3 })));
  });

  it('never counts more deliveries than sends, or one message twice, whatever callbacks arrive', () => {
    const reportsArb = fc.array(fc.array(fc.constantFrom(...MESSAGE_STATUSES), { maxLength: 8 }), {
      maxLength: 20,
    });
    fc.assert(
      fc.property(reportsArb, (messages) => {
        let stats = emptyCampaignStats(1);
        for (const reports of messages) {
          let status: MessageStatus = 'queued';
          for (const reported of reports) {
            const next = advanceStatus(status, reported);
            stats = statEventsForStatusChange(0, status, next).reduce(reduceCampaignStats, stats);
            status = next;
          }
        }
        const [step] = stats;
        expect(step!.delivered).toBeLessThanOrEqual(step!.sent);
        expect(step!.sent).toBeLessThanOrEqual(messages.length);
        expect(step!.delivered + step!.failed).toBeLessThanOrEqual(messages.length);
      }),
    );
  });
});
