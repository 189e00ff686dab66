import { type CsvColumn, guardFormula, toCsv } from '@switchyard/http';
import { type MessageRecord } from '../infrastructure/message.repository';

const columns: readonly CsvColumn<MessageRecord>[] = [
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

/** RFC 4180 CSV with a header row; costs in minor units like the JSON. */
export function messagesCsv(messages: AsyncIterable<MessageRecord>): Promise<string> {
  return toCsv(columns, messages);
}
