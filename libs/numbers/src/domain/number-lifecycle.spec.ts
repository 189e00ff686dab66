import { describe, expect, it } from 'vitest';
import { NUMBER_STATUSES, numberTypeCandidates, releasePlanFor, releaseTimeAfter } from './number-lifecycle';

describe('number lifecycle', () => {
  it('schedules active numbers, cancels those waiting for documents and refuses the rest', () => {
    expect(Object.fromEntries(NUMBER_STATUSES.map((status) => [status, releasePlanFor(status)]))).toEqual({
      ordering: 'refuse',
      pending_documents: 'cancel',
      active: 'schedule',
      releasing: 'unchanged',
      released: 'refuse',
      failed: 'refuse',
    });
  });

  it('releases after the grace period', () => {
    expect(releaseTimeAfter(new Date('2030-01-01T00:00:00Z'), 72)).toEqual(new Date('2030-01-04T00:00:00Z'));
  });

  it('knows which types a number of a kind can be sold as', () => {
    expect(numberTypeCandidates('fixed_line_or_mobile')).toEqual(['local', 'mobile']);
    expect(numberTypeCandidates('toll_free')).toEqual(['toll_free']);
    expect(numberTypeCandidates('premium_rate')).toEqual([]);
  });
});
