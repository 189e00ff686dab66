import { describe, expect, it } from 'vitest';
import { accountFieldErrors, mayManageRole, normalizeEmail, wouldLeaveNoOwner } from './account-rules';

describe('account rules', () => {
  it('accepts ISO countries and IANA zones only', () => {
    expect(accountFieldErrors({ country: 'US', timezone: 'America/New_York' })).toEqual([]);
    expect(
      accountFieldErrors({ country: 'usa', timezone: 'Mars/Olympus' }).map((error) => error.code),
    ).toEqual(['invalid_country', 'invalid_time_zone']);
    expect(accountFieldErrors({ timezone: 'EST' })[0]?.field).toBe('timezone');
  });

  it('lets nobody manage a role above their own', () => {
    expect(mayManageRole('owner', 'owner')).toBe(true);
    expect(mayManageRole('admin', 'owner')).toBe(false);
    expect(mayManageRole('admin', 'agent')).toBe(true);
    expect(mayManageRole('agent', 'agent')).toBe(false);
    expect(mayManageRole('api_key', 'admin')).toBe(true);
    expect(mayManageRole('api_key', 'owner')).toBe(false);
  });

  it('keeps the last owner', () => {
    expect(wouldLeaveNoOwner(1, true, false)).toBe(true);
    expect(wouldLeaveNoOwner(2, true, false)).toBe(false);
    expect(wouldLeaveNoOwner(1, false, false)).toBe(false);
  });

  it('normalizes e-mail addresses', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  });
});
