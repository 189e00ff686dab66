import { Inject, Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database, isUniqueViolation, Prisma } from '@switchyard/prisma';

/** Custom field values a template can merge; a flat object. */
export type ContactFields = Readonly<Record<string, string | number | boolean>>;

export interface ContactRecord {
  readonly id: string;
  readonly accountId: string;
  readonly phoneNumber: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly tags: readonly string[];
  readonly fields: ContactFields;
  readonly timeZone: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type NewContact = Omit<ContactRecord, 'updatedAt'>;
export type ContactChanges = Partial<
  Pick<ContactRecord, 'phoneNumber' | 'firstName' | 'lastName' | 'tags' | 'fields' | 'timeZone'>
>;

export interface ContactFilter {
  /** Only contacts carrying this tag. */
  readonly tag?: string;
  /** Digits the number contains. */
  readonly number?: string;
}

/** Who a campaign goes to: contacts carrying any of the tags, and the contacts listed. */
export interface ContactAudience {
  readonly tags: readonly string[];
  readonly contactIds: readonly string[];
}

/** The outcome of a CSV import: rows are upserted by phone number. */
export interface ContactImportCounts {
  readonly created: number;
  readonly updated: number;
}

const columns = {
  id: true,
  accountId: true,
  phoneNumber: true,
  firstName: true,
  lastName: true,
  tags: true,
  fields: true,
  timeZone: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.ContactSelect;

type ContactRow = Prisma.ContactGetPayload<{ select: typeof columns }>;

function toRecord(row: ContactRow): ContactRecord {
  return { ...row, fields: row.fields as ContactFields };
}

/** A second contact with the same number in the account. */
export class DuplicateContactNumberError extends Error {
  constructor(readonly phoneNumber: string) {
    super(`A contact with number ${phoneNumber} exists already`);
  }
}

@Injectable()
export class ContactRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async insert(contact: NewContact): Promise<ContactRecord> {
    try {
      return toRecord(
        await this.database.client.contact.create({
          data: { ...contact, tags: [...contact.tags], fields: contact.fields },
          select: columns,
        }),
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw new DuplicateContactNumberError(contact.phoneNumber);
      throw error;
    }
  }

  async find(accountId: string, id: string): Promise<ContactRecord | null> {
    const row = await this.database.client.contact.findFirst({ where: { id, accountId }, select: columns });
    return row && toRecord(row);
  }

  async list(accountId: string, page: PageRequest, filter: ContactFilter): Promise<Page<ContactRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.contact.findMany({
      ...rest,
      where: {
        ...where,
        accountId,
        ...(filter.tag !== undefined && { tags: { has: filter.tag } }),
        ...(filter.number !== undefined && { phoneNumber: { contains: filter.number } }),
      },
      select: columns,
    });
    return pageFromRows(rows.map(toRecord), page);
  }

  /** Applies the changes; null when there is no such contact. */
  async update(accountId: string, id: string, changes: ContactChanges): Promise<ContactRecord | null> {
    try {
      const { count } = await this.database.client.contact.updateMany({
        where: { id, accountId },
        data: { ...changes, tags: changes.tags && [...changes.tags] },
      });
      return count === 1 ? this.find(accountId, id) : null;
    } catch (error) {
      if (isUniqueViolation(error) && changes.phoneNumber !== undefined) {
        throw new DuplicateContactNumberError(changes.phoneNumber);
      }
      throw error;
    }
  }

  async delete(accountId: string, id: string): Promise<boolean> {
    const { count } = await this.database.client.contact.deleteMany({ where: { id, accountId } });
    return count === 1;
  }

  /**
   * Creates or updates contacts by number in one statement. An update replaces names and time zone only when the
   * row gives them, adds the tags and merges the fields.
   */
  async upsertMany(contacts: readonly NewContact[]): Promise<ContactImportCounts> {
    if (contacts.length === 0) return { created: 0, updated: 0 };
    const rows = contacts.map(
      (contact) => Prisma.sql`(
        ${contact.id}, ${contact.accountId}, ${contact.phoneNumber}, ${contact.firstName}, ${contact.lastName},
        ${[...contact.tags]}::text[], ${JSON.stringify(contact.fields)}::jsonb, ${contact.timeZone},
        ${contact.createdAt}, ${contact.createdAt}
      )`,
    );
    const results = await this.database.client.$queryRaw<{ created: boolean }[]>`
      INSERT INTO "Contact" ("id", "accountId", "phoneNumber", "firstName", "lastName", "tags", "fields",
        "timeZone", "createdAt", "updatedAt")
      VALUES ${Prisma.join(rows)}
      ON CONFLICT ("accountId", "phoneNumber") DO UPDATE SET
        "firstName" = COALESCE(EXCLUDED."firstName", "Contact"."firstName"),
        "lastName" = COALESCE(EXCLUDED."lastName", "Contact"."lastName"),
        "timeZone" = COALESCE(EXCLUDED."timeZone", "Contact"."timeZone"),
        "tags" = ARRAY(SELECT DISTINCT unnest("Contact"."tags" || EXCLUDED."tags")),
        "fields" = "Contact"."fields" || EXCLUDED."fields",
        "updatedAt" = EXCLUDED."updatedAt"
      RETURNING (xmax = 0) AS "created"`;
    const created = results.filter((row) => row.created).length;
    return { created, updated: results.length - created };
  }

  /** The next contacts of an audience in id order, after `afterId`. */
  async audiencePage(
    accountId: string,
    audience: ContactAudience,
    page: { readonly afterId: string | null; readonly limit: number },
  ): Promise<ContactRecord[]> {
    const rows = await this.database.client.contact.findMany({
      where: {
        accountId,
        ...(page.afterId !== null && { id: { gt: page.afterId } }),
        OR: [{ tags: { hasSome: [...audience.tags] } }, { id: { in: [...audience.contactIds] } }],
      },
      orderBy: { id: 'asc' },
      take: page.limit,
      select: columns,
    });
    return rows.map(toRecord);
  }

  /** The account's contacts among the ids; unknown ids are left out. */
  async findMany(accountId: string, ids: readonly string[]): Promise<ContactRecord[]> {
    const rows = await this.database.client.contact.findMany({
      where: { accountId, id: { in: [...ids] } },
      select: columns,
    });
    return rows.map(toRecord);
  }
}
