import {
  CarrierMisconfiguredError,
  CarrierRejectedError,
  CarrierUnavailableError,
  NumberNoLongerAvailableError,
} from '@switchyard/numbers';
import { TelnyxFake } from '@switchyard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TelnyxRejectedError } from './telnyx-api.client';
import { TelnyxCarrierAdapter } from './telnyx-carrier.adapter';

// Tests may use the testing library; keeping this spec beside the adapter (not in libs/testing) keeps the testing
// library free of product libraries, so the libraries whose tests use it do not form a dependency cycle.
describe('TelnyxCarrierAdapter against the Telnyx fake', () => {
  let fake: TelnyxFake;
  let telnyx: TelnyxCarrierAdapter;

  beforeEach(async () => {
    fake = new TelnyxFake();
    telnyx = new TelnyxCarrierAdapter({ apiKey: fake.apiKey, baseUrl: await fake.start() });
  });

  afterEach(() => fake.stop());

  const orderFirstAvailable = async (reference: string) => {
    const [number] = await telnyx.searchNumbers({ country: 'US', areaCode: '415', limit: 1 });
    return telnyx.orderNumber({ phoneNumber: number!.phoneNumber, reference });
  };

  describe('searchNumbers', () => {
    it('sends the filters Telnyx documents and maps the results', async () => {
      const numbers = await telnyx.searchNumbers({
        country: 'US',
        type: 'local',
        areaCode: '415',
        capabilities: ['sms', 'mms'],
        limit: 5,
      });

      const query = fake.lastRequest('GET', '/available_phone_numbers')!.query;
      expect(query.get('filter[country_code]')).toBe('US');
      expect(query.get('filter[phone_number_type]')).toBe('local');
      expect(query.get('filter[national_destination_code]')).toBe('415');
      expect(query.getAll('filter[features][]')).toEqual(['sms', 'mms']);
      expect(query.get('filter[limit]')).toBe('5');
      expect(fake.lastRequest('GET', '/available_phone_numbers')!.headers.authorization).toBe(
        `Bearer ${fake.apiKey}`,
      );
      expect(numbers).toHaveLength(5);
      expect(numbers[0]).toEqual({
        phoneNumber: expect.stringMatching(/^\+1415\d{7}$/),
        country: 'US',
        type: 'local',
        region: 'San Francisco, CA',
        areaCode: '415',
        capabilities: ['voice', 'sms', 'mms'],
        monthlyPrice: { amount: 100, currency: 'USD' },
        setupPrice: { amount: 100, currency: 'USD' },
        requirements: { documentsRequired: false },
      });
    });

    it('sends digit patterns, the start after the area code, and vanity letters as digits', async () => {
      const [sample] = await telnyx.searchNumbers({ country: 'US', areaCode: '312', limit: 1 });
      const national = sample!.phoneNumber.slice(2);

      const numbers = await telnyx.searchNumbers({
        country: 'US',
        startsWith: national.slice(0, 5),
        contains: national.slice(4, 7),
        endsWith: national.slice(-2),
      });

      const query = fake.lastRequest('GET', '/available_phone_numbers')!.query;
      expect(query.get('filter[national_destination_code]')).toBe('312');
      expect(query.get('filter[phone_number][starts_with]')).toBe(national.slice(3, 5));
      expect(query.get('filter[phone_number][contains]')).toBe(national.slice(4, 7));
      expect(query.get('filter[phone_number][ends_with]')).toBe(national.slice(-2));
      expect(numbers.map((number) => number.phoneNumber)).toContain(sample!.phoneNumber);

      await telnyx.searchNumbers({ country: 'US', areaCode: '212', contains: 'CAFE' });
      expect(
        fake.lastRequest('GET', '/available_phone_numbers')!.query.get('filter[phone_number][contains]'),
      ).toBe('2233');
    });

    it('sends the literal part of wildcard patterns and applies the whole pattern itself', async () => {
      const numbers = await telnyx.searchNumbers({ country: 'US', areaCode: '512', endsWith: '?7' });

      const query = fake.lastRequest('GET', '/available_phone_numbers')!.query;
      expect(query.get('filter[phone_number][ends_with]')).toBe('7');
      expect(query.get('filter[limit]')).toBe('100');
      expect(numbers.length).toBeGreaterThan(0);
      expect(numbers.every((number) => number.phoneNumber.endsWith('7'))).toBe(true);
    });

    it('folds the area code into starts_with outside North America', async () => {
      const numbers = await telnyx.searchNumbers({ country: 'GB', areaCode: '020', limit: 3 });

      const query = fake.lastRequest('GET', '/available_phone_numbers')!.query;
      expect(query.has('filter[national_destination_code]')).toBe(false);
      expect(query.get('filter[phone_number][starts_with]')).toBe('20');
      expect(numbers).toHaveLength(3);
      expect(numbers[0]).toMatchObject({
        region: 'London',
        areaCode: '20',
        requirements: { documentsRequired: true },
      });
    });

    it('drops best-effort matches', async () => {
      fake.addAvailableNumber({
        country: 'US',
        phoneNumberType: 'local',
        nationalNumber: '4152345678',
        record: { ...(await rawFirstNumber(fake)), phone_number: '+14152345678', best_effort: true },
      });

      const numbers = await telnyx.searchNumbers({ country: 'US', areaCode: '415', limit: 100 });

      expect(numbers.map((number) => number.phoneNumber)).not.toContain('+14152345678');
    });

    it('does not call Telnyx for contradictory filters', async () => {
      expect(await telnyx.searchNumbers({ country: 'US', areaCode: '415', startsWith: '212' })).toEqual([]);
      expect(fake.requests).toEqual([]);
    });
  });

  describe('orders', () => {
    it('orders with our reference as customer reference and idempotency key', async () => {
      const [number] = await telnyx.searchNumbers({ country: 'US', areaCode: '415', limit: 1 });

      const order = await telnyx.orderNumber({
        phoneNumber: number!.phoneNumber,
        reference: 'purchase-1',
        routing: { voiceConnectionId: 'connection-1' },
      });

      expect(order).toEqual({
        orderId: expect.any(String),
        reference: 'purchase-1',
        phoneNumber: number!.phoneNumber,
        status: 'success',
      });
      const request = fake.lastRequest('POST', '/number_orders')!;
      expect(request.body).toEqual({
        phone_numbers: [{ phone_number: number!.phoneNumber }],
        customer_reference: 'purchase-1',
        connection_id: 'connection-1',
      });
      expect(request.headers['idempotency-key']).toBe('purchase-1');
      expect(fake.ownedPhoneNumbers).toMatchObject([
        { phone_number: number!.phoneNumber, connection_id: 'connection-1' },
      ]);
    });

    it('gets the same order back when retried with the same reference', async () => {
      const [number] = await telnyx.searchNumbers({ country: 'US', areaCode: '415', limit: 1 });
      const request = { phoneNumber: number!.phoneNumber, reference: 'purchase 1 / retry-safe' };

      const first = await telnyx.orderNumber(request);

      expect(await telnyx.orderNumber(request)).toEqual(first);
      expect(fake.lastRequest('POST', '/number_orders')!.headers['idempotency-key']).toMatch(
        /^[0-9a-f]{64}$/,
      );
    });

    it('recovers a pending order by id or by reference once Telnyx settles it', async () => {
      fake.setOrderOutcome('pending');
      const pending = await orderFirstAvailable('purchase-1');
      expect(pending.status).toBe('pending');

      fake.settleOrder(pending.orderId, 'success');

      expect(await telnyx.getOrder({ orderId: pending.orderId })).toEqual({ ...pending, status: 'success' });
      expect(await telnyx.getOrder({ reference: 'purchase-1' })).toEqual({ ...pending, status: 'success' });
      expect(fake.lastRequest('GET', '/number_orders')!.query.get('filter[customer_reference]')).toBe(
        'purchase-1',
      );
    });

    it('reports failed orders with a reason', async () => {
      fake.setOrderOutcome('pending');
      const pending = await orderFirstAvailable('purchase-1');
      fake.settleOrder(pending.orderId, 'failure');

      expect(await telnyx.getOrder({ reference: 'purchase-1' })).toMatchObject({
        status: 'failure',
        failureReason: 'Telnyx failed the order',
      });
    });

    it('returns null for orders Telnyx does not know', async () => {
      expect(await telnyx.getOrder({ orderId: 'missing' })).toBeNull();
      expect(await telnyx.getOrder({ reference: 'missing' })).toBeNull();
    });

    it('maps a number someone else bought to NumberNoLongerAvailableError', async () => {
      const first = await orderFirstAvailable('purchase-1');

      const error = await telnyx
        .orderNumber({ phoneNumber: first.phoneNumber, reference: 'purchase-2' })
        .catch((e) => e);

      expect(error).toBeInstanceOf(NumberNoLongerAvailableError);
      expect(error).toMatchObject({ phoneNumber: first.phoneNumber });
    });

    it('maps a scripted 422 "not available" to NumberNoLongerAvailableError', async () => {
      fake.failNext(422, {
        errors: [{ code: '10015', title: 'Bad Request', detail: 'Number not available' }],
      });

      await expect(telnyx.orderNumber({ phoneNumber: '+14152345678', reference: 'r' })).rejects.toThrow(
        NumberNoLongerAvailableError,
      );
    });
  });

  describe('numbers on the account', () => {
    it('releases a number, finding its id by exact number, and tolerates repeats', async () => {
      const order = await orderFirstAvailable('purchase-1');
      // Telnyx's filter matches partially, so a number containing ours comes back too.
      const lookalike = `+44${order.phoneNumber.slice(1)}`;
      fake.addPhoneNumber(lookalike);

      await telnyx.releaseNumber(order.phoneNumber);
      await telnyx.releaseNumber(order.phoneNumber);

      expect(fake.ownedPhoneNumbers.map((number) => number.phone_number)).toEqual([lookalike]);
      const lookup = fake.requests.find((request) => request.path === '/v2/phone_numbers')!;
      expect(lookup.query.get('filter[phone_number]')).toBe(order.phoneNumber);
      expect(fake.requests.filter((request) => request.method === 'DELETE')).toHaveLength(1);
    });

    it('configures voice and messaging routing', async () => {
      const id = fake.addPhoneNumber('+14152345678', { connectionId: 'old-connection' });

      await telnyx.configureNumber('+14152345678', {
        voiceConnectionId: 'connection-2',
        messagingProfileId: 'profile-1',
      });

      expect(fake.lastRequest('PATCH', `/phone_numbers/${id}`)!.body).toEqual({
        connection_id: 'connection-2',
      });
      expect(fake.lastRequest('PATCH', `/phone_numbers/${id}/messaging`)!.body).toEqual({
        messaging_profile_id: 'profile-1',
      });
      expect(await telnyx.listOwnedNumbers()).toEqual([
        { phoneNumber: '+14152345678', voiceConnectionId: 'connection-2', messagingProfileId: 'profile-1' },
      ]);
    });

    it('refuses to configure a number that is not on the account', async () => {
      await expect(telnyx.configureNumber('+14152345678', { voiceConnectionId: 'x' })).rejects.toThrow(
        CarrierRejectedError,
      );
    });

    it('lists owned numbers across pages', async () => {
      const paged = new TelnyxFake({ maxPageSize: 2 });
      const pagedTelnyx = new TelnyxCarrierAdapter({ apiKey: paged.apiKey, baseUrl: await paged.start() });
      const numbers = ['+14152345670', '+14152345671', '+14152345672', '+14152345673', '+14152345674'];
      numbers.forEach((number) => paged.addPhoneNumber(number));

      try {
        expect((await pagedTelnyx.listOwnedNumbers()).map((number) => number.phoneNumber)).toEqual(numbers);
        expect(paged.requests.map((request) => request.query.get('page[number]'))).toEqual(['1', '2', '3']);
      } finally {
        await paged.stop();
      }
    });
  });

  describe('messages', () => {
    it('sends a message once per reference', async () => {
      const message = {
        from: '+14152345678',
        to: '+442079460123',
        text: 'Hello',
        mediaUrls: ['https://example.test/cat.png'],
        reference: 'message-1',
      };

      const first = await telnyx.sendMessage(message);
      const repeated = await telnyx.sendMessage(message);

      expect(repeated).toEqual(first);
      expect(fake.sentMessages).toEqual([
        {
          id: first.carrierMessageId,
          request: {
            from: '+14152345678',
            to: '+442079460123',
            text: 'Hello',
            media_urls: ['https://example.test/cat.png'],
            use_profile_webhooks: true,
          },
        },
      ]);
    });

    it('asks for delivery reports at the given webhook', async () => {
      await telnyx.sendMessage({
        from: '+14152345678',
        to: '+14152345679',
        text: 'Hi',
        reference: 'message-1',
        deliveryWebhookUrl: 'https://switchyard.test/hooks/telnyx',
      });

      expect(fake.sentMessages[0]?.request).toMatchObject({
        webhook_url: 'https://switchyard.test/hooks/telnyx',
        use_profile_webhooks: false,
      });
    });

    it('maps validation errors to CarrierRejectedError with Telnyx detail and code', async () => {
      const error = await telnyx
        .sendMessage({ from: '+1415', to: 'nobody', text: 'x', reference: 'm' })
        .catch((e) => e);

      expect(error).toBeInstanceOf(TelnyxRejectedError);
      expect(error).toBeInstanceOf(CarrierRejectedError);
      expect(error).toMatchObject({
        carrierCode: '10016',
        reason: "The 'from' parameter must be in +E.164 format.",
      });
    });
  });

  it('looks numbers up, translating the carrier type', async () => {
    expect(await telnyx.lookupNumber('+447400123456')).toEqual({
      phoneNumber: '+447400123456',
      carrierName: 'Fake Mobile',
      type: 'mobile',
    });
    expect(await telnyx.lookupNumber('+14152345678')).toMatchObject({ type: 'fixed_line_or_mobile' });
    expect(fake.lastRequest('GET', '/number_lookup/+14152345678')!.query.get('type')).toBe('carrier');
  });

  describe('failures', () => {
    it('maps 5xx to CarrierUnavailableError with the Retry-After delay', async () => {
      fake.failNext(503, undefined, { 'Retry-After': '30' });

      const error = await telnyx.searchNumbers({ country: 'US' }).catch((e) => e);

      expect(error).toBeInstanceOf(CarrierUnavailableError);
      expect(error).toMatchObject({ carrier: 'telnyx', retryAfterSeconds: 30 });
    });

    it('reads Retry-After given as a date against the clock', async () => {
      const clocked = new TelnyxCarrierAdapter({
        apiKey: fake.apiKey,
        baseUrl: fake.baseUrl,
        clock: () => new Date('2030-01-01T00:00:00Z'),
      });
      fake.failNext(429, undefined, { 'Retry-After': 'Tue, 01 Jan 2030 00:02:00 GMT' });

      await expect(clocked.searchNumbers({ country: 'US' })).rejects.toMatchObject({
        retryAfterSeconds: 120,
      });
    });

    it('maps 500 without Retry-After to CarrierUnavailableError without a delay', async () => {
      fake.failNext(500);

      const error = await telnyx
        .sendMessage({ from: '+14152345678', to: '+14152345679', text: 'x', reference: 'm' })
        .catch((e) => e);

      expect(error).toBeInstanceOf(CarrierUnavailableError);
      expect(error.retryAfterSeconds).toBeUndefined();
      expect(error.message).toContain('An unexpected error occured.');
    });

    it('maps a wrong API key to CarrierMisconfiguredError', async () => {
      const misconfigured = new TelnyxCarrierAdapter({ apiKey: 'wrong', baseUrl: fake.baseUrl });

      await expect(misconfigured.searchNumbers({ country: 'US' })).rejects.toThrow(CarrierMisconfiguredError);
      await expect(misconfigured.listOwnedNumbers()).rejects.toThrow(
        /Authentication failed|authentication headers/,
      );
    });

    it('maps dropped connections to CarrierUnavailableError', async () => {
      fake.setAvailability('down');

      await expect(telnyx.listOwnedNumbers()).rejects.toThrow(CarrierUnavailableError);
    });

    it('maps a refused connection to CarrierUnavailableError', async () => {
      const baseUrl = fake.baseUrl;
      await fake.stop();

      await expect(
        new TelnyxCarrierAdapter({ apiKey: 'k', baseUrl }).searchNumbers({ country: 'US' }),
      ).rejects.toThrow(CarrierUnavailableError);
    });

    it('gives up on a request after the timeout', async () => {
      const impatient = new TelnyxCarrierAdapter({
        apiKey: fake.apiKey,
        baseUrl: fake.baseUrl,
        timeoutMs: 50,
      });
      fake.setAvailability('stalled');

      await expect(impatient.searchNumbers({ country: 'US' })).rejects.toThrow(/no answer within 50 ms/);
    });
  });
});

async function rawFirstNumber(fake: TelnyxFake) {
  const response = await fetch(
    `${fake.baseUrl}/available_phone_numbers?filter[country_code]=US&filter[limit]=1`,
    {
      headers: { Authorization: `Bearer ${fake.apiKey}` },
    },
  );
  const body = (await response.json()) as {
    data: [Parameters<TelnyxFake['addAvailableNumber']>[0]['record']];
  };
  return body.data[0];
}
