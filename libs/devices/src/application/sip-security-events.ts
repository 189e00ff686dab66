import { type Ban } from '../domain/ban-policy';

/**
 * Hook for what edge security reports. The sip app logs it for now; once the event catalog has SIP security types
 * (e.g. `sip.source_banned`), an implementation publishing through `EventPublisher` replaces the log.
 */
export interface SipSecurityEvents {
  sourceBanned(ban: Ban): void;
}

export const SIP_SECURITY_EVENTS = Symbol('SIP_SECURITY_EVENTS');
