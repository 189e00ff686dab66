import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmptySenderPoolError } from './messaging.errors';
import { chooseSender, stickySender } from './sender-pool';

const pool = ['+14155550100', '+14155550101', '+14155550102'];
const recipients = Array.from({ length: 3000 }, (_, index) => `+1212555${String(index).padStart(4, '0')}`);

describe('chooseSender', () => {
  it('always uses the single number', () => {
    expect(chooseSender({ type: 'number', phoneNumber: '+14155550100' }, '+12125550000')).toBe(
      '+14155550100',
    );
  });

  it('gives a recipient the same pool member every time, whatever the pool order', () => {
    const chosen = chooseSender({ type: 'pool', phoneNumbers: pool }, '+12125550123');
    expect(chooseSender({ type: 'pool', phoneNumbers: [...pool].reverse() }, '+12125550123')).toBe(chosen);
    expect(pool).toContain(chosen);
  });

  it('refuses an empty pool', () => {
    expect(() => chooseSender({ type: 'pool', phoneNumbers: [] }, '+12125550123')).toThrow(
      EmptySenderPoolError,
    );
  });
});

describe('stickySender', () => {
  it('spreads recipients evenly over the pool', () => {
    const counts = new Map<string, number>();
    for (const recipient of recipients) {
      const member = stickySender(pool, recipient);
      counts.set(member, (counts.get(member) ?? 0) + 1);
    }
    for (const member of pool) {
      expect(counts.get(member)).toBeGreaterThan(850);
      expect(counts.get(member)).toBeLessThan(1150);
    }
  });

  it('moves only about a quarter of recipients, all to the newcomer, when a fourth number joins', () => {
    const grown = [...pool, '+14155550103'];
    const moved = recipients.filter(
      (recipient) => stickySender(pool, recipient) !== stickySender(grown, recipient),
    );
    expect(moved.every((recipient) => stickySender(grown, recipient) === '+14155550103')).toBe(true);
    expect(moved.length).toBeGreaterThan(600);
    expect(moved.length).toBeLessThan(900);
  });

  const memberArb = fc.integer({ min: 0, max: 9999 }).map((n) => `+1415555${String(n).padStart(4, '0')}`);
  const poolArb = fc.uniqueArray(memberArb, { minLength: 1, maxLength: 8 });
  const recipientArb = fc
    .integer({ min: 0, max: 9_999_999 })
    .map((n) => `+1212${String(n).padStart(7, '0')}`);

  it('keeps every recipient on their number when another joins, unless the newcomer wins them', () => {
    fc.assert(
      fc.property(poolArb, memberArb, recipientArb, (members, newcomer, recipient) => {
        fc.pre(!members.includes(newcomer));
        const after = stickySender([...members, newcomer], recipient);
        expect([stickySender(members, recipient), newcomer]).toContain(after);
      }),
    );
  });

  it('moves only the recipients of a number that leaves', () => {
    fc.assert(
      fc.property(poolArb, recipientArb, (members, recipient) => {
        fc.pre(members.length > 1);
        const before = stickySender(members, recipient);
        const leaving = members[0]!;
        const after = stickySender(members.slice(1), recipient);
        if (before !== leaving) expect(after).toBe(before);
      }),
    );
  });
});
