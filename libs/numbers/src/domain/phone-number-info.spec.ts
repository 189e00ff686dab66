import { describe, expect, it } from 'vitest';
import { InvalidPhoneNumberError } from './numbers.errors';
import {
  describePhoneNumber,
  kindMatchesNumberType,
  parseE164OrThrow,
  usesNorthAmericanNumbering,
} from './phone-number-info';

describe('describePhoneNumber', () => {
  it('describes a US number with its area code and city', () => {
    expect(describePhoneNumber('(415) 234-5678', 'US')).toEqual({
      input: '(415) 234-5678',
      valid: true,
      possible: true,
      e164: '+14152345678',
      nationalNumber: '4152345678',
      nationalFormat: '(415) 234-5678',
      internationalFormat: '+1 415 234 5678',
      country: 'US',
      type: 'fixed_line_or_mobile',
      areaCode: '415',
      region: 'San Francisco, CA',
    });
  });

  it('describes a London landline, writing the area code without the trunk 0', () => {
    expect(describePhoneNumber('+44 20 7946 0123')).toMatchObject({
      valid: true,
      e164: '+442079460123',
      nationalFormat: '020 7946 0123',
      country: 'GB',
      type: 'fixed_line',
      areaCode: '20',
      region: 'London',
    });
  });

  it('describes GB mobile and toll-free numbers', () => {
    expect(describePhoneNumber('07400 123456', 'GB')).toMatchObject({
      valid: true,
      type: 'mobile',
      country: 'GB',
    });
    expect(describePhoneNumber('07400 123456', 'GB').areaCode).toBeUndefined();
    expect(describePhoneNumber('0800 123 4567', 'gb')).toMatchObject({ type: 'toll_free', areaCode: '800' });
  });

  it('describes an Indian mobile number', () => {
    expect(describePhoneNumber('+91 98765 43210')).toMatchObject({
      valid: true,
      e164: '+919876543210',
      internationalFormat: '+91 98765 43210',
      country: 'IN',
      type: 'mobile',
    });
  });

  it('reads vanity numbers', () => {
    expect(describePhoneNumber('1-800-FLOWERS', 'US')).toMatchObject({
      valid: true,
      e164: '+18003569377',
      type: 'toll_free',
    });
  });

  it('explains why a number is invalid', () => {
    expect(describePhoneNumber('hello')).toMatchObject({
      valid: false,
      e164: null,
      invalidReason: 'not_a_number',
    });
    expect(describePhoneNumber('4155550123')).toMatchObject({
      valid: false,
      invalidReason: 'invalid_country',
    });
    expect(describePhoneNumber('4155550123', 'XX')).toMatchObject({
      valid: false,
      invalidReason: 'invalid_country',
    });
    expect(describePhoneNumber('123', 'US')).toMatchObject({
      valid: false,
      possible: false,
      invalidReason: 'too_short',
    });
    expect(describePhoneNumber('+1415555012345')).toMatchObject({ valid: false, invalidReason: 'too_long' });
  });

  it('keeps the formats of a possible number that no operator uses', () => {
    // 07700 900xxx is Ofcom's range reserved for drama.
    expect(describePhoneNumber('+447700900123')).toMatchObject({
      valid: false,
      possible: true,
      e164: '+447700900123',
      type: 'unknown',
      invalidReason: 'invalid',
    });
  });
});

describe('parseE164OrThrow', () => {
  it('returns the E.164 form', () => {
    expect(parseE164OrThrow('020 7946 0123', 'GB')).toBe('+442079460123');
    expect(parseE164OrThrow('+1 604 234 5678')).toBe('+16042345678');
  });

  it('throws a typed error with a stable reason', () => {
    expect(() => parseE164OrThrow('12', 'US')).toThrow(InvalidPhoneNumberError);
    const error = captureError(() => parseE164OrThrow('+447700900123'));
    expect(error).toMatchObject({ code: 'invalid_phone_number', reason: 'invalid', input: '+447700900123' });
  });
});

describe('kindMatchesNumberType', () => {
  it('sells North American numbers as either local or mobile', () => {
    expect(kindMatchesNumberType('fixed_line_or_mobile', 'local')).toBe(true);
    expect(kindMatchesNumberType('fixed_line_or_mobile', 'mobile')).toBe(true);
    expect(kindMatchesNumberType('mobile', 'local')).toBe(false);
    expect(kindMatchesNumberType('toll_free', 'toll_free')).toBe(true);
    expect(kindMatchesNumberType('premium_rate', 'toll_free')).toBe(false);
  });
});

describe('usesNorthAmericanNumbering', () => {
  it('recognises +1 countries', () => {
    expect(usesNorthAmericanNumbering('ca')).toBe(true);
    expect(usesNorthAmericanNumbering('GB')).toBe(false);
    expect(usesNorthAmericanNumbering('ZZ')).toBe(false);
  });
});

function captureError(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
