import { monotonicFactory } from 'ulid';

/** Prefixes of every id the product hands out; the prefix tells the resource, the ULID sorts by creation time. */
export const idPrefixes = {
  account: 'acc',
  user: 'usr',
  apiKey: 'key',
  team: 'team',
  number: 'num',
  numberOrder: 'nord',
  flow: 'flow',
  flowVersion: 'flv',
  schedule: 'bh',
  event: 'evt',
  webhookEndpoint: 'we',
  webhookDelivery: 'whd',
  call: 'call',
  message: 'msg',
  device: 'dev',
  request: 'req',
} as const;

export type IdKind = keyof typeof idPrefixes;

const nextUlid = monotonicFactory();

export function newId(kind: IdKind, now: number = Date.now()): string {
  return `${idPrefixes[kind]}_${nextUlid(now).toLowerCase()}`;
}

const idPattern = /^[a-z]+_[0-9a-hjkmnp-tv-z]{26}$/;

export function isIdOf(kind: IdKind, value: string): boolean {
  return idPattern.test(value) && value.startsWith(`${idPrefixes[kind]}_`);
}
