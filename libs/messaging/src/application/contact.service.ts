import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { DomainError, type FieldError, NotFoundError, ValidationError } from '@switchyard/errors';
import { type Page, type PageRequest } from '@switchyard/http';
import { describePhoneNumber } from '@switchyard/numbers';
import { zoneNamed } from '../domain/zoned-time';
import {
  type ContactChanges,
  type ContactFields,
  type ContactFilter,
  type ContactImportCounts,
  type ContactRecord,
  ContactRepository,
  DuplicateContactNumberError,
  type NewContact,
} from '../infrastructure/contact.repository';

export interface ContactInput {
  readonly phoneNumber?: string;
  readonly firstName?: string | null;
  readonly lastName?: string | null;
  readonly tags?: readonly string[];
  readonly fields?: Readonly<Record<string, unknown>>;
  readonly timeZone?: string | null;
}

/** One row of an import, by its line in the file (the header is line 1). */
export interface ContactImportRow extends ContactInput {
  readonly line: number;
}

export interface ContactImportResult extends ContactImportCounts {
  readonly skipped: readonly { readonly line: number; readonly errors: readonly FieldError[] }[];
}

/** Field names a template can reach as `{{fields.name}}`. */
const FIELD_NAME = /^[A-Za-z_]\w{0,63}$/;
const MAX_FIELDS = 50;
const IMPORT_BATCH = 1_000;

/** The contacts campaigns go to: numbers, names, tags and custom fields, minimal on purpose. */
@Injectable()
export class ContactService {
  constructor(
    @Inject(ContactRepository) private readonly contacts: ContactRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async create(principal: Principal, input: ContactInput & { readonly phoneNumber: string }) {
    const valid = this.validated(input);
    const now = this.clock.now();
    return this.unique(() =>
      this.contacts.insert({
        id: newId('contact', now.getTime()),
        accountId: principal.accountId,
        phoneNumber: valid.phoneNumber ?? input.phoneNumber,
        firstName: valid.firstName ?? null,
        lastName: valid.lastName ?? null,
        tags: valid.tags ?? [],
        fields: valid.fields ?? {},
        timeZone: valid.timeZone ?? null,
        createdAt: now,
      }),
    );
  }

  async get(principal: Principal, id: string): Promise<ContactRecord> {
    const contact = await this.contacts.find(principal.accountId, id);
    if (!contact) throw new NotFoundError('contact', id);
    return contact;
  }

  async list(principal: Principal, page: PageRequest, filter: ContactFilter): Promise<Page<ContactRecord>> {
    return this.contacts.list(principal.accountId, page, filter);
  }

  async update(principal: Principal, id: string, input: ContactInput): Promise<ContactRecord> {
    const changes = this.validated(input);
    const updated = await this.unique(() => this.contacts.update(principal.accountId, id, changes));
    if (!updated) throw new NotFoundError('contact', id);
    return updated;
  }

  async delete(principal: Principal, id: string): Promise<void> {
    if (!(await this.contacts.delete(principal.accountId, id))) throw new NotFoundError('contact', id);
  }

  /** Upserts the valid rows by number and reports the others by line; `tag` is added to every imported row. */
  async import(
    principal: Principal,
    rows: readonly ContactImportRow[],
    tag?: string,
  ): Promise<ContactImportResult> {
    const now = this.clock.now();
    const skipped: { line: number; errors: FieldError[] }[] = [];
    const valid: NewContact[] = [];
    for (const row of rows) {
      if (row.phoneNumber === undefined) {
        skipped.push({
          line: row.line,
          errors: [{ field: 'phoneNumber', code: 'required', message: 'The row has no phone number.' }],
        });
        continue;
      }
      try {
        const contact = this.validated({ ...row, tags: [...(row.tags ?? []), ...(tag ? [tag] : [])] });
        valid.push({
          id: newId('contact', now.getTime()),
          accountId: principal.accountId,
          phoneNumber: contact.phoneNumber!,
          firstName: contact.firstName ?? null,
          lastName: contact.lastName ?? null,
          tags: contact.tags ?? [],
          fields: contact.fields ?? {},
          timeZone: contact.timeZone ?? null,
          createdAt: now,
        });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        skipped.push({ line: row.line, errors: [...error.fieldErrors] });
      }
    }
    // A number twice in one statement would make Postgres refuse the upsert; the later row wins.
    const byNumber = new Map(valid.map((contact) => [contact.phoneNumber, contact]));
    const unique = [...byNumber.values()];
    let created = 0;
    let updated = 0;
    for (let start = 0; start < unique.length; start += IMPORT_BATCH) {
      const counts = await this.contacts.upsertMany(unique.slice(start, start + IMPORT_BATCH));
      created += counts.created;
      updated += counts.updated;
    }
    return { created, updated, skipped };
  }

  /** Normalizes the input (numbers to E.164) or throws a ValidationError naming every bad field. */
  private validated(input: ContactInput): ContactChanges {
    const errors: FieldError[] = [];
    const changes: { -readonly [Key in keyof ContactChanges]: ContactChanges[Key] } = {};
    if (input.phoneNumber !== undefined) {
      const number = describePhoneNumber(input.phoneNumber);
      if (number.valid && number.e164) changes.phoneNumber = number.e164;
      else {
        errors.push({
          field: 'phoneNumber',
          code: 'invalid_phone_number',
          message: 'phoneNumber must be a valid number in E.164 format.',
        });
      }
    }
    if (input.firstName !== undefined) changes.firstName = input.firstName?.trim() || null;
    if (input.lastName !== undefined) changes.lastName = input.lastName?.trim() || null;
    if (input.tags !== undefined) changes.tags = [...new Set(input.tags.map((tag) => tag.trim()))];
    if (input.timeZone !== undefined) {
      if (input.timeZone !== null && !isTimeZone(input.timeZone)) {
        errors.push({
          field: 'timeZone',
          code: 'unknown_time_zone',
          message: `${input.timeZone} is not an IANA time zone.`,
        });
      } else changes.timeZone = input.timeZone;
    }
    if (input.fields !== undefined) {
      const fieldErrors = fieldProblems(input.fields);
      if (fieldErrors.length > 0) errors.push(...fieldErrors);
      else changes.fields = input.fields as ContactFields;
    }
    if (errors.length > 0) throw new ValidationError(errors);
    return changes;
  }

  private async unique<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof DuplicateContactNumberError)) throw error;
      throw new DomainError(
        'conflict',
        'contact_exists',
        `A contact with number ${error.phoneNumber} exists.`,
        {
          fieldErrors: [{ field: 'phoneNumber', code: 'contact_exists', message: error.message }],
        },
      );
    }
  }
}

function isTimeZone(name: string): boolean {
  try {
    zoneNamed(name);
    return true;
  } catch {
    return false;
  }
}

function fieldProblems(fields: Readonly<Record<string, unknown>>): FieldError[] {
  const entries = Object.entries(fields);
  if (entries.length > MAX_FIELDS) {
    return [{ field: 'fields', code: 'too_many_fields', message: `At most ${MAX_FIELDS} custom fields.` }];
  }
  return entries.flatMap(([name, value]) => {
    if (!FIELD_NAME.test(name)) {
      return [
        {
          field: `fields.${name}`,
          code: 'invalid_field_name',
          message: 'Field names start with a letter or _ and hold letters, digits and _ (at most 64).',
        },
      ];
    }
    const scalar = typeof value === 'string' || typeof value === 'boolean' || Number.isFinite(value);
    if (scalar && !(typeof value === 'string' && value.length > 1_000)) return [];
    return [
      {
        field: `fields.${name}`,
        code: 'invalid_field_value',
        message: 'A field value is a string of at most 1000 characters, a number or a boolean.',
      },
    ];
  });
}
