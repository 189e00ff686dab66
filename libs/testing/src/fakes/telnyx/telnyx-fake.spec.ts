import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TelnyxError, type TelnyxNumberOrder, type TelnyxPhoneNumber, TelnyxFake } from './telnyx-fake';
import { type TelnyxAvailablePhoneNumber } from './telnyx-fake-inventory';

/** The union of what Telnyx bodies carry, enough for these tests to read them. */
interface TelnyxBody<T> {
  readonly data: T;
  readonly meta?: unknown;
  readonly metadata?: unknown;
  readonly errors: TelnyxError[];
}

describe('TelnyxFake', () => {
  let fake: TelnyxFake;
  let baseUrl: string;

  beforeEach(async () => {
    fake = new TelnyxFake({ apiKey: 'secret' });
    baseUrl = await fake.start();
  });

  afterEach(() => fake.stop());

  const call = async <T = unknown>(path: string, init: RequestInit = {}, apiKey = 'secret') => {
    const response = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json', ...init.headers },
    });
    return {
      status: response.status,
      headers: response.headers,
      body: (await response.json()) as TelnyxBody<T>,
    };
  };

  it('listens on 127.0.0.1 under /v2', () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
  });

  it('answers a wrong key with a Telnyx 401 error', async () => {
    const { status, body } = await call('/phone_numbers', {}, 'wrong');

    expect(status).toBe(401);
    expect(body).toEqual({
      errors: [expect.objectContaining({ code: '10009', title: 'Authentication failed' })],
    });
  });

  it('serves the same inventory on every run', async () => {
    const other = new TelnyxFake({ apiKey: 'secret' });
    const otherUrl = await other.start();
    try {
      const path = '/available_phone_numbers?filter[country_code]=GB&filter[phone_number_type]=mobile';
      const mine = await call<TelnyxAvailablePhoneNumber[]>(path);
      const theirs = await fetch(`${otherUrl}${path}`, { headers: { Authorization: 'Bearer secret' } });

      expect(mine.body.data).toHaveLength(20);
      expect(mine.body.metadata).toEqual({ total_results: 20, best_effort_results: 0 });
      expect(await theirs.json()).toEqual(mine.body);
    } finally {
      await other.stop();
    }
  });

  it('requires a country and finds nothing for wildcard patterns, like Telnyx', async () => {
    expect((await call('/available_phone_numbers')).status).toBe(422);
    const wildcard = await call<TelnyxAvailablePhoneNumber[]>(
      '/available_phone_numbers?filter[country_code]=US&filter[phone_number][contains]=2*3',
    );
    expect(wildcard.body.data).toEqual([]);
  });

  it('paginates lists with meta', async () => {
    ['+14152345670', '+14152345671', '+14152345672'].forEach((number) => fake.addPhoneNumber(number));

    const { body } = await call<TelnyxPhoneNumber[]>('/phone_numbers?page[number]=2&page[size]=2');

    expect(body.data.map((number) => number.phone_number)).toEqual(['+14152345672']);
    expect(body.meta).toEqual({ total_pages: 2, total_results: 3, page_number: 2, page_size: 2 });
  });

  it('replays the first successful reply to a repeated Idempotency-Key', async () => {
    const send = (text: string) =>
      call('/messages', {
        method: 'POST',
        headers: { 'Idempotency-Key': 'key-1' },
        body: JSON.stringify({ from: '+14152345678', to: '+14152345679', text }),
      });

    const first = await send('Hello');
    const repeated = await send('Hello');
    const changed = await send('Bye');

    expect(repeated.body).toEqual(first.body);
    expect(changed.status).toBe(422);
    expect(fake.sentMessages).toHaveLength(1);
  });

  it('fails the next requests as scripted, then recovers', async () => {
    fake.failNext(503, undefined, { 'Retry-After': '7' });
    fake.failNext(422, { errors: [{ code: '10015', title: 'Bad Request', detail: 'Custom' }] });

    const unavailable = await call('/phone_numbers');
    const rejected = await call('/phone_numbers');
    const recovered = await call('/phone_numbers');

    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('7');
    expect(unavailable.body.errors[0]?.code).toBe('10007');
    expect(rejected.body.errors[0]?.detail).toBe('Custom');
    expect(recovered.status).toBe(200);
    expect(fake.requests).toHaveLength(3);
  });

  it('fails only the next request of a given method and path when told so', async () => {
    fake.failNext(503, undefined, undefined, { method: 'GET', path: '/number_orders' });

    const other = await call('/phone_numbers');
    const failed = await call('/number_orders');
    const again = await call('/number_orders');

    expect([other.status, failed.status, again.status]).toEqual([200, 503, 200]);
  });

  it('drops connections while down', async () => {
    fake.setAvailability('down');
    await expect(call('/phone_numbers')).rejects.toThrow(TypeError);

    fake.setAvailability('up');
    expect((await call('/phone_numbers')).status).toBe(200);
  });

  it('keeps a pending order pending until settled', async () => {
    fake.setOrderOutcome('pending');
    const search = await call<TelnyxAvailablePhoneNumber[]>(
      '/available_phone_numbers?filter[country_code]=CA',
    );
    const created = await call<TelnyxNumberOrder>('/number_orders', {
      method: 'POST',
      body: JSON.stringify({ phone_numbers: [{ phone_number: search.body.data[0]!.phone_number }] }),
    });
    expect(created.body.data).toMatchObject({ status: 'pending', phone_numbers: [{ status: 'pending' }] });
    expect(fake.ownedPhoneNumbers[0]?.status).toBe('purchase-pending');

    fake.settleOrder(created.body.data.id, 'success');

    expect((await call<TelnyxNumberOrder>(`/number_orders/${created.body.data.id}`)).body.data.status).toBe(
      'success',
    );
    expect(fake.ownedPhoneNumbers[0]?.status).toBe('active');
  });

  it('answers unknown routes with a Telnyx 404', async () => {
    const { status, body } = await call('/nowhere');

    expect(status).toBe(404);
    expect(body.errors[0]).toMatchObject({ code: '10005' });
  });
});
