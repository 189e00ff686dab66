import { describe, expect, it } from 'vitest';
import { callStatuses, finalCallStatus, isLive, liveCallStatuses } from './call-status';

describe('finalCallStatus', () => {
  it.each([200, 486, 480, 487, 500, 0])('completes an answered call whatever ended it (%d)', (sipStatus) => {
    expect(finalCallStatus({ answered: true, sipStatus })).toBe('completed');
  });

  it.each([
    [486, 'busy'],
    [600, 'busy'],
    [408, 'no_answer'],
    [480, 'no_answer'],
    [487, 'canceled'],
    [404, 'failed'],
    [403, 'failed'],
    [500, 'failed'],
    [503, 'failed'],
    [603, 'failed'],
  ])('reads an unanswered call ended by %d as %s', (sipStatus, status) => {
    expect(finalCallStatus({ answered: false, sipStatus })).toBe(status);
  });

  it('always returns a final status', () => {
    for (const sipStatus of [200, 400, 404, 408, 480, 486, 487, 500, 600]) {
      for (const answered of [true, false])
        expect(isLive(finalCallStatus({ answered, sipStatus }))).toBe(false);
    }
  });
});

describe('isLive', () => {
  it('is true exactly for the live statuses', () => {
    expect(callStatuses.filter(isLive)).toEqual(liveCallStatuses);
  });
});
