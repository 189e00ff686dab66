import { type FieldError } from '@switchyard/errors';

export type UserRole = 'owner' | 'admin' | 'agent';
export type AccountStatus = 'active' | 'suspended' | 'closed';

const isoCountry = /^[A-Z]{2}$/;

export function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
}

export function accountFieldErrors(input: { country?: string; timezone?: string }): FieldError[] {
  const errors: FieldError[] = [];
  if (input.country !== undefined && !isoCountry.test(input.country)) {
    errors.push({
      field: 'country',
      code: 'invalid_country',
      message: 'Use an ISO 3166-1 alpha-2 code such as "US".',
    });
  }
  if (input.timezone !== undefined && !isIanaTimeZone(input.timezone)) {
    errors.push({
      field: 'timezone',
      code: 'invalid_time_zone',
      message: 'Use an IANA time zone such as "America/New_York".',
    });
  }
  return errors;
}

const rank: Record<UserRole, number> = { agent: 0, admin: 1, owner: 2 };

/**
 * Who may create, change or remove a user of a given role: nobody acts above their own role, and only an owner
 * makes or touches owners.
 */
export function mayManageRole(actor: UserRole | 'api_key', target: UserRole): boolean {
  if (actor === 'api_key') return target !== 'owner';
  return actor !== 'agent' && rank[actor] >= rank[target];
}

/** An account keeps at least one owner, so somebody can always administer it. */
export function wouldLeaveNoOwner(
  ownerCount: number,
  changedUserIsOwner: boolean,
  staysOwner: boolean,
): boolean {
  return changedUserIsOwner && !staysOwner && ownerCount <= 1;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
