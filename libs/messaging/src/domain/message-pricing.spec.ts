import { describe, expect, it } from 'vitest';
import { PriceNotFoundError } from './messaging.errors';
import { DEFAULT_MESSAGE_PRICES, estimateCost, findMessagePrice, type MessagePrice } from './message-pricing';

describe('estimateCost', () => {
  it('charges SMS per segment in the currency of the country', () => {
    expect(estimateCost({ country: 'US', numberType: 'local', channel: 'sms', segments: 3 })).toEqual({
      unitPrice: { amount: 1, currency: 'USD' },
      billableUnits: 3,
      total: { amount: 3, currency: 'USD' },
    });
    expect(estimateCost({ country: 'gb', numberType: 'mobile', channel: 'sms', segments: 2 }).total).toEqual({
      amount: 8,
      currency: 'GBP',
    });
    expect(
      estimateCost({ country: 'CA', numberType: 'toll_free', channel: 'sms', segments: 1 }).total,
    ).toEqual({
      amount: 1,
      currency: 'CAD',
    });
  });

  it('charges MMS per message whatever the segment count', () => {
    expect(
      estimateCost({ country: 'US', numberType: 'toll_free', channel: 'mms', segments: 4, messages: 10 }),
    ).toEqual({
      unitPrice: { amount: 3, currency: 'USD' },
      billableUnits: 10,
      total: { amount: 30, currency: 'USD' },
    });
  });

  it('prices inbound messages separately and multiplies by the message count', () => {
    expect(
      estimateCost({
        country: 'US',
        numberType: 'local',
        direction: 'inbound',
        channel: 'mms',
        segments: 1,
        messages: 5,
      }).total,
    ).toEqual({ amount: 10, currency: 'USD' });
  });

  it('refuses routes that are not offered', () => {
    expect(() => estimateCost({ country: 'GB', numberType: 'local', channel: 'sms', segments: 1 })).toThrow(
      PriceNotFoundError,
    );
    expect(() => estimateCost({ country: 'GB', numberType: 'mobile', channel: 'mms', segments: 1 })).toThrow(
      expect.objectContaining({
        code: 'price_not_found',
        route: { country: 'GB', numberType: 'mobile', direction: 'outbound', channel: 'mms' },
      }),
    );
    expect(() => estimateCost({ country: 'FR', numberType: 'mobile', channel: 'sms', segments: 1 })).toThrow(
      PriceNotFoundError,
    );
  });

  it('uses a custom price table', () => {
    const prices: MessagePrice[] = [
      {
        country: 'FR',
        numberType: 'mobile',
        direction: 'outbound',
        channel: 'sms',
        unitPrice: { amount: 7, currency: 'EUR' },
      },
    ];
    expect(
      estimateCost({ country: 'FR', numberType: 'mobile', channel: 'sms', segments: 2 }, prices).total,
    ).toEqual({ amount: 14, currency: 'EUR' });
  });
});

describe('default prices', () => {
  it('offers SMS both ways on every US and CA number type', () => {
    for (const country of ['US', 'CA']) {
      for (const numberType of ['local', 'mobile', 'toll_free', 'short_code'] as const) {
        for (const direction of ['outbound', 'inbound'] as const) {
          expect(
            findMessagePrice({ country, numberType, direction, channel: 'sms' }).unitPrice.amount,
          ).toBeGreaterThan(0);
        }
      }
    }
  });

  it('lists each route once, in whole minor units', () => {
    const routes = DEFAULT_MESSAGE_PRICES.map(
      (p) => `${p.country}/${p.numberType}/${p.direction}/${p.channel}`,
    );
    expect(new Set(routes).size).toBe(routes.length);
    expect(DEFAULT_MESSAGE_PRICES.every((p) => Number.isInteger(p.unitPrice.amount))).toBe(true);
  });
});
