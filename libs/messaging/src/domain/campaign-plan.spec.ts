import { describe, expect, it } from 'vitest';
import {
  EmptySenderPoolError,
  InvalidCampaignError,
  InvalidSendWindowError,
  InvalidTemplateError,
  UnknownTimeZoneError,
} from './messaging.errors';
import {
  type Campaign,
  type CampaignStep,
  enrollAudience,
  exitReason,
  planRecipientSchedule,
  validateCampaign,
} from './campaign-plan';

const at = (iso: string) => new Date(iso);
const NEW_YORK_RECIPIENT = { phoneNumber: '+12125550123' };
const LOS_ANGELES_RECIPIENT = { phoneNumber: '+14155550123' };

const drip: Campaign = {
  steps: [
    { template: 'Welcome {{ firstName | "there" }}!', timing: { type: 'delay', amount: 0, unit: 'minutes' } },
    { template: 'Your first tip', timing: { type: 'delay', amount: 1, unit: 'days' } },
    { template: 'Reminder', timing: { type: 'delay', amount: 3, unit: 'hours' } },
  ],
  sender: { type: 'pool', phoneNumbers: ['+14155550100', '+14155550101'] },
  exitRules: { leaveOnReply: true },
  sendWindow: { startLocal: '09:00', endLocal: '20:00' },
  timeZone: 'America/Chicago',
};

const sendTimes = (
  campaign: Campaign,
  enrolledAt: string,
  recipient: { phoneNumber: string; timeZone?: string },
) =>
  planRecipientSchedule(campaign, at(enrolledAt), recipient).map(({ stepIndex, sendAt }) => [
    stepIndex,
    sendAt.toISOString(),
  ]);

describe('planRecipientSchedule', () => {
  it('sends straight away inside the window and counts each delay from the step before', () => {
    // 10:00 EST on Saturday 2026-01-10.
    expect(sendTimes(drip, '2026-01-10T15:00:00Z', NEW_YORK_RECIPIENT)).toEqual([
      [0, '2026-01-10T15:00:00.000Z'],
      [1, '2026-01-11T15:00:00.000Z'],
      [2, '2026-01-11T18:00:00.000Z'],
    ]);
  });

  it("holds steps for the window on the recipient's clock, guessed from the area code", () => {
    // 21:00 in New York, 18:00 in San Francisco.
    expect(sendTimes(drip, '2026-01-11T02:00:00Z', NEW_YORK_RECIPIENT)).toEqual([
      [0, '2026-01-11T14:00:00.000Z'],
      [1, '2026-01-12T14:00:00.000Z'],
      [2, '2026-01-12T17:00:00.000Z'],
    ]);
    expect(sendTimes(drip, '2026-01-11T02:00:00Z', LOS_ANGELES_RECIPIENT)).toEqual([
      [0, '2026-01-11T02:00:00.000Z'],
      [1, '2026-01-12T02:00:00.000Z'],
      [2, '2026-01-12T17:00:00.000Z'],
    ]);
  });

  it('prefers a known zone, and falls back to the campaign zone when the number says nothing', () => {
    expect(
      sendTimes(drip, '2026-01-11T02:00:00Z', { ...NEW_YORK_RECIPIENT, timeZone: 'America/Los_Angeles' })[0],
    ).toEqual([0, '2026-01-11T02:00:00.000Z']);
    // A French number: Chicago's 09:00 is 15:00Z.
    expect(sendTimes(drip, '2026-01-11T02:00:00Z', { phoneNumber: '+33612345678' })[0]).toEqual([
      0,
      '2026-01-11T15:00:00.000Z',
    ]);
  });

  it("keeps a day's delay at the same local time across the spring change", () => {
    // Saturday 2026-03-07 10:00 EST, then Sunday 10:00 EDT.
    expect(sendTimes(drip, '2026-03-07T15:00:00Z', NEW_YORK_RECIPIENT).slice(0, 2)).toEqual([
      [0, '2026-03-07T15:00:00.000Z'],
      [1, '2026-03-08T14:00:00.000Z'],
    ]);
  });

  it("lets a step's own window replace the campaign's", () => {
    const steps: CampaignStep[] = [
      drip.steps[0]!,
      {
        template: 'Night owl offer',
        timing: { type: 'delay', amount: 1, unit: 'hours' },
        sendWindow: { startLocal: '21:00', endLocal: '08:00' },
      },
    ];
    expect(sendTimes({ ...drip, steps }, '2026-01-10T15:00:00Z', NEW_YORK_RECIPIENT)).toEqual([
      [0, '2026-01-10T15:00:00.000Z'],
      [1, '2026-01-11T02:00:00.000Z'],
    ]);
  });

  it('sends everything as soon as due without a window', () => {
    const { sendWindow: _sendWindow, ...anyTime } = drip;
    expect(sendTimes(anyTime, '2026-01-11T02:00:00Z', NEW_YORK_RECIPIENT)).toEqual([
      [0, '2026-01-11T02:00:00.000Z'],
      [1, '2026-01-12T02:00:00.000Z'],
      [2, '2026-01-12T05:00:00.000Z'],
    ]);
  });

  describe('steps at a fixed time', () => {
    const withLaunch: Campaign = {
      ...drip,
      steps: [
        drip.steps[0]!,
        { template: 'We launch today', timing: { type: 'at', at: at('2026-02-01T15:00:00Z') } },
        { template: 'How was the launch?', timing: { type: 'delay', amount: 2, unit: 'hours' } },
      ],
    };

    it('sends them at that time', () => {
      expect(sendTimes(withLaunch, '2026-01-10T15:00:00Z', NEW_YORK_RECIPIENT)).toEqual([
        [0, '2026-01-10T15:00:00.000Z'],
        [1, '2026-02-01T15:00:00.000Z'],
        [2, '2026-02-01T17:00:00.000Z'],
      ]);
    });

    it('leaves them out once passed, counting the next delay from the step before', () => {
      expect(sendTimes(withLaunch, '2026-02-02T15:00:00Z', NEW_YORK_RECIPIENT)).toEqual([
        [0, '2026-02-02T15:00:00.000Z'],
        [2, '2026-02-02T17:00:00.000Z'],
      ]);
    });
  });
});

describe('validateCampaign', () => {
  it('accepts a well-formed campaign', () => {
    expect(() => validateCampaign(drip)).not.toThrow();
  });

  it.each<[string, Campaign, unknown]>([
    ['no steps', { ...drip, steps: [] }, InvalidCampaignError],
    [
      'a negative delay',
      { ...drip, steps: [{ template: 'x', timing: { type: 'delay', amount: -1, unit: 'hours' } }] },
      InvalidCampaignError,
    ],
    [
      'a fractional delay',
      { ...drip, steps: [{ template: 'x', timing: { type: 'delay', amount: 1.5, unit: 'days' } }] },
      InvalidCampaignError,
    ],
    [
      'fixed times out of order',
      {
        ...drip,
        steps: [
          { template: 'a', timing: { type: 'at', at: at('2026-02-01T00:00:00Z') } },
          { template: 'b', timing: { type: 'at', at: at('2026-01-01T00:00:00Z') } },
        ],
      },
      InvalidCampaignError,
    ],
    [
      'a broken template',
      { ...drip, steps: [{ template: 'Hi {{name', timing: { type: 'delay', amount: 0, unit: 'seconds' } }] },
      InvalidTemplateError,
    ],
    ['an empty pool', { ...drip, sender: { type: 'pool', phoneNumbers: [] } }, EmptySenderPoolError],
    ['an unknown zone', { ...drip, timeZone: 'Atlantis/Capital' }, UnknownTimeZoneError],
    [
      'an empty window',
      { ...drip, sendWindow: { startLocal: '09:00', endLocal: '09:00' } },
      InvalidSendWindowError,
    ],
  ])('refuses %s', (_problem, campaign, error) => {
    expect(() => validateCampaign(campaign)).toThrow(error as typeof Error);
  });
});

describe('enrollAudience', () => {
  it('normalizes numbers and leaves out invalid ones, repeats and opted-out recipients', () => {
    const result = enrollAudience(
      [
        { phoneNumber: '+1 (212) 555-0123' },
        { phoneNumber: 'hello' },
        { phoneNumber: '+12125550123', timeZone: 'America/Denver' },
        { phoneNumber: '+14155550199' },
        { phoneNumber: '+447400123456', timeZone: 'Europe/London' },
      ],
      new Set(['+14155550199']),
    );
    expect(result).toEqual({
      enrolled: [
        { phoneNumber: '+12125550123' },
        { phoneNumber: '+447400123456', timeZone: 'Europe/London' },
      ],
      skipped: [
        { phoneNumber: 'hello', reason: 'invalid_number' },
        { phoneNumber: '+12125550123', reason: 'duplicate' },
        { phoneNumber: '+14155550199', reason: 'opted_out' },
      ],
    });
  });
});

describe('exitReason', () => {
  it('always lets an opt-out leave', () => {
    expect(exitReason({ leaveOnReply: false }, ' stop ')).toBe('opted_out');
    expect(exitReason({ leaveOnReply: true }, 'UNSUBSCRIBE')).toBe('opted_out');
  });

  it('lets a reply leave only when the campaign says so', () => {
    expect(exitReason({ leaveOnReply: true }, 'Thanks, see you then')).toBe('replied');
    expect(exitReason({ leaveOnReply: false }, 'Thanks, see you then')).toBeNull();
    expect(exitReason({ leaveOnReply: true }, 'please stop')).toBe('replied');
  });

  it('does not treat a help request as a reply', () => {
    expect(exitReason({ leaveOnReply: true }, 'HELP')).toBeNull();
  });
});
