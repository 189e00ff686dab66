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

describe('id time part', () => {
  it('encodes the creation time as a ULID does', () => {
    // 2026-01-01T00:00:00Z = 1767225600000 ms.
    expect(newId('call', 1_767_225_600_000).slice(5, 15)).toBe('01kdvdna00');
  });
});

describe('ids on interleaved clocks', () => {
  it('stay ordered per millisecond when another time is used in between', () => {
    const frozen = Date.UTC(2030, 0, 1);
    const first = newId('number', frozen);
    newId('request', Date.UTC(2026, 0, 1));
    const second = newId('number', frozen);
    expect(first < second).toBe(true);
  });
});
