import { fixedClock } from '@switchyard/contracts';
import {
  NumberOrderService,
  NumberReleaseService,
  ReconcileNumberOrdersJob,
  ReleaseDueNumbersJob,
} from '@switchyard/numbers';
import { Database } from '@switchyard/prisma';
import { TelnyxFake } from '@switchyard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestAccount, type TestApi } from './api-test-harness';
import { buyNumber, eventsOf } from './number-fixtures';

const clock = fixedClock('2030-01-01T00:00:00Z');

describe('numbers with the Telnyx carrier (against the Telnyx fake)', () => {
  const fake = new TelnyxFake();
  let api: TestApi;
  let account: TestAccount;
  let database: Database;
  const reconcile = () => new ReconcileNumberOrdersJob(api.app.get(NumberOrderService)).handle();
  const releaseDue = () => new ReleaseDueNumbersJob(api.app.get(NumberReleaseService)).handle();
  const onSale = async (limit: number): Promise<string[]> => {
    const found = await api.request('GET', `/v1/available-numbers?country=US&areaCode=415&limit=${limit}`, {
      token: account.apiKey,
    });
    return found.body.data.map((number: { phoneNumber: string }) => number.phoneNumber);
  };

  beforeAll(async () => {
    api = await startTestApi({
      clock,
      env: {
        CARRIER: 'telnyx',
        TELNYX_API_KEY: fake.apiKey,
        TELNYX_BASE_URL: await fake.start(),
        TELNYX_CONNECTION_ID: 'connection-1',
        TELNYX_MESSAGING_PROFILE_ID: 'profile-1',
      },
    });
    account = await api.provisionAccount();
    database = api.app.get(Database);
  });
  afterAll(async () => {
    await api.close();
    await fake.stop();
  });

  it('searches the Telnyx catalog', async () => {
    const found = await api.request(
      'GET',
      '/v1/available-numbers?country=US&areaCode=415&capabilities=sms&limit=3',
      {
        token: account.apiKey,
      },
    );
    expect(found.status).toBe(200);
    expect(found.body.data).toHaveLength(3);
    expect(found.body.data[0]).toMatchObject({
      object: 'available_number',
      phoneNumber: expect.stringMatching(/^\+1415\d{7}$/),
      region: 'San Francisco, CA',
      monthlyPrice: { amount: 100, currency: 'USD' },
      setupPrice: { amount: 100, currency: 'USD' },
    });
    const query = fake.lastRequest('GET', '/available_phone_numbers')!.query;
    expect(query.get('filter[national_destination_code]')).toBe('415');
    expect(query.getAll('filter[features][]')).toEqual(['sms']);
  });

  it('buys a number with our id as the order reference and the configured routing', async () => {
    const [phoneNumber] = await onSale(1);

    const number = await buyNumber(api, account, phoneNumber!);

    expect(number).toMatchObject({ status: 'active', carrier: 'telnyx', phoneNumber });
    const order = fake.lastRequest('POST', '/number_orders')!;
    expect(order.body).toEqual({
      phone_numbers: [{ phone_number: phoneNumber }],
      customer_reference: number.id,
      connection_id: 'connection-1',
      messaging_profile_id: 'profile-1',
    });
    expect(order.headers['idempotency-key']).toBe(number.id);
    expect(fake.ownedPhoneNumbers.map((owned) => owned.phone_number)).toContain(phoneNumber);
    expect(await onSale(40)).not.toContain(phoneNumber);
  });

  it('answers 502 with Retry-After when the carrier fails the order, leaving nothing that holds the number', async () => {
    const [phoneNumber] = await onSale(1);
    fake.failNext(503, undefined, { 'Retry-After': '17' }, { method: 'POST', path: '/number_orders' });

    const failed = await api.request('POST', '/v1/numbers', { token: account.apiKey, body: { phoneNumber } });

    expect(failed.status).toBe(502);
    expect(failed.headers['retry-after']).toBe('17');
    expect(failed.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(failed.body.code).toBe('carrier_unavailable');
    const listed = await api.request('GET', '/v1/numbers?limit=200', { token: account.apiKey });
    expect(listed.body.data.map((number: { phoneNumber: string }) => number.phoneNumber)).not.toContain(
      phoneNumber,
    );
    const row = await database.root.phoneNumber.findFirstOrThrow({
      where: { accountId: account.accountId, phoneNumber },
    });
    expect(row).toMatchObject({ status: 'failed', carrierCheckPending: true });

    // The reconciler asks Telnyx what became of the order: it never arrived, so there is nothing to undo.
    clock.advance(3 * 60_000);
    await reconcile();
    expect(await database.root.phoneNumber.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'failed',
      carrierCheckPending: false,
    });
    expect((await buyNumber(api, account, phoneNumber!)).status).toBe('active');
  });

  it('answers 502 when Telnyx cannot be reached at all', async () => {
    fake.setAvailability('down');
    try {
      const search = await api.request('GET', '/v1/available-numbers?country=US', { token: account.apiKey });
      expect(search.status).toBe(502);
      expect(search.headers['retry-after']).toBe('30');
      const buy = await api.request('POST', '/v1/numbers', {
        token: account.apiKey,
        body: { phoneNumber: '+14155550123' },
      });
      expect(buy.status).toBe(502);
    } finally {
      fake.setAvailability('up');
    }
  });

  it('gives back a number Telnyx sold although the order seemed to fail', async () => {
    const [phoneNumber] = await onSale(1);
    fake.failNext(504, undefined, undefined, { method: 'POST', path: '/number_orders' });
    const failed = await api.request('POST', '/v1/numbers', { token: account.apiKey, body: { phoneNumber } });
    expect(failed.status).toBe(502);
    const row = await database.root.phoneNumber.findFirstOrThrow({
      where: { accountId: account.accountId, phoneNumber },
    });
    // Telnyx had taken the order under our reference after all; only its answer was lost.
    const placed = await fetch(`${fake.baseUrl}/number_orders`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${fake.apiKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone_numbers: [{ phone_number: phoneNumber }], customer_reference: row.id }),
    });
    expect(placed.status).toBe(200);

    clock.advance(3 * 60_000);
    await reconcile();

    expect(fake.ownedPhoneNumbers.map((owned) => owned.phone_number)).not.toContain(phoneNumber);
    expect(await database.root.phoneNumber.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({
      status: 'failed',
      carrierCheckPending: false,
    });
  });

  it('completes a pending Telnyx order once Telnyx settles it', async () => {
    const [phoneNumber] = await onSale(1);
    fake.setOrderOutcome('pending');
    const ordering = await buyNumber(api, account, phoneNumber!);
    fake.setOrderOutcome('success');
    expect(ordering.status).toBe('ordering');
    const { carrierOrderId } = await database.root.phoneNumber.findUniqueOrThrow({
      where: { id: ordering.id },
    });

    clock.advance(3 * 60_000);
    await reconcile();
    expect(
      (await api.request('GET', `/v1/numbers/${ordering.id}`, { token: account.apiKey })).body.status,
    ).toBe('ordering');
    fake.settleOrder(carrierOrderId!, 'success');
    await reconcile();

    const active = await api.request('GET', `/v1/numbers/${ordering.id}`, { token: account.apiKey });
    expect(active.body).toMatchObject({ status: 'active', purchasedAt: clock.now().toISOString() });
    const events = (await eventsOf(api, account.accountId, 'number.purchased')).filter(
      (event) => (event.data as { id: string }).id === ordering.id,
    );
    expect(events.map((event) => event.data)).toEqual([active.body]);
  });

  it('releases a number at Telnyx when its grace period is over', async () => {
    const [phoneNumber] = await onSale(1);
    const number = await buyNumber(api, account, phoneNumber!);

    await api.request('DELETE', `/v1/numbers/${number.id}`, { token: account.apiKey });
    clock.advance(72 * 3_600_000);
    fake.failNext(500, undefined, undefined, { method: 'GET', path: '/phone_numbers' });
    await expect(releaseDue()).rejects.toThrow(/could not be released/);
    expect(
      (await api.request('GET', `/v1/numbers/${number.id}`, { token: account.apiKey })).body.status,
    ).toBe('releasing');
    await releaseDue();

    expect(fake.ownedPhoneNumbers.map((owned) => owned.phone_number)).not.toContain(phoneNumber);
    const released = await api.request('GET', `/v1/numbers/${number.id}`, { token: account.apiKey });
    expect(released.body.status).toBe('released');
    expect(await onSale(40)).toContain(phoneNumber);
  });

  it('looks numbers up at Telnyx', async () => {
    const report = await api.request('GET', '/v1/tools/phone-numbers/%2B14155550123', {
      token: account.apiKey,
    });
    expect(report.body).toMatchObject({
      valid: true,
      e164: '+14155550123',
      carrier: { name: 'Fake Telephone Company' },
    });
  });
});
