import { type PhoneNumberRecord } from '../infrastructure/phone-number.repository';

const columns: readonly [string, (number: PhoneNumberRecord) => string][] = [
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

/** Spreadsheets run cells starting with these as formulas; text people typed is defused with a leading quote. */
function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** RFC 4180 CSV with a header row; prices in minor units like the JSON. */
export async function numbersCsv(numbers: AsyncIterable<PhoneNumberRecord>): Promise<string> {
  const lines = [columns.map(([name]) => name).join(',')];
  for await (const number of numbers) lines.push(columns.map(([, value]) => cell(value(number))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
