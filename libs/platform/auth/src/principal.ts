export type UserRole = 'owner' | 'admin' | 'agent';

/** Who is calling: an integrator's API key or a dashboard user, always inside exactly one account. */
export interface Principal {
  readonly kind: 'api_key' | 'user';
  readonly accountId: string;
  readonly scopes: ReadonlySet<string>;
  readonly apiKeyId?: string;
  readonly userId?: string;
  readonly role?: UserRole;
}

/** Scopes an API key can carry; `*` grants all of them. */
export const apiScopes = [
  'account:read',
  'account:write',
  'users:read',
  'users:write',
  'api_keys:read',
  'api_keys:write',
  'webhooks:read',
  'webhooks:write',
  'numbers:read',
  'numbers:write',
  'teams:read',
  'teams:write',
  'devices:read',
  'devices:write',
  'flows:read',
  'flows:write',
  'business_hours:read',
  'business_hours:write',
  'messages:read',
  'messages:send',
  'calls:read',
  'calls:write',
  'voicemail:read',
  'voicemail:write',
] as const;

export type ApiScope = (typeof apiScopes)[number];

const scopesByRole: Record<UserRole, readonly ApiScope[]> = {
  owner: apiScopes,
  admin: apiScopes,
  agent: [
    'account:read',
    'users:read',
    'numbers:read',
    'teams:read',
    'flows:read',
    'business_hours:read',
    'messages:read',
    'messages:send',
    'calls:read',
    'voicemail:read',
  ],
};

export function scopesOfRole(role: UserRole): ReadonlySet<string> {
  return new Set(scopesByRole[role]);
}

export function hasScope(principal: Principal, scope: string): boolean {
  return principal.scopes.has('*') || principal.scopes.has(scope);
}
