import { parsePhoneNumberWithError } from 'libphonenumber-js/max';
import {
  type AvailableNumber,
  type NumberSearchQuery,
  type NumberType,
  CarrierRejectedError,
  InvalidPhoneNumberError,
  NumberNoLongerAvailableError,
  UnsupportedCountryError,
} from '@switchyard/numbers';
import { describe, expect, it } from 'vitest';
import { InMemorySandboxCarrierStore } from './in-memory-sandbox-carrier.store';
import {
  DEFAULT_SANDBOX_SIP_TRUNK,
  SANDBOX_FAILED_ORDER_REASON,
  SandboxCarrierAdapter,
} from './sandbox-carrier.adapter';

const LIBPHONENUMBER_TYPES: Record<NumberType, readonly string[]> = {
  local: ['FIXED_LINE', 'FIXED_LINE_OR_MOBILE'],
  mobile: ['MOBILE', 'FIXED_LINE_OR_MOBILE'],
  toll_free: ['TOLL_FREE'],
};

const nationalNumberOf = (number: AvailableNumber) =>
  parsePhoneNumberWithError(number.phoneNumber).nationalNumber;

describe('SandboxCarrierAdapter search', () => {
  const carrier = new SandboxCarrierAdapter();
  const search = (query: NumberSearchQuery) => carrier.searchNumbers(query);

  describe.each(['US', 'CA', 'GB'] as const)('in %s', (country) => {
    it.each(['local', 'mobile', 'toll_free'] as const)(
      'offers %s numbers that libphonenumber validates',
      async (type) => {
        const numbers = await search({ country, type, limit: 100 });

        expect(numbers).toHaveLength(100);
        expect(new Set(numbers.map((number) => number.phoneNumber)).size).toBe(100);
        for (const number of numbers) {
          const parsed = parsePhoneNumberWithError(number.phoneNumber);
          expect(parsed.isValid(), number.phoneNumber).toBe(true);
          expect(LIBPHONENUMBER_TYPES[type], number.phoneNumber).toContain(parsed.getType());
          if (type !== 'toll_free' || country === 'GB') expect(parsed.country).toBe(country);
          expect(number).toMatchObject({ country, type, phoneNumber: parsed.number });
          if (number.areaCode) expect(parsed.nationalNumber.startsWith(number.areaCode)).toBe(true);
        }
      },
    );
  });

  it('names the region of geographic numbers and tags them with their area code', async () => {
    const [number] = await search({ country: 'US', areaCode: '415', limit: 1 });
    expect(number).toMatchObject({
      region: 'San Francisco, CA',
      areaCode: '415',
      capabilities: ['voice', 'sms', 'mms'],
      monthlyPrice: { amount: 100, currency: 'USD' },
      requirements: { documentsRequired: false },
    });
  });

  it('spreads an unfiltered search over many area codes', async () => {
    const numbers = await search({ country: 'US' });
    expect(numbers).toHaveLength(20);
    expect(new Set(numbers.map((number) => number.areaCode)).size).toBe(20);
  });

  it('returns the same numbers for the same query, across instances', async () => {
    const query: NumberSearchQuery = { country: 'GB', type: 'mobile', contains: '77', limit: 30 };
    const first = await search(query);
    expect(await search(query)).toEqual(first);
    expect(await new SandboxCarrierAdapter().searchNumbers(query)).toEqual(first);
  });

  it('never offers the same North American number as both local and mobile', async () => {
    const local = await search({ country: 'US', areaCode: '212', limit: 100 });
    const mobile = await search({ country: 'US', areaCode: '212', type: 'mobile', limit: 100 });
    const localNumbers = new Set(local.map((number) => number.phoneNumber));
    expect(mobile.filter((number) => localNumbers.has(number.phoneNumber))).toEqual([]);
  });

  it('avoids the 555 exchange kept for fiction', async () => {
    expect(await search({ country: 'US', areaCode: '415', startsWith: '415555' })).toEqual([]);
  });

  describe('filters', () => {
    it('by area code, also written with the trunk prefix', async () => {
      const london = await search({ country: 'GB', areaCode: '020', limit: 50 });
      expect(london).toHaveLength(50);
      expect(
        london.every((number) => number.phoneNumber.startsWith('+4420') && number.region === 'London'),
      ).toBe(true);
    });

    it('by area codes missing from the table, named after the country', async () => {
      const stockton = await search({ country: 'US', areaCode: '209', limit: 10 });
      expect(stockton).toHaveLength(10);
      expect(stockton.every((number) => number.areaCode === '209' && number.region === 'United States')).toBe(
        true,
      );
    });

    it('by toll-free code', async () => {
      const numbers = await search({ country: 'US', type: 'toll_free', areaCode: '888', limit: 10 });
      expect(numbers.every((number) => number.phoneNumber.startsWith('+1888'))).toBe(true);
      expect(await search({ country: 'US', type: 'toll_free', areaCode: '415' })).toEqual([]);
    });

    it('by vanity letters anywhere in the number', async () => {
      const numbers = await search({ country: 'US', contains: 'CAFE', limit: 50 });
      expect(numbers).toHaveLength(50);
      expect(numbers.every((number) => nationalNumberOf(number).includes('2233'))).toBe(true);
    });

    it('by a pattern with wildcards', async () => {
      const numbers = await search({ country: 'CA', contains: '7?7?7', limit: 20 });
      expect(numbers).toHaveLength(20);
      expect(numbers.every((number) => /7\d7\d7/.test(nationalNumberOf(number)))).toBe(true);
    });

    it('by the start of the national number', async () => {
      const numbers = await search({ country: 'US', startsWith: '31223', limit: 20 });
      expect(numbers).toHaveLength(20);
      expect(numbers.every((number) => nationalNumberOf(number).startsWith('31223'))).toBe(true);
    });

    it('by the end of the number, in every area code', async () => {
      const numbers = await search({ country: 'GB', type: 'local', endsWith: '1234', limit: 30 });
      expect(numbers).toHaveLength(30);
      expect(numbers.every((number) => number.phoneNumber.endsWith('1234'))).toBe(true);
      expect(new Set(numbers.map((number) => number.areaCode)).size).toBeGreaterThan(10);
    });

    it('by all digit filters together', async () => {
      const numbers = await search({
        country: 'US',
        areaCode: '617',
        startsWith: '6172',
        contains: '88',
        endsWith: '9',
      });
      expect(numbers).toHaveLength(20);
      for (const nationalNumber of numbers.map(nationalNumberOf)) {
        expect(
          nationalNumber.startsWith('6172') && nationalNumber.includes('88') && nationalNumber.endsWith('9'),
        ).toBe(true);
      }
    });

    it('by capabilities, returning nothing when the type lacks one', async () => {
      const withMms = await search({ country: 'US', capabilities: ['sms', 'mms'] });
      expect(withMms).toHaveLength(20);
      expect(withMms.every((number) => number.capabilities.includes('mms'))).toBe(true);
      expect(await search({ country: 'US', type: 'toll_free', capabilities: ['voice', 'sms'] })).toHaveLength(
        20,
      );
      expect(await search({ country: 'US', type: 'toll_free', capabilities: ['mms'] })).toEqual([]);
      expect(await search({ country: 'GB', type: 'mobile', capabilities: ['sms'] })).toHaveLength(20);
      expect(await search({ country: 'GB', type: 'local', capabilities: ['sms'] })).toEqual([]);
    });

    it('by proximity to another number', async () => {
      const nearSanFrancisco = await search({ country: 'US', nearNumber: '+1 415 555 0123' });
      expect(nearSanFrancisco.every((number) => number.areaCode === '415')).toBe(true);
      const nearManchester = await search({ country: 'GB', nearNumber: '0161 496 0000', limit: 5 });
      expect(nearManchester.map((number) => number.region)).toEqual(Array(5).fill('Manchester'));
    });

    it('by limit, 20 by default and 100 at most', async () => {
      expect(await search({ country: 'CA' })).toHaveLength(20);
      expect(await search({ country: 'CA', limit: 3 })).toHaveLength(3);
      expect(await search({ country: 'CA', limit: 1000 })).toHaveLength(100);
    });

    it('returns nothing for contradictory filters', async () => {
      expect(await search({ country: 'US', areaCode: '415', startsWith: '212' })).toEqual([]);
      expect(await search({ country: 'US', nearNumber: '+442079460123' })).toEqual([]);
    });
  });

  it('asks for documents for GB local numbers only', async () => {
    const [local] = await search({ country: 'GB', type: 'local', limit: 1 });
    const [mobile] = await search({ country: 'GB', type: 'mobile', limit: 1 });
    expect(local?.requirements).toEqual({ documentsRequired: true });
    expect(mobile?.requirements).toEqual({ documentsRequired: false });
  });

  it('refuses countries it does not sell in, listing those it does', async () => {
    await expect(search({ country: 'FR' })).rejects.toThrow(UnsupportedCountryError);
    await expect(search({ country: 'FR' })).rejects.toMatchObject({ supportedCountries: ['US', 'CA', 'GB'] });
  });
});

describe('SandboxCarrierAdapter orders', () => {
  const query: NumberSearchQuery = { country: 'US', areaCode: '303', limit: 5 };

  it('sells a number once: it leaves search results and nobody else can order it', async () => {
    const carrier = new SandboxCarrierAdapter();
    const [wanted, ...others] = await carrier.searchNumbers(query);

    const order = await carrier.orderNumber({ phoneNumber: wanted!.phoneNumber, reference: 'purchase-1' });

    expect(order).toMatchObject({
      phoneNumber: wanted!.phoneNumber,
      reference: 'purchase-1',
      status: 'success',
    });
    const after = await carrier.searchNumbers(query);
    expect(after).toHaveLength(5);
    expect(after.map((number) => number.phoneNumber)).not.toContain(wanted!.phoneNumber);
    expect(after.slice(0, 4)).toEqual(others);
    await expect(
      carrier.orderNumber({ phoneNumber: wanted!.phoneNumber, reference: 'purchase-2' }),
    ).rejects.toThrow(NumberNoLongerAvailableError);
  });

  it('returns the same order when the same reference orders again', async () => {
    const carrier = new SandboxCarrierAdapter();
    const [wanted] = await carrier.searchNumbers(query);
    const request = { phoneNumber: wanted!.phoneNumber, reference: 'purchase-1' };

    const first = await carrier.orderNumber(request);

    expect(await carrier.orderNumber(request)).toEqual(first);
    expect(await carrier.getOrder({ orderId: first.orderId })).toEqual(first);
    expect(await carrier.getOrder({ reference: 'purchase-1' })).toEqual(first);
    expect(await carrier.getOrder({ reference: 'unknown' })).toBeNull();
  });

  it('rejects a reference reused for another number', async () => {
    const carrier = new SandboxCarrierAdapter();
    const [first, second] = await carrier.searchNumbers(query);
    await carrier.orderNumber({ phoneNumber: first!.phoneNumber, reference: 'purchase-1' });

    await expect(
      carrier.orderNumber({ phoneNumber: second!.phoneNumber, reference: 'purchase-1' }),
    ).rejects.toThrow(CarrierRejectedError);
  });

  it('puts released numbers back on sale', async () => {
    const carrier = new SandboxCarrierAdapter();
    const [wanted] = await carrier.searchNumbers(query);
    await carrier.orderNumber({ phoneNumber: wanted!.phoneNumber, reference: 'purchase-1' });

    await carrier.releaseNumber(wanted!.phoneNumber);
    await carrier.releaseNumber(wanted!.phoneNumber);

    expect((await carrier.searchNumbers(query))[0]).toEqual(wanted);
    expect(
      await carrier.orderNumber({ phoneNumber: wanted!.phoneNumber, reference: 'purchase-2' }),
    ).toMatchObject({
      status: 'success',
    });
  });

  it('fails orders for numbers ending in 0000 and leaves them on sale', async () => {
    const carrier = new SandboxCarrierAdapter();
    const [doomed] = await carrier.searchNumbers({ ...query, endsWith: '0000' });

    const order = await carrier.orderNumber({ phoneNumber: doomed!.phoneNumber, reference: 'purchase-1' });

    expect(order).toMatchObject({ status: 'failure', failureReason: SANDBOX_FAILED_ORDER_REASON });
    expect(await carrier.getOrder({ reference: 'purchase-1' })).toEqual(order);
    expect((await carrier.searchNumbers({ ...query, endsWith: '0000' }))[0]).toEqual(doomed);
  });

  it('refuses invalid numbers and numbers it does not sell', async () => {
    const carrier = new SandboxCarrierAdapter();
    await expect(carrier.orderNumber({ phoneNumber: '+1415', reference: 'r' })).rejects.toThrow(
      InvalidPhoneNumberError,
    );
    await expect(carrier.orderNumber({ phoneNumber: '+19002345678', reference: 'r' })).rejects.toThrow(
      CarrierRejectedError,
    );
    await expect(carrier.orderNumber({ phoneNumber: '+33612345678', reference: 'r' })).rejects.toThrow(
      CarrierRejectedError,
    );
  });

  it('shares sold numbers between instances using the same store', async () => {
    const store = new InMemorySandboxCarrierStore();
    const api = new SandboxCarrierAdapter({ store });
    const worker = new SandboxCarrierAdapter({ store });
    const [wanted] = await api.searchNumbers(query);

    await api.orderNumber({ phoneNumber: wanted!.phoneNumber, reference: 'purchase-1' });

    expect((await worker.searchNumbers(query)).map((number) => number.phoneNumber)).not.toContain(
      wanted!.phoneNumber,
    );
    expect(await worker.getOrder({ reference: 'purchase-1' })).toMatchObject({ status: 'success' });
  });
});

describe('SandboxCarrierAdapter routing', () => {
  it('applies routing given at order time and later changes', async () => {
    const carrier = new SandboxCarrierAdapter();
    const [wanted] = await carrier.searchNumbers({ country: 'GB', type: 'mobile', limit: 1 });
    const phoneNumber = wanted!.phoneNumber;
    await carrier.orderNumber({
      phoneNumber,
      reference: 'purchase-1',
      routing: { voiceConnectionId: 'voice-1' },
    });

    await carrier.configureNumber(phoneNumber, { messagingProfileId: 'messaging-1' });

    expect(await carrier.listOwnedNumbers()).toEqual([
      { phoneNumber, voiceConnectionId: 'voice-1', messagingProfileId: 'messaging-1' },
    ]);
  });

  it('refuses to configure numbers it has not sold', async () => {
    await expect(
      new SandboxCarrierAdapter().configureNumber('+14152345678', { voiceConnectionId: 'x' }),
    ).rejects.toThrow(CarrierRejectedError);
  });
});

describe('SandboxCarrierAdapter messages', () => {
  const recordedAt = new Date('2030-01-02T03:04:05Z');
  const message = { from: '+14152345678', to: '+442079460123', text: 'Hello', reference: 'message-1' };

  it('records each reference once in its ledger', async () => {
    const carrier = new SandboxCarrierAdapter({ clock: () => recordedAt });

    const first = await carrier.sendMessage(message);
    const repeated = await carrier.sendMessage(message);
    await carrier.sendMessage({
      ...message,
      reference: 'message-2',
      text: undefined,
      mediaUrls: ['https://x.test/a.png'],
    });

    expect(repeated).toEqual(first);
    expect(await carrier.messages()).toEqual([
      { ...message, carrierMessageId: first.carrierMessageId, recordedAt },
      {
        from: message.from,
        to: message.to,
        mediaUrls: ['https://x.test/a.png'],
        reference: 'message-2',
        carrierMessageId: expect.any(String),
        recordedAt,
      },
    ]);
  });

  it('rejects messages a carrier could not send', async () => {
    const carrier = new SandboxCarrierAdapter();
    await expect(carrier.sendMessage({ ...message, to: '12' })).rejects.toThrow(CarrierRejectedError);
    await expect(carrier.sendMessage({ ...message, text: '' })).rejects.toThrow(/text or media/);
    expect(await carrier.messages()).toEqual([]);
  });
});

describe('SandboxCarrierAdapter lookup and trunk', () => {
  it('looks numbers up, naming itself as the carrier of the numbers it sold', async () => {
    const carrier = new SandboxCarrierAdapter();
    const [wanted] = await carrier.searchNumbers({ country: 'CA', type: 'toll_free', limit: 1 });
    await carrier.orderNumber({ phoneNumber: wanted!.phoneNumber, reference: 'purchase-1' });

    expect(await carrier.lookupNumber(wanted!.phoneNumber)).toEqual({
      phoneNumber: wanted!.phoneNumber,
      type: 'toll_free',
      carrierName: 'Switchyard Sandbox',
    });
    expect(await carrier.lookupNumber('+447400123456')).toEqual({
      phoneNumber: '+447400123456',
      type: 'mobile',
    });
  });

  it('exposes a configurable SIP trunk', () => {
    expect(new SandboxCarrierAdapter().sipTrunk()).toEqual(DEFAULT_SANDBOX_SIP_TRUNK);
    const trunk = { host: 'sip.sandbox.test', port: 5080, transport: 'tcp' as const };
    expect(new SandboxCarrierAdapter({ sipTrunk: trunk }).sipTrunk()).toEqual(trunk);
  });
});
