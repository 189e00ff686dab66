import { type MessageRecord } from '../infrastructure/message.repository';

const columns: readonly [string, (message: MessageRecord) => string][] = [
  ['id', (message) => message.id],
  ['direction', (message) => message.direction],
  ['from', (message) => message.from],
  ['to', (message) => message.to],
  ['status', (message) => message.status],
  ['text', (message) => guardFormula(message.text)],
  ['segments', (message) => String(message.segments)],
  ['cost', (message) => String(message.costAmount)],
  ['currency', (message) => message.currency],
  ['sendAt', (message) => message.sendAt?.toISOString() ?? ''],
  ['sentAt', (message) => message.sentAt?.toISOString() ?? ''],
  ['createdAt', (message) => message.createdAt.toISOString()],
];

/** Spreadsheets run cells starting with these as formulas; text people typed is defused with a leading quote. */
function guardFormula(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

function cell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** RFC 4180 CSV with a header row; costs in minor units like the JSON. */
export async function messagesCsv(messages: AsyncIterable<MessageRecord>): Promise<string> {
  const lines = [columns.map(([name]) => name).join(',')];
  for await (const message of messages)
    lines.push(columns.map(([, value]) => cell(value(message))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
