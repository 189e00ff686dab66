import { isIpLiteral } from './ip-address';
import { parseNameAddr, parseSipUri } from './sip-header';
import { subdomainOf } from './sip-domain';

/** A user at one of our account SIP domains, as a To (REGISTER) or From (INVITE) header names it. */
export interface AccountAddress {
  readonly user: string;
  /** The account's SIP domain, lower-cased: the digest realm. */
  readonly domain: string;
  readonly subdomain: string;
}

/**
 * The user and account domain a name-addr header names; undefined when it has no user, or its host is an IP address
 * or not `<subdomain>.<parentDomain>`.
 */
export function accountAddress(header: string, parentDomain: string): AccountAddress | undefined {
  const address = parseNameAddr(header);
  const uri = address && parseSipUri(address.uri);
  if (!uri?.user || isIpLiteral(uri.host)) return undefined;
  const subdomain = subdomainOf(uri.host, parentDomain);
  return subdomain === undefined ? undefined : { user: uri.user, domain: uri.host, subdomain };
}
