import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@switchyard/prisma';
import { type FlowReferenceDirectory } from '../application/call-flows.ports';
import { type FlowReferences, type FlowReferenceType } from '../domain/flow-validator';
import { BusinessHoursRepository } from './business-hours.repository';

const ids = (rows: readonly { id: string }[]): ReadonlySet<string> => new Set(rows.map((row) => row.id));

/**
 * Checks flow references against the tables that exist: this context's schedules, and the users, teams and
 * devices of the accounts and devices contexts. Voicemail boxes, audio files and queues have no tables yet, so
 * they are not checked.
 */
@Injectable()
export class DatabaseFlowReferenceDirectory implements FlowReferenceDirectory {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(BusinessHoursRepository) private readonly schedules: BusinessHoursRepository,
  ) {}

  async existing(
    accountId: string,
    referenced: Readonly<Record<FlowReferenceType, readonly string[]>>,
  ): Promise<FlowReferences> {
    const among = (wanted: readonly string[]) => ({ accountId, id: { in: [...wanted] } });
    const client = this.database.client;
    const [schedules, users, teams, devices] = await Promise.all([
      this.schedules.existingIds(accountId, referenced.schedules),
      client.user.findMany({ where: among(referenced.users), select: { id: true } }).then(ids),
      client.team.findMany({ where: among(referenced.teams), select: { id: true } }).then(ids),
      client.device.findMany({ where: among(referenced.devices), select: { id: true } }).then(ids),
    ]);
    return { schedules, users, teams, devices };
  }
}
