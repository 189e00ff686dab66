import { randomInt } from 'node:crypto';
import { type FieldError } from '@switchyard/errors';

export const deviceKinds = ['desk_phone', 'softphone', 'app'] as const;
export type DeviceKind = (typeof deviceKinds)[number];

export const sipTransports = ['udp', 'tcp', 'tls', 'wss'] as const;
export type SipTransport = (typeof sipTransports)[number];

/** SIP user part of a device: lower-case letters, digits and `._-`, starting with a letter or digit. */
export const usernamePattern = /^[a-z0-9][a-z0-9._-]{2,63}$/;

export function usernameFieldErrors(username: string): FieldError[] {
  return usernamePattern.test(username)
    ? []
    : [
        {
          field: 'username',
          code: 'invalid_sip_username',
          message: '3 to 64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit.',
        },
      ];
}

/**
 * Which SIP transport a request came in on, as drachtio names it (`udp`, `tcp`, `tls`, `ws`, `wss`); drachtio leaves
 * the field empty in some frames, which means its default, UDP.
 */
export function transportOf(protocol: string): SipTransport | undefined {
  const lower = protocol.toLowerCase();
  if (lower === '') return 'udp';
  if (lower === 'ws') return 'wss';
  return sipTransports.find((transport) => transport === lower);
}

const passwordAlphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const sipPasswordLength = 24;

/** A random password of 24 characters from 56 unambiguous ones: about 139 bits. */
export function generateSipPassword(): string {
  return Array.from(
    { length: sipPasswordLength },
    () => passwordAlphabet[randomInt(passwordAlphabet.length)],
  ).join('');
}
