import { randomUUID } from 'node:crypto';
import { Database } from '@switchyard/prisma';
import { testEnvironment } from '@switchyard/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { type CarrierOrder } from '../domain';
import { PostgresSandboxCarrierStore } from './postgres-sandbox-carrier.store';

describe('PostgresSandboxCarrierStore', () => {
  const database = new Database({ url: testEnvironment().DATABASE_URL! });
  const store = new PostgresSandboxCarrierStore(database);
  afterAll(() => database.close());

  // Numbers no other test orders: the table is shared by the whole run.
  const uniqueNumber = () => `+1999${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const order = (phoneNumber: string, overrides: Partial<CarrierOrder> = {}): CarrierOrder => ({
    orderId: `order-${randomUUID()}`,
    reference: `ref-${randomUUID()}`,
    phoneNumber,
    status: 'success',
    ...overrides,
  });

  it('sells a number to exactly one of many concurrent orders', async () => {
    const phoneNumber = uniqueNumber();
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () => store.saveOrder(order(phoneNumber), {})),
    );
    expect(outcomes.filter((outcome) => outcome.outcome === 'saved')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome.outcome === 'number_sold')).toHaveLength(7);
    expect(await store.findSold([phoneNumber, uniqueNumber()])).toEqual(new Set([phoneNumber]));
  });

  it('returns the existing order for a reused reference and keeps failed orders unsold', async () => {
    const first = order(uniqueNumber(), { status: 'failure', failureReason: 'no' });
    expect(await store.saveOrder(first, {})).toEqual({ outcome: 'saved' });
    expect(await store.saveOrder({ ...first, orderId: 'other', status: 'success' }, {})).toEqual({
      outcome: 'reference_taken',
      existing: first,
    });
    expect(await store.findOrder({ orderId: first.orderId })).toEqual(first);
    expect(await store.findSold([first.phoneNumber])).toEqual(new Set());
  });

  it('routes, releases and re-sells numbers', async () => {
    const phoneNumber = uniqueNumber();
    await store.saveOrder(order(phoneNumber), { voiceConnectionId: 'voice-1' });
    expect(
      await store.updateRouting(phoneNumber, { messagingProfileId: 'profile-1', voiceConnectionId: null }),
    ).toBe(true);
    expect((await store.listSold()).find((owned) => owned.phoneNumber === phoneNumber)).toEqual({
      phoneNumber,
      messagingProfileId: 'profile-1',
    });
    expect(await store.release(phoneNumber)).toBe(true);
    expect(await store.release(phoneNumber)).toBe(false);
    expect(await store.updateRouting(phoneNumber, {})).toBe(false);
    expect((await store.saveOrder(order(phoneNumber), {})).outcome).toBe('saved');
  });

  it('records a message once per reference, even when sent concurrently', async () => {
    const reference = `message-${randomUUID()}`;
    const message = (text: string) => ({
      carrierMessageId: `sandbox-message-${reference}`,
      reference,
      from: '+14155550100',
      to: '+14155550101',
      text,
      recordedAt: new Date('2030-01-01T00:00:00Z'),
    });
    const recorded = await Promise.all([
      store.recordMessage(message('a')),
      store.recordMessage(message('b')),
    ]);
    expect(recorded[0]).toEqual(recorded[1]);
    expect((await store.listMessages()).filter((entry) => entry.reference === reference)).toHaveLength(1);
  });
});
