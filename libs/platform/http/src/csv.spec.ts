import { describe, expect, it } from 'vitest';
import { guardFormula, toCsv } from './csv';

async function* rows<T>(items: T[]) {
  yield* items;
}

describe('toCsv', () => {
  it('quotes what needs quoting and defuses formulas', async () => {
    const csv = await toCsv<{ name: string }>(
      [['name', (row) => guardFormula(row.name)]],
      rows([{ name: 'plain' }, { name: 'with, comma' }, { name: 'say "hi"' }, { name: '=HYPERLINK("x")' }]),
    );
    expect(csv).toBe('name\r\nplain\r\n"with, comma"\r\n"say ""hi"""\r\n"\'=HYPERLINK(""x"")"\r\n');
  });
});
