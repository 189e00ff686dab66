import { Inject, Injectable } from '@nestjs/common';
import { Database } from '@switchyard/prisma';
import { type FlowReferenceDirectory } from '../application/call-flows.ports';
import { type FlowReferences, type FlowReferenceType } from '../domain/flow-validator';
import { AudioFileRepository } from './audio-file.repository';
import { BusinessHoursRepository } from './business-hours.repository';
import { CallQueueRepository } from './call-queue.repository';

const ids = (rows: readonly { id: string }[]): ReadonlySet<string> => new Set(rows.map((row) => row.id));

/**
 * Checks flow references against this context's schedules, audio files and queues (queues by name), and the
 * users, teams, devices and voicemail boxes of the accounts, devices and voicemail contexts.
 */
@Injectable()
export class DatabaseFlowReferenceDirectory implements FlowReferenceDirectory {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(BusinessHoursRepository) private readonly schedules: BusinessHoursRepository,
    @Inject(AudioFileRepository) private readonly audioFiles: AudioFileRepository,
    @Inject(CallQueueRepository) private readonly queues: CallQueueRepository,
  ) {}

  async existing(
    accountId: string,
    referenced: Readonly<Record<FlowReferenceType, readonly string[]>>,
  ): Promise<FlowReferences> {
    const among = (wanted: readonly string[]) => ({ accountId, id: { in: [...wanted] } });
    const client = this.database.client;
    const [schedules, users, teams, devices, voicemailBoxes, audio, queues] = await Promise.all([
      this.schedules.existingIds(accountId, referenced.schedules),
      client.user.findMany({ where: among(referenced.users), select: { id: true } }).then(ids),
      client.team.findMany({ where: among(referenced.teams), select: { id: true } }).then(ids),
      client.device.findMany({ where: among(referenced.devices), select: { id: true } }).then(ids),
      client.voicemailBox
        .findMany({ where: among(referenced.voicemailBoxes), select: { id: true } })
        .then(ids),
      this.audioFiles.existingIds(accountId, referenced.audio),
      this.queues.existingNames(accountId, referenced.queues),
    ]);
    return { schedules, users, teams, devices, voicemailBoxes, audio, queues };
  }
}
