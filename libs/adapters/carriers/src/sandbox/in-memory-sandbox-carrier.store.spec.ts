import { type CarrierOrder } from '@switchyard/numbers';
import { describe, expect, it } from 'vitest';
import { InMemorySandboxCarrierStore } from './in-memory-sandbox-carrier.store';

const order = (overrides: Partial<CarrierOrder> = {}): CarrierOrder => ({
  orderId: 'order-1',
  reference: 'purchase-1',
  phoneNumber: '+14152345678',
  status: 'success',
  ...overrides,
});

describe('InMemorySandboxCarrierStore', () => {
  it('sells the number of a successful order with its routing', async () => {
    const store = new InMemorySandboxCarrierStore();

    expect(await store.saveOrder(order(), { voiceConnectionId: 'voice-1' })).toEqual({ outcome: 'saved' });

    expect(await store.findSold(['+14152345678', '+14152345679'])).toEqual(new Set(['+14152345678']));
    expect(await store.listSold()).toEqual([{ phoneNumber: '+14152345678', voiceConnectionId: 'voice-1' }]);
  });

  it('keeps failed orders without selling their number', async () => {
    const store = new InMemorySandboxCarrierStore();

    await store.saveOrder(order({ status: 'failure', failureReason: 'no' }), {});

    expect(await store.findOrder({ orderId: 'order-1' })).toMatchObject({ status: 'failure' });
    expect(await store.listSold()).toEqual([]);
  });

  it('refuses a second order for a sold number or with a used reference', async () => {
    const store = new InMemorySandboxCarrierStore();
    await store.saveOrder(order(), {});

    expect(await store.saveOrder(order({ orderId: 'order-2', reference: 'purchase-2' }), {})).toEqual({
      outcome: 'number_sold',
    });
    expect(await store.saveOrder(order({ orderId: 'order-3', phoneNumber: '+14152345679' }), {})).toEqual({
      outcome: 'reference_taken',
      existing: order(),
    });
  });

  it('releases and reroutes only sold numbers', async () => {
    const store = new InMemorySandboxCarrierStore();
    await store.saveOrder(order(), {});

    expect(await store.updateRouting('+14152345678', { messagingProfileId: 'profile-1' })).toBe(true);
    expect(await store.release('+14152345678')).toBe(true);
    expect(await store.release('+14152345678')).toBe(false);
    expect(await store.updateRouting('+14152345678', { messagingProfileId: 'profile-1' })).toBe(false);
  });

  it('records a message once per reference and returns the first', async () => {
    const store = new InMemorySandboxCarrierStore();
    const message = {
      carrierMessageId: 'message-1',
      reference: 'ref',
      from: '+14152345678',
      to: '+14152345679',
      text: 'first',
      recordedAt: new Date(0),
    };

    await store.recordMessage(message);

    expect(await store.recordMessage({ ...message, text: 'second' })).toEqual(message);
    expect(await store.listMessages()).toEqual([message]);
  });
});
