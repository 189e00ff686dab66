import { randomFillSync } from 'node:crypto';

/** Prefixes of every id the product hands out; the prefix tells the resource, the ULID sorts by creation time. */
export const idPrefixes = {
  account: 'acc',
  user: 'usr',
  apiKey: 'key',
  team: 'team',
  number: 'num',
  numberOrder: 'nord',
  requirementSubmission: 'rqs',
  document: 'doc',
  flow: 'flow',
  flowVersion: 'flv',
  schedule: 'bh',
  event: 'evt',
  webhookEndpoint: 'we',
  webhookDelivery: 'whd',
  call: 'call',
  callLeg: 'leg',
  recording: 'rec',
  voicemailBox: 'vmb',
  voicemail: 'vm',
  audioFile: 'aud',
  callQueue: 'cq',
  message: 'msg',
  optOutChange: 'optc',
  conversation: 'conv',
  messageMedia: 'med',
  recurringMessage: 'rmsg',
  carrierCallback: 'ccb',
  contact: 'ct',
  campaign: 'cmp',
  device: 'dev',
  request: 'req',
} as const;

export type IdKind = keyof typeof idPrefixes;

// Crockford's base32 in lower case, as ULIDs use it.
const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
const randomLength = 16;

/** Random bytes are drawn in blocks: one system call per 256 ids instead of one per id. */
const randomPool = Buffer.alloc(randomLength * 256);
let poolOffset = randomPool.length;

function randomDigits(): number[] {
  if (poolOffset + randomLength > randomPool.length) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  const digits = Array.from({ length: randomLength }, (_, index) => randomPool[poolOffset + index]! & 31);
  poolOffset += randomLength;
  return digits;
}

/** The last random part handed out per recent millisecond; a frozen test clock and the wall clock may interleave. */
const lastRandomByTime = new Map<number, number[]>();
const rememberedTimes = 64;

/** Within one millisecond the random part counts up, so ids made by this process for that time stay ordered. */
function nextRandom(time: number): number[] {
  const previous = lastRandomByTime.get(time);
  const next = previous ? increment(previous) : randomDigits();
  lastRandomByTime.delete(time);
  lastRandomByTime.set(time, next);
  if (lastRandomByTime.size > rememberedTimes)
    lastRandomByTime.delete(lastRandomByTime.keys().next().value as number);
  return next;
}

function increment(digits: readonly number[]): number[] {
  const next = [...digits];
  let position = randomLength - 1;
  while (position >= 0 && next[position] === 31) {
    next[position] = 0;
    position -= 1;
  }
  if (position < 0) throw new Error('more than 2^80 ids in one millisecond');
  next[position]! += 1;
  return next;
}

function encodeTime(time: number): string {
  let encoded = '';
  let remaining = time;
  for (let index = 0; index < 10; index += 1) {
    encoded = alphabet[remaining % 32]! + encoded;
    remaining = Math.floor(remaining / 32);
  }
  return encoded;
}

export function newId(kind: IdKind, now: number = Date.now()): string {
  const random = nextRandom(now)
    .map((digit) => alphabet[digit])
    .join('');
  return `${idPrefixes[kind]}_${encodeTime(now)}${random}`;
}

const idPattern = /^[a-z]+_[0-9a-hjkmnp-tv-z]{26}$/;

export function isIdOf(kind: IdKind, value: string): boolean {
  return idPattern.test(value) && value.startsWith(`${idPrefixes[kind]}_`);
}
