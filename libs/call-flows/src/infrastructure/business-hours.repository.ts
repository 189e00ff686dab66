import { Inject, Injectable } from '@nestjs/common';
import { type Page, type PageRequest, idPageArguments, pageFromRows } from '@switchyard/http';
import { type BusinessHoursScheduleModel, Database, type Prisma } from '@switchyard/prisma';
import {
  type BusinessHoursSchedule,
  type ScheduleException,
  type ScheduleOverride,
  type WeeklyPeriod,
} from '../domain/business-hours';

/** A stored schedule; it is itself the domain's schedule, override included. */
export interface BusinessHoursRecord extends BusinessHoursSchedule {
  readonly id: string;
  readonly accountId: string;
  readonly weekly: readonly WeeklyPeriod[];
  readonly exceptions: readonly ScheduleException[];
  readonly override: ScheduleOverride | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type ScheduleHours = Pick<BusinessHoursSchedule, 'name' | 'timeZone' | 'weekly'> & {
  readonly exceptions: readonly ScheduleException[];
};

function toRecord(row: BusinessHoursScheduleModel): BusinessHoursRecord {
  const { overrideState, overrideUntil, weekly, exceptions, ...columns } = row;
  return {
    ...columns,
    // Written only from validated schedules.
    weekly: weekly as unknown as WeeklyPeriod[],
    exceptions: exceptions as unknown as ScheduleException[],
    override:
      overrideState === null ? null : { status: overrideState, until: overrideUntil?.toISOString() ?? null },
  };
}

const asJson = (value: readonly object[]) => value as unknown as Prisma.InputJsonArray;

@Injectable()
export class BusinessHoursRepository {
  constructor(@Inject(Database) private readonly database: Database) {}

  async find(accountId: string, scheduleId: string): Promise<BusinessHoursRecord | null> {
    const row = await this.database.client.businessHoursSchedule.findFirst({
      where: { id: scheduleId, accountId },
    });
    return row ? toRecord(row) : null;
  }

  async findMany(accountId: string, scheduleIds: readonly string[]): Promise<BusinessHoursRecord[]> {
    if (scheduleIds.length === 0) return [];
    const rows = await this.database.client.businessHoursSchedule.findMany({
      where: { accountId, id: { in: [...scheduleIds] } },
    });
    return rows.map(toRecord);
  }

  async existingIds(accountId: string, scheduleIds: readonly string[]): Promise<ReadonlySet<string>> {
    if (scheduleIds.length === 0) return new Set();
    const rows = await this.database.client.businessHoursSchedule.findMany({
      where: { accountId, id: { in: [...scheduleIds] } },
      select: { id: true },
    });
    return new Set(rows.map((row) => row.id));
  }

  async list(accountId: string, page: PageRequest): Promise<Page<BusinessHoursRecord>> {
    const { where, ...rest } = idPageArguments(page);
    const rows = await this.database.client.businessHoursSchedule.findMany({
      ...rest,
      where: { ...where, accountId },
    });
    return pageFromRows(rows.map(toRecord), page);
  }

  async create(schedule: {
    id: string;
    accountId: string;
    hours: ScheduleHours;
    createdAt: Date;
  }): Promise<BusinessHoursRecord> {
    const { hours } = schedule;
    const row = await this.database.client.businessHoursSchedule.create({
      data: {
        id: schedule.id,
        accountId: schedule.accountId,
        name: hours.name,
        timeZone: hours.timeZone,
        weekly: asJson(hours.weekly),
        exceptions: asJson(hours.exceptions),
        createdAt: schedule.createdAt,
      },
    });
    return toRecord(row);
  }

  async updateHours(accountId: string, scheduleId: string, hours: ScheduleHours): Promise<void> {
    await this.database.client.businessHoursSchedule.updateMany({
      where: { id: scheduleId, accountId },
      data: {
        name: hours.name,
        timeZone: hours.timeZone,
        weekly: asJson(hours.weekly),
        exceptions: asJson(hours.exceptions),
      },
    });
  }

  async setOverride(
    accountId: string,
    scheduleId: string,
    override: { status: 'open' | 'closed'; until: Date | null } | null,
  ): Promise<void> {
    await this.database.client.businessHoursSchedule.updateMany({
      where: { id: scheduleId, accountId },
      data: { overrideState: override?.status ?? null, overrideUntil: override?.until ?? null },
    });
  }

  async delete(accountId: string, scheduleId: string): Promise<void> {
    await this.database.client.businessHoursSchedule.deleteMany({ where: { id: scheduleId, accountId } });
  }
}
