import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { NotFoundError } from '@switchyard/errors';
import { type Ban } from '../domain/ban-policy';
import { BanStore } from '../infrastructure/ban.store';
import { SipDomainService } from './sip-domain.service';

/**
 * Bans are per source address and shared by all accounts; an account sees and lifts the ones its own SIP domain
 * caused (the domain of the last failed attempt). Bans of addresses that only tried foreign or unknown domains are
 * attributed to no account and simply expire.
 */
@Injectable()
export class SipBanService {
  constructor(
    @Inject(BanStore) private readonly bans: BanStore,
    @Inject(SipDomainService) private readonly domains: SipDomainService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(principal: Principal): Promise<Ban[]> {
    return this.bans.bansOf(await this.domains.domainOf(principal.accountId), this.clock.now().getTime());
  }

  async lift(principal: Principal, address: string): Promise<void> {
    const lifted = await this.bans.lift(await this.domains.domainOf(principal.accountId), address);
    if (!lifted) throw new NotFoundError('ban', address);
  }
}
