import { describe, expect, it } from 'vitest';
import { moneyFromDecimal } from './money';
import { InvalidAmountError } from './numbers.errors';

describe('moneyFromDecimal', () => {
  it('converts decimal strings to minor units without floating point', () => {
    expect(moneyFromDecimal('1.00', 'usd')).toEqual({ amount: 100, currency: 'USD' });
    expect(moneyFromDecimal('0.29', 'USD')).toEqual({ amount: 29, currency: 'USD' });
    expect(moneyFromDecimal('12', 'GBP')).toEqual({ amount: 1200, currency: 'GBP' });
  });

  it('rounds half up beyond the precision of the currency', () => {
    expect(moneyFromDecimal('0.005', 'USD').amount).toBe(1);
    expect(moneyFromDecimal('0.0049', 'USD').amount).toBe(0);
    expect(moneyFromDecimal('150.5', 'JPY').amount).toBe(151);
  });

  it('rejects what is not an amount', () => {
    expect(() => moneyFromDecimal('-1', 'USD')).toThrow(InvalidAmountError);
    expect(() => moneyFromDecimal('1.00', 'dollars')).toThrow(InvalidAmountError);
  });
});
