import { EmptySenderPoolError } from './messaging.errors';

/** Where campaign messages come from: one number, or a pool shared out among recipients. */
export type CampaignSender =
  | { readonly type: 'number'; readonly phoneNumber: string }
  | { readonly type: 'pool'; readonly phoneNumbers: readonly string[] };

/** The number a recipient hears from; always the same one for the same recipient. */
export function chooseSender(sender: CampaignSender, recipient: string): string {
  return sender.type === 'number' ? sender.phoneNumber : stickySender(sender.phoneNumbers, recipient);
}

/**
 * Picks a pool member by rendezvous hashing: each member scores the recipient and the highest score wins.
 * The choice does not depend on the pool's order, adding a member moves only the recipients it now wins,
 * and removing one moves only the recipients it had.
 */
export function stickySender(pool: readonly string[], recipient: string): string {
  let best: { member: string; score: number } | undefined;
  for (const member of pool) {
    const score = hash32(`${member}\u0000${recipient}`);
    if (!best || score > best.score || (score === best.score && member < best.member))
      best = { member, score };
  }
  if (!best) throw new EmptySenderPoolError();
  return best.member;
}

/** FNV-1a over UTF-16 code units, then MurmurHash3's finalizer so that similar numbers score far apart. */
function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash = Math.imul(hash ^ text.charCodeAt(index), 0x01000193);
  }
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}
