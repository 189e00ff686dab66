import { type Ban } from '../domain/ban-policy';

/** A ban as the REST API returns it and as `sip.source_banned` events carry it. */
export type SipBanResource = {
  id: string;
  object: 'sip_ban';
  domain: string;
  reason: 'authentication_failures';
  failures: number;
  bannedAt: string;
  expiresAt: string;
};

export function sipBanResource(ban: Ban): SipBanResource {
  return {
    id: ban.address,
    object: 'sip_ban',
    domain: ban.domain ?? '',
    reason: 'authentication_failures',
    failures: ban.failures,
    bannedAt: new Date(ban.bannedAt).toISOString(),
    expiresAt: new Date(ban.expiresAt).toISOString(),
  };
}
