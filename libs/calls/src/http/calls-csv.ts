import { type CsvColumn, guardFormula, toCsv } from '@switchyard/http';
import { callDurations } from '../domain';
import { type CallRow } from '../infrastructure/call.repository';

/** A presented caller may be any text from a SIP header; E.164 numbers stay as they are. */
const party = (value: string) => (/^\+\d+$/.test(value) ? value : guardFormula(value));
const iso = (time: Date | null) => time?.toISOString() ?? '';
const count = (value: number | null) => (value === null ? '' : String(value));

const columns: readonly CsvColumn<CallRow>[] = [
  ['id', (call) => call.id],
  ['direction', (call) => call.direction],
  ['from', (call) => party(call.from)],
  ['to', (call) => party(call.to)],
  ['phoneNumber', (call) => call.phoneNumber ?? ''],
  ['userId', (call) => call.userId ?? ''],
  ['deviceId', (call) => call.deviceId ?? ''],
  ['status', (call) => call.status],
  ['sipStatus', (call) => count(call.sipStatus)],
  ['blockedReason', (call) => call.blockedReason ?? ''],
  ['hangupSource', (call) => call.hangupSource ?? ''],
  ['startedAt', (call) => call.startedAt.toISOString()],
  ['answeredAt', (call) => iso(call.answeredAt)],
  ['endedAt', (call) => iso(call.endedAt)],
  ['totalSeconds', (call) => count(callDurations(call).totalSeconds)],
  ['billableSeconds', (call) => count(callDurations(call).billableSeconds)],
];

/** RFC 4180 CSV with a header row, one line per call (legs are in the JSON only). */
export function callsCsv(calls: AsyncIterable<CallRow>): Promise<string> {
  return toCsv(columns, calls);
}
