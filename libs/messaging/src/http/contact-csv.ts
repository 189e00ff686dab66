import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ValidationError } from '@switchyard/errors';
import { type FastifyInstance } from 'fastify';
import { type ContactImportRow } from '../application/contact.service';

/** Largest CSV upload accepted, in bytes. */
export const CONTACT_CSV_LIMIT_BYTES = 5 * 1024 * 1024;

/** Column names understood as contact attributes, in lower case without separators; any other is a custom field. */
const ATTRIBUTE_COLUMNS: Readonly<
  Record<string, 'phoneNumber' | 'firstName' | 'lastName' | 'tags' | 'timeZone'>
> = {
  phonenumber: 'phoneNumber',
  phone: 'phoneNumber',
  number: 'phoneNumber',
  firstname: 'firstName',
  lastname: 'lastName',
  tags: 'tags',
  timezone: 'timeZone',
};

/** Splits RFC 4180 text into rows of cells: quoted cells may hold commas, line breaks and doubled quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    if (quoted) {
      if (char === '"' && text.charAt(index + 1) === '"') {
        cell += '"';
        index++;
      } else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"' && cell === '') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text.charAt(index + 1) === '\n') index++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((cells) => cells.some((value) => value.trim() !== ''));
}

/**
 * Reads contacts from CSV with a header row. Known columns (phoneNumber, firstName, lastName, tags separated by
 * `;`, timeZone) become attributes, every other column a custom field; empty cells are left out.
 */
export function contactRowsFromCsv(text: string): ContactImportRow[] {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  const columns = (header ?? []).map((name) => name.trim());
  const attributes = columns.map((name) => ATTRIBUTE_COLUMNS[name.toLowerCase().replace(/[\s_-]/g, '')]);
  if (!attributes.includes('phoneNumber')) {
    throw new ValidationError([
      {
        field: 'body',
        code: 'missing_phone_number_column',
        message: 'The header needs a phoneNumber column.',
      },
    ]);
  }
  return rows.map((cells, index) => {
    const row: { -readonly [Key in keyof ContactImportRow]: ContactImportRow[Key] } = { line: index + 2 };
    const fields: Record<string, string> = {};
    columns.forEach((name, column) => {
      const value = cells[column]?.trim() ?? '';
      if (value === '') return;
      const attribute = attributes[column];
      if (attribute === 'tags')
        row.tags = value.split(';').flatMap((tag) => (tag.trim() ? [tag.trim()] : []));
      else if (attribute) row[attribute] = value;
      else fields[name] = value;
    });
    if (Object.keys(fields).length > 0) row.fields = fields;
    return row;
  });
}

/** Lets Fastify accept `text/csv` bodies, as a string, for the contact import. */
@Injectable()
export class ContactCsvParser implements OnModuleInit {
  constructor(@Inject(HttpAdapterHost) private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    // Another module may accept CSV too; one string parser serves both.
    if (fastify.hasContentTypeParser('text/csv')) return;
    fastify.addContentTypeParser(
      'text/csv',
      { parseAs: 'string', bodyLimit: CONTACT_CSV_LIMIT_BYTES },
      (_request, body, done) => done(null, body),
    );
  }
}
