import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { NotFoundError, ValidationError } from '@switchyard/errors';
import { type PageRequest } from '@switchyard/http';
import { Database } from '@switchyard/prisma';
import {
  type BusinessHoursSchedule,
  explain,
  nextTransition,
  type ScheduleExplanation,
} from '../domain/business-hours';
import { validateSchedule } from '../domain/business-hours-validator';
import {
  type BusinessHoursRecord,
  BusinessHoursRepository,
  type ScheduleHours,
} from '../infrastructure/business-hours.repository';
import { FlowRepository } from '../infrastructure/flow.repository';
import { BusinessHoursInUseError } from './call-flows.errors';
import { fieldOfPointer, parseInstantField } from './field-errors';
import { PublishedFlowLookup } from './published-flow-lookup.service';

/** A schedule's hours as received: unchecked until `validateSchedule` has seen them. */
export interface HoursInput {
  readonly name?: unknown;
  readonly timeZone?: unknown;
  readonly weekly?: unknown;
  readonly exceptions?: unknown;
}

export interface OverrideInput {
  readonly state: 'open' | 'closed';
  /** ISO 8601 instant; without it the override lasts until removed. */
  readonly until?: string;
}

export interface ScheduleStatus {
  readonly schedule: BusinessHoursRecord;
  readonly at: Date;
  readonly explanation: ScheduleExplanation;
  readonly nextTransition: Date | null;
}

/** Rejects a schedule with one field error per problem `validateSchedule` finds, under the domain's codes. */
function requireValid(
  schedule: Readonly<Record<string, unknown>>,
  fieldOf = fieldOfPointer,
): BusinessHoursSchedule {
  const result = validateSchedule(schedule);
  if (result.valid) return result.schedule;
  throw new ValidationError(
    result.errors.map(({ path, code, message }) => ({ field: fieldOf(path), code, message })),
    'The schedule is not valid.',
  );
}

function hoursOf({ name, timeZone, weekly, exceptions }: BusinessHoursSchedule): ScheduleHours {
  return { name, timeZone, weekly, exceptions: exceptions ?? [] };
}

const withoutUndefined = (input: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));

@Injectable()
export class BusinessHoursService {
  constructor(
    @Inject(BusinessHoursRepository) private readonly schedules: BusinessHoursRepository,
    @Inject(FlowRepository) private readonly flows: FlowRepository,
    @Inject(PublishedFlowLookup) private readonly lookup: PublishedFlowLookup,
    @Inject(Database) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(principal: Principal, page: PageRequest) {
    return this.schedules.list(principal.accountId, page);
  }

  async get(principal: Principal, scheduleId: string): Promise<BusinessHoursRecord> {
    const schedule = await this.schedules.find(principal.accountId, scheduleId);
    if (!schedule) throw new NotFoundError('business_hours', scheduleId);
    return schedule;
  }

  async create(principal: Principal, input: HoursInput): Promise<BusinessHoursRecord> {
    const hours = hoursOf(requireValid(withoutUndefined(input)));
    const now = this.clock.now();
    return this.schedules.create({
      id: newId('schedule', now.getTime()),
      accountId: principal.accountId,
      hours,
      createdAt: now,
    });
  }

  /** Fields left out keep their value; the override is changed only through its own endpoints. */
  async update(principal: Principal, scheduleId: string, changes: HoursInput): Promise<BusinessHoursRecord> {
    const current = await this.get(principal, scheduleId);
    const hours = hoursOf(requireValid({ ...hoursOf(current), ...withoutUndefined(changes) }));
    await this.schedules.updateHours(principal.accountId, scheduleId, hours);
    this.lookup.forgetSchedule(principal.accountId, scheduleId);
    return this.get(principal, scheduleId);
  }

  /** Refused while a published flow checks the schedule: its calls would silently take the closed branch. */
  async delete(principal: Principal, scheduleId: string): Promise<void> {
    await this.database.transaction(async () => {
      await this.get(principal, scheduleId);
      const flows = await this.flows.flowsRunningSchedule(principal.accountId, scheduleId);
      if (flows.length > 0) throw new BusinessHoursInUseError(flows);
      await this.schedules.delete(principal.accountId, scheduleId);
    });
    this.lookup.forgetSchedule(principal.accountId, scheduleId);
  }

  async status(principal: Principal, scheduleId: string, at?: string): Promise<ScheduleStatus> {
    const schedule = await this.get(principal, scheduleId);
    const instant = at === undefined ? this.clock.now() : parseInstantField('at', at);
    return {
      schedule,
      at: instant,
      explanation: explain(schedule, instant),
      nextTransition: nextTransition(schedule, instant),
    };
  }

  async setOverride(
    principal: Principal,
    scheduleId: string,
    input: OverrideInput,
  ): Promise<BusinessHoursRecord> {
    const current = await this.get(principal, scheduleId);
    const override = { status: input.state, until: input.until ?? null };
    // The stored hours are valid, so only the override can be at fault; its fields are the request's.
    requireValid({ ...hoursOf(current), override }, (path) =>
      fieldOfPointer(path.replace(/^\/override/, '')),
    );
    const until = input.until === undefined ? null : parseInstantField('until', input.until);
    if (until !== null && until <= this.clock.now()) {
      throw new ValidationError([
        { field: 'until', code: 'until_in_past', message: 'until must be in the future.' },
      ]);
    }
    await this.schedules.setOverride(principal.accountId, scheduleId, { status: input.state, until });
    this.lookup.forgetSchedule(principal.accountId, scheduleId);
    return this.get(principal, scheduleId);
  }

  async clearOverride(principal: Principal, scheduleId: string): Promise<BusinessHoursRecord> {
    await this.get(principal, scheduleId);
    await this.schedules.setOverride(principal.accountId, scheduleId, null);
    this.lookup.forgetSchedule(principal.accountId, scheduleId);
    return this.get(principal, scheduleId);
  }
}
