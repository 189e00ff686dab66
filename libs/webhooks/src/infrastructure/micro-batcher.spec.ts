import { describe, expect, it } from 'vitest';
import { accountScopedLoader, MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('runs the calls of one turn as one batch and answers each in order', async () => {
    const batches: number[][] = [];
    const doubler = new MicroBatcher<number, number>(async (inputs) => {
      batches.push([...inputs]);
      return inputs.map((input) => input * 2);
    });
    expect(await Promise.all([1, 2, 3].map((input) => doubler.submit(input)))).toEqual([2, 4, 6]);
    expect(await doubler.submit(4)).toBe(8);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('splits large turns and rejects every call of a failed batch', async () => {
    const sizes: number[] = [];
    const failing = new MicroBatcher<number, number>(async (inputs) => {
      sizes.push(inputs.length);
      throw new Error('database down');
    }, 2);
    const results = await Promise.allSettled([1, 2, 3].map((input) => failing.submit(input)));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(sizes).toEqual([2, 1]);
  });
});

describe('accountScopedLoader', () => {
  it('asks once per account and never answers with another account’s row', async () => {
    const rows = [
      { id: 'we_1', accountId: 'acc_a' },
      { id: 'we_2', accountId: 'acc_b' },
    ];
    const queries: string[] = [];
    const loader = accountScopedLoader(async (accountId, ids) => {
      queries.push(`${accountId}:${ids.join(',')}`);
      return rows.filter((row) => row.accountId === accountId && ids.includes(row.id));
    });
    const [own, foreign, again] = await Promise.all([
      loader.submit({ accountId: 'acc_a', id: 'we_1' }),
      loader.submit({ accountId: 'acc_a', id: 'we_2' }),
      loader.submit({ accountId: 'acc_a', id: 'we_1' }),
    ]);
    expect(own).toEqual(rows[0]);
    expect(again).toEqual(rows[0]);
    expect(foreign).toBeUndefined();
    expect(queries).toEqual(['acc_a:we_1,we_2']);
  });
});
