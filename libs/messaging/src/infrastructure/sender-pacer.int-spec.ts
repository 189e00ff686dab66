import { newId } from '@switchyard/contracts';
import { testEnvironment } from '@switchyard/testing';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { type PacingRequest, SenderPacer } from './sender-pacer';

describe('SenderPacer on Redis', () => {
  const env = testEnvironment();
  const pacer = new SenderPacer(new Redis(env.REDIS_URL!), env.REDIS_KEY_PREFIX!);
  afterAll(() => pacer.onModuleDestroy());

  const request = (overrides: Partial<PacingRequest> = {}): PacingRequest => ({
    accountId: 'acc_pacer',
    numberId: 'num_pacer',
    messageId: newId('message'),
    segments: 1,
    sender: { capacity: 3, refillPerSecond: 1 },
    account: { capacity: 100, refillPerSecond: 100 },
    maxWaitMs: 60_000,
    ...overrides,
  });

  it('lets a burst go, then gives each next message its own later slot, and remembers it', async () => {
    const numberId = newId('number');
    for (let index = 0; index < 3; index += 1) {
      expect(await pacer.reserve(request({ numberId }))).toEqual({ kind: 'go' });
    }
    const fourth = request({ numberId });
    const slot = await pacer.reserve(fourth);
    expect(slot).toMatchObject({ kind: 'wait' });
    if (slot.kind !== 'wait') return;
    expect(slot.waitMs).toBeGreaterThan(900);
    expect(slot.waitMs).toBeLessThanOrEqual(1_000);
    const fifth = await pacer.reserve(request({ numberId }));
    expect(fifth.kind === 'wait' && fifth.slotDueAt - slot.slotDueAt).toBeGreaterThanOrEqual(999);

    // A replayed or re-armed job finds the slot it already holds instead of taking another one.
    const again = await pacer.reserve(fourth);
    expect(again).toMatchObject({ kind: 'wait', slotDueAt: slot.slotDueAt });
    // The job armed for that slot may go, and the slot is used up.
    expect(await pacer.reserve({ ...fourth, slotDueAt: slot.slotDueAt })).toEqual({ kind: 'go' });
  });

  it('refuses, without taking anything, a message that would wait longer than allowed', async () => {
    const numberId = newId('number');
    const tight = { numberId, maxWaitMs: 2_500 };
    for (let index = 0; index < 3; index += 1) expect((await pacer.reserve(request(tight))).kind).toBe('go');
    expect((await pacer.reserve(request(tight))).kind).toBe('wait');
    const refused = await pacer.reserve(request({ ...tight, segments: 2 }));
    expect(refused.kind).toBe('refused');
    expect(refused.kind === 'refused' && refused.waitMs).toBeGreaterThan(2_500);
    // The refusal took nothing: a one-segment message still fits.
    expect((await pacer.reserve(request(tight))).kind).toBe('wait');
  });

  it('holds every number of an account to the account limit too', async () => {
    const accountId = newId('account');
    const account = { capacity: 2, refillPerSecond: 1 };
    expect((await pacer.reserve(request({ accountId, account, numberId: 'num_a' }))).kind).toBe('go');
    expect((await pacer.reserve(request({ accountId, account, numberId: 'num_b' }))).kind).toBe('go');
    expect((await pacer.reserve(request({ accountId, account, numberId: 'num_c' }))).kind).toBe('wait');
  });
});
