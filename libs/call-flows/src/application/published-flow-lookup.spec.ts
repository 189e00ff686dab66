import { fixedClock } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import { type BusinessHoursSchedule } from '../domain/business-hours';
import { type FlowDocument } from '../domain/flow-model';
import {
  type BusinessHoursRecord,
  type BusinessHoursRepository,
} from '../infrastructure/business-hours.repository';
import { type FlowRepository, type FlowVersionRecord } from '../infrastructure/flow.repository';
import { PUBLISHED_FLOW_TTL_MS, PublishedFlowLookup } from './published-flow-lookup.service';

const document: FlowDocument = {
  startNodeId: 'hours',
  nodes: [
    { id: 'hours', kind: 'schedule', scheduleId: 'bh_1', exits: { open: 'bye', closed: 'bye' } },
    { id: 'bye', kind: 'hangup', exits: {} },
  ],
};
const hours: BusinessHoursSchedule = { name: 'Office', timeZone: 'Europe/London', weekly: [] };

/** Repositories over plain maps that count their reads. */
function fixture() {
  const clock = fixedClock('2026-11-23T15:00:00Z');
  const reads = { pointer: 0, version: 0, schedule: 0, number: 0 };
  const current = new Map<string, string>([['acc_1/flow_1', 'flv_1']]);
  const versions = new Map<string, FlowVersionRecord>(
    ['flv_1', 'flv_2'].map((id, index) => [
      id,
      { id, accountId: 'acc_1', flowId: 'flow_1', number: index + 1, document, createdAt: clock.now() },
    ]),
  );
  const schedules = new Map<string, BusinessHoursSchedule>([['acc_1/bh_1', hours]]);
  const flows = {
    currentVersionId: async (accountId: string, flowId: string) => {
      reads.pointer += 1;
      return current.get(`${accountId}/${flowId}`) ?? null;
    },
    findVersion: async (accountId: string, flowId: string, versionId: string) => {
      reads.version += 1;
      const version = versions.get(versionId);
      return version?.accountId === accountId && version.flowId === flowId ? version : null;
    },
  } as unknown as FlowRepository;
  const scheduleRepository = {
    find: async (accountId: string, scheduleId: string) => {
      reads.schedule += 1;
      return (schedules.get(`${accountId}/${scheduleId}`) ?? null) as BusinessHoursRecord | null;
    },
  } as unknown as BusinessHoursRepository;
  const numbers = {
    voiceFlowOf: async (accountId: string, numberId: string) => {
      reads.number += 1;
      return accountId === 'acc_1' && numberId === 'num_1' ? 'flow_1' : null;
    },
  };
  const lookup = new PublishedFlowLookup(flows, scheduleRepository, numbers, clock);
  return { lookup, clock, reads, current, schedules };
}

describe('PublishedFlowLookup', () => {
  it('finds the current version of a flow or of a number, with the schedules it checks', async () => {
    const { lookup } = fixture();
    const expected = {
      accountId: 'acc_1',
      flowId: 'flow_1',
      versionId: 'flv_1',
      versionNumber: 1,
      document,
      schedules: { bh_1: hours },
    };
    expect(await lookup.forFlow('acc_1', 'flow_1')).toEqual(expected);
    expect(await lookup.forNumber('acc_1', 'num_1')).toEqual(expected);
    expect(await lookup.forNumber('acc_1', 'num_unassigned')).toBeNull();
  });

  it("finds nothing of another account's flows or numbers", async () => {
    const { lookup } = fixture();
    expect(await lookup.forFlow('acc_2', 'flow_1')).toBeNull();
    expect(await lookup.forVersion('acc_2', 'flow_1', 'flv_1')).toBeNull();
    expect(await lookup.forNumber('acc_2', 'num_1')).toBeNull();
    expect(await lookup.forFlow('acc_1', 'flow_1')).not.toBeNull();
  });

  it('keeps versions for good, and the current version and schedules for a short while', async () => {
    const { lookup, clock, reads, current, schedules } = fixture();
    await lookup.forFlow('acc_1', 'flow_1');
    current.set('acc_1/flow_1', 'flv_2');
    schedules.set('acc_1/bh_1', { ...hours, name: 'Renamed elsewhere' });
    expect((await lookup.forFlow('acc_1', 'flow_1'))?.versionId).toBe('flv_1');
    expect(reads).toEqual({ pointer: 1, version: 1, schedule: 1, number: 0 });

    clock.advance(PUBLISHED_FLOW_TTL_MS);
    const refreshed = await lookup.forFlow('acc_1', 'flow_1');
    expect(refreshed?.versionId).toBe('flv_2');
    expect(refreshed?.schedules['bh_1']?.name).toBe('Renamed elsewhere');
    current.set('acc_1/flow_1', 'flv_1');
    clock.advance(PUBLISHED_FLOW_TTL_MS);
    await lookup.forFlow('acc_1', 'flow_1');
    expect(reads).toEqual({ pointer: 3, version: 2, schedule: 3, number: 0 });
  });

  it('sees at once what this process changed', async () => {
    const { lookup, current, schedules } = fixture();
    await lookup.forFlow('acc_1', 'flow_1');
    current.set('acc_1/flow_1', 'flv_2');
    lookup.forgetFlow('acc_1', 'flow_1');
    expect((await lookup.forFlow('acc_1', 'flow_1'))?.versionId).toBe('flv_2');

    schedules.delete('acc_1/bh_1');
    lookup.forgetSchedule('acc_1', 'bh_1');
    expect((await lookup.forFlow('acc_1', 'flow_1'))?.schedules).toEqual({});
  });
});
