/**
 * Every account has a SIP domain `<subdomain>.<parent>`, the parent being the deployment's SIP_DOMAIN. Devices
 * register there, and it is their digest realm. The subdomain is a slug of the account name plus the end of the
 * account id, so it is readable, unique, and does not reveal other accounts' names by guessing.
 */
const maxSlugLength = 30;

export function accountSubdomain(accountName: string, accountId: string): string {
  const slug = accountName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, maxSlugLength)
    .replace(/^-+|-+$/g, '');
  const suffix = accountId.slice(-10).toLowerCase();
  return slug === '' ? `account-${suffix}` : `${slug}-${suffix}`;
}

export function accountDomain(subdomain: string, parent: string): string {
  return `${subdomain}.${parent}`;
}

/** The subdomain a host names below `parent` (`acme-x1.sip.example.com` → `acme-x1`), if it is one label deep. */
export function subdomainOf(host: string, parent: string): string | undefined {
  const suffix = `.${parent}`;
  const lower = host.toLowerCase();
  if (!lower.endsWith(suffix)) return undefined;
  const label = lower.slice(0, -suffix.length);
  return /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/.test(label) ? label : undefined;
}
