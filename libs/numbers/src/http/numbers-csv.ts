import { type CsvColumn, guardFormula, toCsv } from '@switchyard/http';
import { type PhoneNumberRecord } from '../infrastructure/phone-number.repository';

const columns: readonly CsvColumn<PhoneNumberRecord>[] = [
  ['id', (number) => number.id],
  ['phoneNumber', (number) => number.phoneNumber],
  ['country', (number) => number.country],
  ['type', (number) => number.type],
  ['region', (number) => number.region],
  ['status', (number) => number.status],
  ['friendlyName', (number) => guardFormula(number.friendlyName ?? '')],
  ['description', (number) => guardFormula(number.description ?? '')],
  ['tags', (number) => guardFormula(number.tags.join(';'))],
  ['capabilities', (number) => number.capabilities.join(';')],
  ['monthlyPrice', (number) => String(number.monthlyPriceAmount)],
  ['currency', (number) => number.currency],
  ['sharedUserIds', (number) => number.sharedUserIds.join(';')],
  ['sharedTeamIds', (number) => number.sharedTeamIds.join(';')],
  ['purchasedAt', (number) => number.purchasedAt?.toISOString() ?? ''],
  ['releaseAt', (number) => number.releaseAt?.toISOString() ?? ''],
  ['createdAt', (number) => number.createdAt.toISOString()],
];

/** RFC 4180 CSV with a header row; prices in minor units like the JSON. */
export function numbersCsv(numbers: AsyncIterable<PhoneNumberRecord>): Promise<string> {
  return toCsv(columns, numbers);
}
