import { Inject, Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { Database, type FlowModel, type FlowVersionModel, type Prisma } from '@switchyard/prisma';
import { type FlowDocument } from '../domain/flow-model';

export interface FlowRecord {
  readonly id: string;
  readonly accountId: string;
  readonly name: string;
  readonly description: string | null;
  /** Work in progress: any JSON object, valid or not. */
  readonly draft: Readonly<Record<string, unknown>>;
  readonly currentVersionId: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface FlowVersionRecord {
  readonly id: string;
  readonly accountId: string;
  readonly flowId: string;
  readonly number: number;
  readonly document: FlowDocument;
  readonly createdAt: Date;
}

function toFlow({ lastVersionNumber: _lastVersionNumber, draft, ...columns }: FlowModel): FlowRecord {
  return { ...columns, draft: draft as Record<string, unknown> };
}

function toVersion({ document, ...columns }: FlowVersionModel): FlowVersionRecord {
  // Only documents that passed validateFlow are published.
  return { ...columns, document: document as unknown as FlowDocument };
}

const asJson = (value: object) => value as Prisma.InputJsonObject;

@Injectable()
export class FlowRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async find(accountId: string, flowId: string): Promise<FlowRecord | null> {
    const row = await this.database.client.flow.findFirst({ where: { id: flowId, accountId } });
    return row ? toFlow(row) : null;
  }

  async exists(accountId: string, flowId: string): Promise<boolean> {
    return (await this.database.client.flow.count({ where: { id: flowId, accountId } })) > 0;
  }

  async list(accountId: string, page: PageRequest): Promise<Page<FlowRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.flow.findMany({ ...rest, where: { ...where, accountId } });
    return pageFromRows(rows.map(toFlow), page);
  }

  async create(flow: Omit<FlowRecord, 'currentVersionId' | 'updatedAt'>): Promise<FlowRecord> {
    return toFlow(await this.database.client.flow.create({ data: { ...flow, draft: asJson(flow.draft) } }));
  }

  async update(
    accountId: string,
    flowId: string,
    changes: Partial<Pick<FlowRecord, 'name' | 'description' | 'draft'>>,
  ): Promise<void> {
    const { draft, ...rest } = changes;
    await this.database.client.flow.updateMany({
      where: { id: flowId, accountId },
      data: { ...rest, ...(draft !== undefined && { draft: asJson(draft) }) },
    });
  }

  async delete(accountId: string, flowId: string): Promise<void> {
    await this.database.client.flow.deleteMany({ where: { id: flowId, accountId } });
  }

  /**
   * Takes the next version number and returns it with the draft as it is now. The row stays locked until the
   * transaction ends, so concurrent publishes of one flow take turns and the draft cannot change meanwhile.
   */
  async claimNextVersion(
    accountId: string,
    flowId: string,
  ): Promise<{ number: number; draft: Readonly<Record<string, unknown>> } | null> {
    const claimed = await this.database.client.flow.updateManyAndReturn({
      where: { id: flowId, accountId },
      data: { lastVersionNumber: { increment: 1 } },
      select: { lastVersionNumber: true, draft: true },
    });
    const [row] = claimed;
    return row ? { number: row.lastVersionNumber, draft: row.draft as Record<string, unknown> } : null;
  }

  async createVersion(version: FlowVersionRecord): Promise<FlowVersionRecord> {
    const row = await this.database.client.flowVersion.create({
      data: { ...version, document: asJson(version.document) },
    });
    return toVersion(row);
  }

  async setCurrentVersion(accountId: string, flowId: string, versionId: string): Promise<void> {
    await this.database.client.flow.updateMany({
      where: { id: flowId, accountId },
      data: { currentVersionId: versionId },
    });
  }

  async currentVersionId(accountId: string, flowId: string): Promise<string | null> {
    const row = await this.database.client.flow.findFirst({
      where: { id: flowId, accountId },
      select: { currentVersionId: true },
    });
    return row?.currentVersionId ?? null;
  }

  async findVersion(accountId: string, flowId: string, versionId: string): Promise<FlowVersionRecord | null> {
    const row = await this.database.client.flowVersion.findFirst({
      where: { id: versionId, flowId, accountId },
    });
    return row ? toVersion(row) : null;
  }

  async listVersions(accountId: string, flowId: string, page: PageRequest): Promise<Page<FlowVersionRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.flowVersion.findMany({
      ...rest,
      where: { ...where, accountId, flowId },
    });
    return pageFromRows(rows.map(toVersion), page);
  }

  /** Flows whose current version has a schedule node checking the schedule. */
  async flowsRunningSchedule(accountId: string, scheduleId: string): Promise<{ id: string; name: string }[]> {
    const versions = await this.database.client.flowVersion.findMany({
      where: { accountId, document: { path: ['nodes'], array_contains: [{ kind: 'schedule', scheduleId }] } },
      select: { id: true },
    });
    if (versions.length === 0) return [];
    return this.database.client.flow.findMany({
      where: { accountId, currentVersionId: { in: versions.map((version) => version.id) } },
      select: { id: true, name: true },
      orderBy: { id: 'asc' },
    });
  }
}
