import { EventPublisher } from '@switchyard/events';
import { type Logger } from '@switchyard/logging';
import { type Ban } from '../domain/ban-policy';
import { sipBanResource } from './sip-ban-resource';
import { SipDomainService } from './sip-domain.service';

/**
 * What edge security reports: every ban is logged, and one attributed to an account (made against its SIP domain)
 * is published to it as `sip.source_banned`. Bans against unknown or foreign domains belong to no account.
 */
export class SipSecurityEventPublisher {
  constructor(
    private readonly events: EventPublisher,
    private readonly domains: SipDomainService,
    private readonly logger: Logger,
  ) {}

  /**
   * Never throws: the ban is already in force, and the request that caused it is answered the same either way; a
   * lost event is logged instead.
   */
  async sourceBanned(ban: Ban): Promise<void> {
    try {
      const accountId = ban.domain === null ? null : await this.domains.accountOfDomain(ban.domain);
      this.logger.warn(
        {
          address: ban.address,
          domain: ban.domain,
          accountId,
          failures: ban.failures,
          until: new Date(ban.expiresAt),
        },
        'source address banned after failed authentications',
      );
      if (accountId !== null) await this.events.publish(accountId, 'sip.source_banned', sipBanResource(ban));
    } catch (error) {
      this.logger.error(
        { err: error, address: ban.address, domain: ban.domain },
        'sip.source_banned not published',
      );
    }
  }
}
