import { type SipSecurityEvents } from '@switchyard/devices';
import { type Logger } from '@switchyard/logging';

/** Edge security's reports as log lines, until the event catalog has SIP security event types to publish. */
export function loggedSipSecurityEvents(logger: Logger): SipSecurityEvents {
  return {
    sourceBanned: (ban) =>
      logger.warn(
        { address: ban.address, domain: ban.domain, failures: ban.failures, until: new Date(ban.expiresAt) },
        'source address banned after failed authentications',
      ),
  };
}
