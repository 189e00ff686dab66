import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InvalidStatusTransitionError } from './messaging.errors';
import {
  advanceStatus,
  assertTransition,
  canTransition,
  isTerminal,
  MESSAGE_STATUSES,
  type MessageStatus,
} from './message-status';

const ALLOWED: Record<MessageStatus, readonly MessageStatus[]> = {
  scheduled: ['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled'],
  queued: ['sending', 'sent', 'delivered', 'undelivered', 'failed', 'canceled'],
  sending: ['sent', 'delivered', 'undelivered', 'failed'],
  sent: ['delivered', 'undelivered', 'failed'],
  delivered: [],
  undelivered: [],
  failed: [],
  canceled: [],
  received: [],
};

const pairs = MESSAGE_STATUSES.flatMap((from) =>
  MESSAGE_STATUSES.map((to) => ({ from, to, allowed: ALLOWED[from].includes(to) })),
);

describe('canTransition', () => {
  it.each(pairs)('$from -> $to: $allowed', ({ from, to, allowed }) => {
    expect(canTransition(from, to)).toBe(allowed);
  });
});

describe('advanceStatus', () => {
  it.each(pairs)('$from reported $to', ({ from, to, allowed }) => {
    expect(advanceStatus(from, to)).toBe(allowed ? to : from);
  });

  it('keeps delivered when a late sent callback arrives', () => {
    const reports: MessageStatus[] = ['sent', 'delivered', 'sent', 'sending'];
    expect(reports.reduce(advanceStatus, 'queued')).toBe('delivered');
  });

  it('keeps the first carrier outcome', () => {
    expect(advanceStatus('undelivered', 'delivered')).toBe('undelivered');
    expect(advanceStatus('failed', 'delivered')).toBe('failed');
  });
});

describe('terminal statuses and requested changes', () => {
  it('names the final statuses', () => {
    expect(MESSAGE_STATUSES.filter(isTerminal)).toEqual([
      'delivered',
      'undelivered',
      'failed',
      'canceled',
      'received',
    ]);
  });

  it('cancels a queued message and refuses to cancel a sent one', () => {
    expect(assertTransition('queued', 'canceled')).toBe('canceled');
    expect(() => assertTransition('sent', 'canceled')).toThrow(InvalidStatusTransitionError);
    expect(() => assertTransition('sent', 'canceled')).toThrow(
      expect.objectContaining({ code: 'invalid_status_transition', from: 'sent', to: 'canceled' }),
    );
  });
});

describe('status properties', () => {
  const OUTBOUND_ORDER: MessageStatus[][] = [
    ['scheduled'],
    ['queued'],
    ['sending'],
    ['sent'],
    ['delivered', 'undelivered', 'failed', 'canceled'],
  ];
  const stepOf = (status: MessageStatus) => OUTBOUND_ORDER.findIndex((step) => step.includes(status));
  const outboundStatus = fc.constantFrom(...MESSAGE_STATUSES.filter((status) => status !== 'received'));

  it('never moves backwards and never leaves a terminal status, whatever order reports arrive in', () => {
    fc.assert(
      fc.property(outboundStatus, fc.array(fc.constantFrom(...MESSAGE_STATUSES)), (start, reports) => {
        let current: MessageStatus = start;
        for (const reported of reports) {
          const next = advanceStatus(current, reported);
          expect(stepOf(next)).toBeGreaterThanOrEqual(stepOf(current));
          if (isTerminal(current)) expect(next).toBe(current);
          current = next;
        }
      }),
    );
  });
});
