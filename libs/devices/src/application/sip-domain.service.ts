import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, TtlCache } from '@switchyard/contracts';
import { accountDomain, accountSubdomain, subdomainOf } from '../domain/sip-domain';
import { AccountNameReader } from '../infrastructure/account-name.reader';
import { AccountSipDomainRepository } from '../infrastructure/account-sip-domain.repository';
import { SIP_DOMAIN_CONFIG, type SipDomainConfig } from './devices-settings';

/** A domain's account rarely changes; unknown domains are remembered as unknown for as long. */
const accountCacheTtlMs = 30_000;

/** Each account's SIP domain: made when first needed, and resolved back to the account for devices' requests. */
@Injectable()
export class SipDomainService {
  private readonly accounts: TtlCache<string | null>;

  constructor(
    @Inject(AccountSipDomainRepository) private readonly domains: AccountSipDomainRepository,
    @Inject(AccountNameReader) private readonly names: AccountNameReader,
    @Inject(SIP_DOMAIN_CONFIG) private readonly config: SipDomainConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.accounts = new TtlCache(accountCacheTtlMs, clock);
  }

  /** The account's SIP domain, which is also the digest realm of its devices. */
  async domainOf(accountId: string): Promise<string> {
    const existing = await this.domains.subdomainOf(accountId);
    const subdomain =
      existing ??
      (await this.domains.ensure(
        accountId,
        accountSubdomain(await this.names.accountName(accountId), accountId),
        this.clock.now(),
      ));
    return accountDomain(subdomain, this.config.domain);
  }

  /** The account whose domain is `<subdomain>.<SIP_DOMAIN>`, if any. */
  accountOf(subdomain: string): Promise<string | null> {
    return this.accounts.getOrLoad(subdomain, () => this.domains.accountOf(subdomain));
  }

  /** The account whose SIP domain `domain` is, if it is one of ours. */
  async accountOfDomain(domain: string): Promise<string | null> {
    const subdomain = subdomainOf(domain, this.config.domain);
    return subdomain === undefined ? null : this.accountOf(subdomain);
  }
}
