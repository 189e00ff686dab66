import { newId } from '@switchyard/contracts';
import { Database } from '@switchyard/prisma';
import { type OpenApiDocument, openApiMismatches } from '@switchyard/testing';
import { expect } from 'vitest';
import { type TestApi } from './api-test-harness';

/** Monday 2026-11-23, 10:00 in New York: inside office hours. */
export const mondayMorning = '2026-11-23T15:00:00.000Z';
/** Thanksgiving 2026, a closed exception of the office hours, at 10:00 in New York. */
export const thanksgivingMorning = '2026-11-26T15:00:00.000Z';

export const officeHours = {
  name: 'Head office',
  timeZone: 'America/New_York',
  weekly: (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({
    day,
    start: '09:00',
    end: '17:00',
  })),
  exceptions: [
    {
      name: 'Thanksgiving',
      dates: { type: 'date', date: '2026-11-26' },
      status: 'closed',
      destinationKey: 'holiday',
    },
  ],
};

/** A voicemail box of the account, written straight to the database, for flows to refer to. */
export async function createVoicemailBox(api: TestApi, accountId: string): Promise<string> {
  const box = await api.app.get(Database).root.voicemailBox.create({
    data: {
      id: newId('voicemailBox'),
      accountId,
      name: 'Main',
      maxMessageSeconds: 120,
      createdAt: new Date(),
    },
  });
  return box.id;
}

/** Schedule → menu → ring group → voicemail: what a small office starts with. */
export function receptionFlow(scheduleId: string, salesUserIds: readonly string[], boxId: string) {
  return {
    startNodeId: 'hours',
    nodes: [
      { id: 'hours', kind: 'schedule', scheduleId, exits: { open: 'menu', closed: 'voicemail' } },
      {
        id: 'menu',
        kind: 'menu',
        prompt: { type: 'tts', text: 'Press 1 for sales.' },
        timeoutSeconds: 5,
        interDigitTimeoutSeconds: 3,
        maxDigits: 1,
        maxRetries: 1,
        options: { '1': 'Sales' },
        directDial: false,
        exits: { 'digit:1': 'sales', timeout: 'voicemail', invalid: 'voicemail' },
      },
      {
        id: 'sales',
        kind: 'ring',
        targets: salesUserIds.map((id) => ({ type: 'user', id })),
        strategy: 'simultaneous',
        ringTimeoutSeconds: 20,
        exits: { answered: null, no_answer: 'voicemail', busy: 'voicemail' },
      },
      { id: 'voicemail', kind: 'voicemail', boxId, exits: { done: null } },
    ],
  };
}

export interface Exchange {
  readonly method: string;
  /** As the document names it, e.g. `/v1/flows/{id}`. */
  readonly route: string;
  readonly response: { status: number; body: unknown; headers: Record<string, unknown> };
}

/** Every answer matches what the OpenAPI document says of its route and status. */
export async function expectDocumentedAnswers(api: TestApi, exchanges: readonly Exchange[]): Promise<void> {
  const document = (await api.request('GET', '/openapi.json')).body as OpenApiDocument;
  for (const { method, route, response } of exchanges) {
    const contentType = String(response.headers['content-type'] ?? 'application/json').split(';')[0]!;
    expect(
      openApiMismatches(document, method, route, response.status, response.body, contentType),
      `${method} ${route} → ${response.status}`,
    ).toEqual([]);
  }
}

/** One play node: the smallest flow that uses an audio file. */
export function playAudioFlow(audioId: string) {
  return {
    startNodeId: 'greeting',
    nodes: [
      { id: 'greeting', kind: 'play', prompt: { type: 'audio', audioId }, exits: { next: 'bye' } },
      { id: 'bye', kind: 'hangup', exits: {} },
    ],
  };
}
