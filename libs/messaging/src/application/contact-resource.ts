import { type MergeValues } from '../domain';
import { type ContactRecord } from '../infrastructure/contact.repository';

/** A contact as the REST API shows it. */
export function contactResource(contact: ContactRecord) {
  return {
    id: contact.id,
    object: 'contact' as const,
    phoneNumber: contact.phoneNumber,
    firstName: contact.firstName,
    lastName: contact.lastName,
    tags: [...contact.tags],
    fields: { ...contact.fields },
    timeZone: contact.timeZone,
    createdAt: contact.createdAt.toISOString(),
    updatedAt: contact.updatedAt.toISOString(),
  };
}

export type ContactResource = ReturnType<typeof contactResource>;

/** What a template can merge for a contact: `{{firstName}}`, `{{lastName}}`, `{{phoneNumber}}`, `{{fields.x}}`. */
export function contactMergeValues(contact: ContactRecord): MergeValues {
  return {
    firstName: contact.firstName,
    lastName: contact.lastName,
    phoneNumber: contact.phoneNumber,
    fields: contact.fields,
  };
}
