import { type SipTrunkConfig } from '@switchyard/config';
import { natTarget, type ReachableContact } from '@switchyard/devices';
import Srf from 'drachtio-srf';
import { type ForkTarget } from './call-attempt';

/** A SIP party as the called side sees it: `user@domain`. */
export interface Party {
  readonly user: string;
  readonly domain: string;
}

/** Every registered contact given, each reached through its NAT (the address it registered from). */
export function deviceTargets(contacts: readonly ReachableContact[], from: Party, to: Party): ForkTarget[] {
  return contacts.map((contact) => ({
    uri: contact.contact,
    proxy: natTarget(contact),
    from: from.user,
    to: to.user,
    deviceId: contact.deviceId,
    headers: {
      From: `<sip:${from.user}@${from.domain}>`,
      To: `<sip:${to.user}@${to.domain}>`,
    },
  }));
}

/** The Request-URI of a call to `destination` through the trunk at `trunkUri` (same host, port and parameters). */
function trunkRequestUri(trunkUri: string, destination: string): string {
  return trunkUri.replace(/^(sips?:)(?:[^@;]*@)?/, `$1${destination}@`);
}

/** A call to an E.164 destination through the carrier's trunk, presenting `callerId` (E.164). */
export function trunkTarget(trunk: SipTrunkConfig, destination: string, callerId: string): ForkTarget {
  const host = Srf.parseUri(trunk.uri).host ?? '';
  return {
    uri: trunkRequestUri(trunk.uri, destination),
    from: callerId,
    to: destination,
    deviceId: null,
    headers: {
      From: `<sip:${callerId}@${host}>`,
      To: `<sip:${destination}@${host}>`,
      'P-Asserted-Identity': `<sip:${callerId}@${host}>`,
    },
    ...(trunk.username !== undefined &&
      trunk.password !== undefined && { auth: { username: trunk.username, password: trunk.password } }),
  };
}
