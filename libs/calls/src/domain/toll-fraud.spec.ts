import { describePhoneNumber } from '@switchyard/numbers';
import { describe, expect, it } from 'vitest';
import { type CallPolicy } from './call-policy';
import {
  defaultBlockedPrefixes,
  defaultCallPolicy,
  policyProblems,
  screenDestination,
  type CallPolicyDefaults,
} from './toll-fraud';

const limits: CallPolicyDefaults = {
  maxConcurrentCalls: 10,
  maxCallDurationSeconds: 14_400,
  callsPerSecond: 2,
};
const usPolicy = defaultCallPolicy('us', limits);

describe('defaultBlockedPrefixes', () => {
  it('are valid prefixes without duplicates', () => {
    expect(policyProblems({ ...usPolicy, blockedPrefixes: defaultBlockedPrefixes })).toEqual([]);
  });

  it.each([
    ['+19005550123', '+1900'],
    ['+449012345678', '+449'],
    ['+448712345678', '+4487'],
    ['+3290012345', '+3290'],
    ['+33892123456', '+3389'],
    ['+39899123456', '+39899'],
    ['+499001234567', '+49900'],
    ['+34803123456', '+34803'],
    ['+34806123456', '+34806'],
    ['+34807123456', '+34807'],
    ['+979123456789', '+979'],
  ])('cover premium-rate number %s, as the numbering plan types it', (number, prefix) => {
    expect(describePhoneNumber(number).type).toBe('premium_rate');
    expect(defaultBlockedPrefixes).toContain(prefix);
  });

  it('cover UK 070 personal numbers', () => {
    expect(describePhoneNumber('+447012345678').type).toBe('personal_number');
    expect(defaultBlockedPrefixes).toContain('+4470');
  });
});

describe('defaultCallPolicy', () => {
  it('allows only the account country, with the default blocked prefixes and the given limits', () => {
    expect(usPolicy).toEqual({
      allowedCountries: ['US'],
      blockedPrefixes: defaultBlockedPrefixes,
      maxConcurrentCalls: 10,
      maxCallDurationSeconds: 14_400,
      callsPerSecond: 2,
    });
    expect(policyProblems(usPolicy)).toEqual([]);
  });
});

describe('screenDestination', () => {
  it('allows a number of an allowed country', () => {
    expect(screenDestination(usPolicy, { e164: '+14155550123', country: 'US' })).toEqual({ allowed: true });
  });

  it('refuses other countries, including NANP neighbours sharing +1', () => {
    expect(screenDestination(usPolicy, { e164: '+18765550123', country: 'JM' })).toEqual({
      allowed: false,
      reason: 'country_not_allowed',
      detail: "Calls to JM are not allowed by the account's call policy.",
    });
    expect(screenDestination(usPolicy, { e164: '+442079460018', country: 'GB' })).toMatchObject({
      allowed: false,
      reason: 'country_not_allowed',
    });
  });

  it('refuses an unknown country', () => {
    expect(screenDestination(usPolicy, { e164: '+15555550123', country: null })).toEqual({
      allowed: false,
      reason: 'country_not_allowed',
      detail: 'The country of +15555550123 is unknown, so the call is not allowed.',
    });
  });

  it('refuses a blocked prefix even in an allowed country, naming the longest matching prefix', () => {
    const policy: CallPolicy = {
      ...usPolicy,
      allowedCountries: ['US', 'GB'],
      blockedPrefixes: ['+44', '+4487'],
    };
    expect(screenDestination(usPolicy, { e164: '+19005550123', country: 'US' })).toEqual({
      allowed: false,
      reason: 'premium_prefix',
      detail: "Calls to numbers starting with +1900 are blocked by the account's call policy.",
    });
    expect(screenDestination(policy, { e164: '+448712345678', country: 'GB' })).toMatchObject({
      reason: 'premium_prefix',
      detail: expect.stringContaining('+4487 '),
    });
  });

  it('names the blocked prefix before the unknown country of satellite numbers', () => {
    expect(screenDestination(usPolicy, { e164: '+881612345678', country: null })).toMatchObject({
      allowed: false,
      reason: 'premium_prefix',
    });
  });

  it('refuses what is not E.164', () => {
    expect(screenDestination(usPolicy, { e164: '4155550123', country: 'US' })).toMatchObject({
      allowed: false,
      reason: 'invalid_number',
    });
  });

  it('accepts lower-case countries', () => {
    expect(
      screenDestination({ ...usPolicy, allowedCountries: ['gb'] }, { e164: '+442079460018', country: 'GB' }),
    ).toEqual({ allowed: true });
  });
});

describe('policyProblems', () => {
  it('accepts the boundaries of every limit', () => {
    expect(
      policyProblems({ ...usPolicy, maxConcurrentCalls: 1, maxCallDurationSeconds: 60, callsPerSecond: 1 }),
    ).toEqual([]);
    expect(
      policyProblems({
        ...usPolicy,
        maxConcurrentCalls: 10_000,
        maxCallDurationSeconds: 86_400,
        callsPerSecond: 1_000,
      }),
    ).toEqual([]);
  });

  it.each([
    ['maxConcurrentCalls', 0],
    ['maxConcurrentCalls', 10_001],
    ['maxConcurrentCalls', 1.5],
    ['maxCallDurationSeconds', 59],
    ['maxCallDurationSeconds', 86_401],
    ['callsPerSecond', 0],
    ['callsPerSecond', 1_001],
    ['callsPerSecond', Number.NaN],
  ])('refuses %s = %d', (field, value) => {
    expect(policyProblems({ ...usPolicy, [field]: value })).toEqual([
      {
        field,
        code: 'out_of_range',
        message: expect.stringMatching(/^Use a whole number from \d+ to \d+\.$/),
      },
    ]);
  });

  it('refuses unknown, lower-case and malformed countries and duplicates', () => {
    expect(
      policyProblems({ ...usPolicy, allowedCountries: ['US', 'XX', 'gb', 'USA', 'US'] }).map(
        ({ field, code }) => ({
          field,
          code,
        }),
      ),
    ).toEqual([
      { field: 'allowedCountries.1', code: 'invalid_country' },
      { field: 'allowedCountries.2', code: 'invalid_country' },
      { field: 'allowedCountries.3', code: 'invalid_country' },
      { field: 'allowedCountries.4', code: 'duplicate' },
    ]);
  });

  it('refuses malformed prefixes and duplicates', () => {
    expect(
      policyProblems({
        ...usPolicy,
        blockedPrefixes: ['+1900', '1900', '+0', '+', '+1234567890123456', '+44 9', '+1900'],
      }).map(({ field, code }) => ({ field, code })),
    ).toEqual([
      { field: 'blockedPrefixes.1', code: 'invalid_prefix' },
      { field: 'blockedPrefixes.2', code: 'invalid_prefix' },
      { field: 'blockedPrefixes.3', code: 'invalid_prefix' },
      { field: 'blockedPrefixes.4', code: 'invalid_prefix' },
      { field: 'blockedPrefixes.5', code: 'invalid_prefix' },
      { field: 'blockedPrefixes.6', code: 'duplicate' },
    ]);
  });

  it('accepts empty lists', () => {
    expect(policyProblems({ ...usPolicy, allowedCountries: [], blockedPrefixes: [] })).toEqual([]);
  });
});
