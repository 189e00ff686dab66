import { InvalidAmountError } from './numbers.errors';

/** An amount in the currency's minor units (cents, pence), so prices never go through floating point. */
export interface Money {
  readonly amount: number;
  readonly currency: string;
}

const DECIMAL_AMOUNT = /^(\d+)(?:\.(\d+))?$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;

/** Converts a decimal string such as "1.50" into minor units, rounding half up beyond the currency's precision. */
export function moneyFromDecimal(decimal: string, currency: string): Money {
  const upperCurrency = currency.toUpperCase();
  const match = DECIMAL_AMOUNT.exec(decimal.trim());
  if (!match || !CURRENCY_CODE.test(upperCurrency)) throw new InvalidAmountError(`${decimal} ${currency}`);
  const [, whole = '0', fraction = ''] = match;
  const digits = minorUnitDigits(upperCurrency);
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  const roundsUp = (fraction[digits] ?? '0') >= '5';
  return { amount: Number(whole + kept) + (roundsUp ? 1 : 0), currency: upperCurrency };
}

function minorUnitDigits(currency: string): number {
  return (
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  );
}
