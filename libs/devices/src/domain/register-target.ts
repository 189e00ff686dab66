import { accountAddress } from './account-address';
import { isIpLiteral } from './ip-address';
import { parseSipUri } from './sip-header';

/** Whose registration a REGISTER asks for: the user and SIP domain of its To header (the address of record). */
export type RegisterTarget =
  | { readonly kind: 'target'; readonly user: string; readonly domain: string; readonly subdomain: string }
  | { readonly kind: 'forbidden' };

/**
 * Devices register at their account's domain by name: a Request-URI or To host given as an IP address, a domain
 * that is not one of ours, or a Request-URI naming another domain than To is refused.
 */
export function registerTarget(requestUri: string, to: string, parentDomain: string): RegisterTarget {
  const aor = accountAddress(to, parentDomain);
  const request = parseSipUri(requestUri);
  if (!aor || !request || isIpLiteral(request.host)) return { kind: 'forbidden' };
  if (request.host !== aor.domain && request.host !== parentDomain) return { kind: 'forbidden' };
  return { kind: 'target', ...aor };
}
