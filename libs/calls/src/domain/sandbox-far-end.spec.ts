import { describe, expect, it } from 'vitest';
import { finalCallStatus } from './call-status';
import { sandboxFarEndOutcome } from './sandbox-far-end';

describe('sandboxFarEndOutcome', () => {
  it.each([
    ['+14155550486', { kind: 'reject', ringMs: 500, sipStatus: 486, reason: 'Busy Here' }, 'busy'],
    [
      '+442079460480',
      { kind: 'reject', ringMs: 2000, sipStatus: 480, reason: 'Temporarily Unavailable' },
      'no_answer',
    ],
    ['+14155550404', { kind: 'reject', ringMs: 0, sipStatus: 404, reason: 'Not Found' }, 'failed'],
    ['+14155550503', { kind: 'reject', ringMs: 0, sipStatus: 503, reason: 'Service Unavailable' }, 'failed'],
  ])('rejects %s as documented', (e164, outcome, status) => {
    expect(sandboxFarEndOutcome(e164)).toEqual(outcome);
    expect(finalCallStatus({ answered: false, sipStatus: outcome.sipStatus })).toBe(status);
  });

  it.each(['+14155550123', '+14155551486', '+14155550200', '+442079460018'])(
    'answers %s after 200 ms',
    (e164) => {
      expect(sandboxFarEndOutcome(e164)).toEqual({ kind: 'answer', ringMs: 200 });
    },
  );
});
