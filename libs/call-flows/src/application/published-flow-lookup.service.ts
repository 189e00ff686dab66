import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, TtlCache } from '@switchyard/contracts';
import { type BusinessHoursSchedule } from '../domain/business-hours';
import { type FlowDocument } from '../domain/flow-model';
import { referencedIds } from '../domain/flow-validator';
import { BusinessHoursRepository } from '../infrastructure/business-hours.repository';
import { FlowRepository, type FlowVersionRecord } from '../infrastructure/flow.repository';
import { NUMBER_FLOW_BINDING, type NumberFlowBinding } from './call-flows.ports';

/** A published version ready to execute, with the schedules its schedule nodes check. */
export interface PublishedFlow {
  readonly accountId: string;
  readonly flowId: string;
  readonly versionId: string;
  readonly versionNumber: number;
  readonly document: FlowDocument;
  /** As they are now, by id; a schedule that no longer exists is left out, and the executor treats it as closed. */
  readonly schedules: Readonly<Record<string, BusinessHoursSchedule>>;
}

/**
 * How long a process may keep using what another process changed: a flow's current version (publish, rollback),
 * a schedule, or a number's flow. Changes made in this process are seen at once.
 */
export const PUBLISHED_FLOW_TTL_MS = 5_000;
/** Versions never change, so they stay cached until pushed out by newer ones. */
const cachedVersionLimit = 1_000;

interface CachedVersion {
  readonly record: FlowVersionRecord;
  readonly scheduleIds: readonly string[];
}

const key = (...parts: string[]): string => parts.join('/');

/** Finds the version a call runs, from in-process caches; the hot path of every inbound call. */
@Injectable()
export class PublishedFlowLookup {
  private readonly versions: TtlCache<CachedVersion | null>;
  private readonly currentVersionIds: TtlCache<string | null>;
  private readonly schedules: TtlCache<BusinessHoursSchedule | null>;
  private readonly numberFlowIds: TtlCache<string | null>;

  constructor(
    @Inject(FlowRepository) private readonly flows: FlowRepository,
    @Inject(BusinessHoursRepository) private readonly scheduleRepository: BusinessHoursRepository,
    @Inject(NUMBER_FLOW_BINDING) private readonly numbers: NumberFlowBinding,
    @Inject(CLOCK) clock: Clock,
  ) {
    this.versions = new TtlCache(Number.POSITIVE_INFINITY, clock, cachedVersionLimit);
    this.currentVersionIds = new TtlCache(PUBLISHED_FLOW_TTL_MS, clock);
    this.schedules = new TtlCache(PUBLISHED_FLOW_TTL_MS, clock);
    this.numberFlowIds = new TtlCache(PUBLISHED_FLOW_TTL_MS, clock);
  }

  /** The current version of the flow a number hands its calls to; null without one. */
  async forNumber(accountId: string, numberId: string): Promise<PublishedFlow | null> {
    const flowId = await this.numberFlowIds.getOrLoad(key(accountId, numberId), () =>
      this.numbers.voiceFlowOf(accountId, numberId),
    );
    return flowId === null ? null : this.forFlow(accountId, flowId);
  }

  /** The flow's current version; null for an unknown flow or one never published. */
  async forFlow(accountId: string, flowId: string): Promise<PublishedFlow | null> {
    const versionId = await this.currentVersionIds.getOrLoad(key(accountId, flowId), () =>
      this.flows.currentVersionId(accountId, flowId),
    );
    return versionId === null ? null : this.forVersion(accountId, flowId, versionId);
  }

  async forVersion(accountId: string, flowId: string, versionId: string): Promise<PublishedFlow | null> {
    const version = await this.versions.getOrLoad(key(accountId, flowId, versionId), async () => {
      const record = await this.flows.findVersion(accountId, flowId, versionId);
      return record && { record, scheduleIds: referencedIds(record.document).schedules };
    });
    if (!version) return null;
    const { record } = version;
    return {
      accountId,
      flowId,
      versionId,
      versionNumber: record.number,
      document: record.document,
      schedules: await this.schedulesNamed(accountId, version.scheduleIds),
    };
  }

  async schedulesNamed(
    accountId: string,
    scheduleIds: readonly string[],
  ): Promise<Readonly<Record<string, BusinessHoursSchedule>>> {
    const found = await Promise.all(
      scheduleIds.map((scheduleId) =>
        this.schedules.getOrLoad(key(accountId, scheduleId), () =>
          this.scheduleRepository.find(accountId, scheduleId),
        ),
      ),
    );
    const schedules: Record<string, BusinessHoursSchedule> = {};
    scheduleIds.forEach((scheduleId, index) => {
      const schedule = found[index];
      if (schedule) schedules[scheduleId] = schedule;
    });
    return schedules;
  }

  /** After a publish, rollback or delete in this process. */
  forgetFlow(accountId: string, flowId: string): void {
    this.currentVersionIds.delete(key(accountId, flowId));
  }

  /** After a schedule changed or was deleted in this process. */
  forgetSchedule(accountId: string, scheduleId: string): void {
    this.schedules.delete(key(accountId, scheduleId));
  }
}
