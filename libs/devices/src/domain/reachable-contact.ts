import { isIP } from 'node:net';
import { type Binding } from './registration';

/** A live registered contact of a device, and where its REGISTER came from. */
export interface ReachableContact {
  readonly deviceId: string;
  /** The contact URI as registered. */
  readonly contact: string;
  readonly sourceAddress: string;
  readonly sourcePort: number;
  readonly transport: string;
}

export function reachableContact(deviceId: string, binding: Binding): ReachableContact {
  return {
    deviceId,
    contact: binding.contact,
    sourceAddress: binding.sourceAddress,
    sourcePort: binding.sourcePort,
    transport: binding.transport,
  };
}

/** The Request-URI of a request to a registered contact: the contact URI as registered (RFC 3261 §10.3, §16.6). */
export function contactRequestUri(contact: ReachableContact): string {
  return contact.contact;
}

/**
 * Where a request to the contact must physically go: the address and port its REGISTER came from, over the same
 * transport. A device behind NAT registers a private contact address that only this path reaches; drachtio-srf
 * takes it as the `proxy` of the request.
 */
export function natTarget(contact: ReachableContact): string {
  const host = isIP(contact.sourceAddress) === 6 ? `[${contact.sourceAddress}]` : contact.sourceAddress;
  return `sip:${host}:${contact.sourcePort};transport=${contact.transport}`;
}
