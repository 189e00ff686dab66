import { isIpLiteral } from './ip-address';
import { parseNameAddr, parseSipUri } from './sip-header';
import { subdomainOf } from './sip-domain';

/** Whose registration a REGISTER asks for: the user and SIP domain of its To header (the address of record). */
export type RegisterTarget =
  | { readonly kind: 'target'; readonly user: string; readonly domain: string; readonly subdomain: string }
  | { readonly kind: 'forbidden' };

/**
 * Devices register at their account's domain by name: a Request-URI or To host given as an IP address, a domain
 * that is not one of ours, or a Request-URI naming another domain than To is refused.
 */
export function registerTarget(requestUri: string, to: string, parentDomain: string): RegisterTarget {
  const address = parseNameAddr(to);
  const aor = address && parseSipUri(address.uri);
  const request = parseSipUri(requestUri);
  if (!aor?.user || !request || isIpLiteral(aor.host) || isIpLiteral(request.host))
    return { kind: 'forbidden' };
  if (request.host !== aor.host && request.host !== parentDomain) return { kind: 'forbidden' };
  const subdomain = subdomainOf(aor.host, parentDomain);
  return subdomain === undefined
    ? { kind: 'forbidden' }
    : { kind: 'target', user: aor.user, domain: aor.host, subdomain };
}
