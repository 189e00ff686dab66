import { describe, expect, it } from 'vitest';
import { fixedClock } from './clock';
import { TtlCache } from './ttl-cache';

describe('TtlCache', () => {
  it('serves a loaded value until it expires or is deleted', async () => {
    const clock = fixedClock('2026-01-01T00:00:00Z');
    const cache = new TtlCache<number>(1_000, clock);
    let loads = 0;
    const load = async () => ++loads;
    expect(await cache.getOrLoad('a', load)).toBe(1);
    clock.advance(999);
    expect(await cache.getOrLoad('a', load)).toBe(1);
    clock.advance(1);
    expect(await cache.getOrLoad('a', load)).toBe(2);
    cache.delete('a');
    expect(await cache.getOrLoad('a', load)).toBe(3);
  });

  it('evicts the oldest entry when full', async () => {
    const cache = new TtlCache<string>(60_000, fixedClock('2026-01-01T00:00:00Z'), 2);
    await cache.getOrLoad('a', async () => 'a1');
    await cache.getOrLoad('b', async () => 'b1');
    await cache.getOrLoad('c', async () => 'c1');
    expect(await cache.getOrLoad('a', async () => 'a2')).toBe('a2');
    expect(await cache.getOrLoad('c', async () => 'c2')).toBe('c1');
  });
});
