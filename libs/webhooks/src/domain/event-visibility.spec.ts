import { describe, expect, it } from 'vitest';
import { isEventVisible } from './event-visibility';

describe('event visibility', () => {
  const agent = { seesAllNumbers: false, sharedNumberIds: new Set(['num_shared']) };

  it('shows agents events about no number or a number shared with them', () => {
    expect(isEventVisible(agent, { object: 'webhook_endpoint', id: 'we_1' })).toBe(true);
    expect(isEventVisible(agent, { object: 'number', id: 'num_shared' })).toBe(true);
    expect(isEventVisible(agent, { object: 'call', id: 'call_1', numberId: 'num_shared' })).toBe(true);
    expect(isEventVisible(agent, { object: 'number', id: 'num_other' })).toBe(false);
    expect(isEventVisible(agent, { object: 'message', id: 'msg_1', numberId: 'num_other' })).toBe(false);
  });

  it('shows everything to those who see all numbers', () => {
    expect(
      isEventVisible({ seesAllNumbers: true, sharedNumberIds: new Set() }, { object: 'number', id: 'num_x' }),
    ).toBe(true);
  });
});
