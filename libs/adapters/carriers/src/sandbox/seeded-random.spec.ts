import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random';

describe('SeededRandom', () => {
  const draw = (seed: string) => {
    const random = new SeededRandom(seed);
    return Array.from({ length: 50 }, () => random.nextInt(1000));
  };

  it('repeats the same sequence for the same seed', () => {
    expect(draw('US|local|415')).toEqual(draw('US|local|415'));
  });

  it('draws a different sequence for another seed', () => {
    expect(draw('US|local|415')).not.toEqual(draw('US|local|212'));
  });

  it('stays within bounds and covers every digit', () => {
    const random = new SeededRandom('digits');
    const digits = new Set(Array.from({ length: 500 }, () => random.nextDigit()));
    expect([...digits].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });
});
