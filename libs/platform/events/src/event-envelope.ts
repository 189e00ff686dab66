import { type EventData, type EventEnvelope, type EventType } from '@switchyard/contracts';

/** An event as stored: the envelope's fields with a Date, before it is turned into JSON. */
export interface EventRecord {
  readonly id: string;
  readonly accountId: string;
  readonly type: string;
  readonly apiVersion: string;
  readonly data: unknown;
  readonly createdAt: Date;
}

export function eventEnvelope(record: EventRecord): EventEnvelope {
  return {
    id: record.id,
    object: 'event',
    type: record.type as EventType,
    apiVersion: record.apiVersion,
    accountId: record.accountId,
    createdAt: record.createdAt.toISOString(),
    data: record.data as EventData,
  };
}
