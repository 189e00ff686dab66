import { ValidationError } from '@switchyard/errors';
import { describe, expect, it } from 'vitest';
import { contactRowsFromCsv, parseCsv } from './contact-csv';

describe('parseCsv', () => {
  it('reads quoted cells with commas, doubled quotes and line breaks, and both line endings', () => {
    expect(parseCsv('a,b\r\n"x, y","say ""hi"""\n"two\nlines",\n')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\nlines', ''],
    ]);
  });

  it('keeps a last row without a line break and drops blank lines', () => {
    expect(parseCsv('a\n\n1\n  \n2')).toEqual([['a'], ['1'], ['2']]);
  });
});

describe('contactRowsFromCsv', () => {
  it('maps known columns to attributes, others to custom fields, and numbers lines from the header', () => {
    const rows = contactRowsFromCsv(
      '\uFEFFPhone Number,first_name,Last-Name,tags,TimeZone,plan\n+14155550101,Ada,,vip; beta ;,UTC,gold\n',
    );
    expect(rows).toEqual([
      {
        line: 2,
        phoneNumber: '+14155550101',
        firstName: 'Ada',
        tags: ['vip', 'beta'],
        timeZone: 'UTC',
        fields: { plan: 'gold' },
      },
    ]);
  });

  it('refuses a file without a phone number column', () => {
    expect(() => contactRowsFromCsv('name\nAda\n')).toThrow(ValidationError);
  });
});
