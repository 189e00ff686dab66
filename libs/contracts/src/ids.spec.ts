import { describe, expect, it } from 'vitest';
import { isIdOf, newId } from './ids';

describe('newId', () => {
  it('prefixes the kind and sorts by creation time', () => {
    const first = newId('account', Date.UTC(2026, 0, 1));
    const second = newId('account', Date.UTC(2026, 0, 2));
    expect(first).toMatch(/^acc_[0-9a-z]{26}$/);
    expect(first < second).toBe(true);
    expect(isIdOf('account', first)).toBe(true);
    expect(isIdOf('user', first)).toBe(false);
  });

  it('stays ordered within one millisecond', () => {
    const at = Date.UTC(2026, 0, 1);
    const ids = Array.from({ length: 100 }, () => newId('event', at));
    expect([...ids].sort()).toEqual(ids);
  });
});
