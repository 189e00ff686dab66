/** A small deterministic PRNG (mulberry32) seeded from text, so equal searches draw equal numbers. */
export class SeededRandom {
  private state: number;

  constructor(seed: string) {
    this.state = fnv1a(seed);
  }

  /** An integer in [0, maxExclusive). */
  nextInt(maxExclusive: number): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    const unit = ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
    return Math.floor(unit * maxExclusive);
  }

  nextDigit(): string {
    return String(this.nextInt(10));
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.nextInt(items.length)];
    if (item === undefined) throw new RangeError('Cannot pick from an empty list');
    return item;
  }
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
