import { Inject, Injectable } from '@nestjs/common';
import { FlowUsages, type Prompt } from '@switchyard/call-flows';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId, STORAGE, type StoragePort } from '@switchyard/contracts';
import { ValidationError } from '@switchyard/errors';
import { type Page, type PageRequest } from '@switchyard/http';
import { Database } from '@switchyard/prisma';
import { checkGreeting, MESSAGE_SECONDS } from '../domain';
import { AudioFileReader } from '../infrastructure/audio-file.reader';
import {
  type VoicemailBoxRecord,
  VoicemailBoxRepository,
  type VoicemailBoxSettingsChange,
} from '../infrastructure/voicemail-box.repository';
import { VoicemailRepository } from '../infrastructure/voicemail.repository';
import {
  GreetingAudioNotFoundError,
  VoicemailBoxInUseError,
  VoicemailBoxNotFoundError,
} from './voicemail.errors';

/** A box's settings as received; name and length are checked by the DTO, the greeting here. */
export interface VoicemailBoxInput {
  readonly name?: string;
  readonly greeting?: unknown;
  readonly maxMessageSeconds?: number;
}

/** Managing an account's voicemail boxes over REST. */
@Injectable()
export class VoicemailBoxService {
  constructor(
    @Inject(VoicemailBoxRepository) private readonly boxes: VoicemailBoxRepository,
    @Inject(VoicemailRepository) private readonly voicemails: VoicemailRepository,
    @Inject(FlowUsages) private readonly flowUsages: FlowUsages,
    @Inject(AudioFileReader) private readonly audioFiles: AudioFileReader,
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(Database) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(principal: Principal, page: PageRequest): Promise<Page<VoicemailBoxRecord>> {
    return this.boxes.list(principal.accountId, page);
  }

  async get(principal: Principal, boxId: string): Promise<VoicemailBoxRecord> {
    const box = await this.boxes.find(principal.accountId, boxId);
    if (!box) throw new VoicemailBoxNotFoundError(boxId);
    return box;
  }

  async create(
    principal: Principal,
    input: VoicemailBoxInput & { name: string },
  ): Promise<VoicemailBoxRecord> {
    const greeting = await this.greetingOf(principal.accountId, input.greeting ?? null);
    const now = this.clock.now();
    return this.boxes.create({
      id: newId('voicemailBox', now.getTime()),
      accountId: principal.accountId,
      name: input.name,
      greeting,
      maxMessageSeconds: input.maxMessageSeconds ?? MESSAGE_SECONDS.default,
      createdAt: now,
      updatedAt: now,
    });
  }

  /** Fields left out keep their value; a null greeting goes back to the default one. */
  async update(principal: Principal, boxId: string, input: VoicemailBoxInput): Promise<VoicemailBoxRecord> {
    await this.get(principal, boxId);
    const changes: VoicemailBoxSettingsChange = {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.maxMessageSeconds !== undefined && { maxMessageSeconds: input.maxMessageSeconds }),
      ...(input.greeting !== undefined && {
        greeting: await this.greetingOf(principal.accountId, input.greeting),
      }),
    };
    await this.boxes.update(principal.accountId, boxId, changes, this.clock.now());
    return this.get(principal, boxId);
  }

  /**
   * Refused while a flow's draft or running version sends callers to the box, as those calls would fail. Its
   * voicemails go with it, audio included.
   */
  async delete(principal: Principal, boxId: string): Promise<void> {
    const { accountId } = principal;
    const storageKeys = await this.database.transaction(async () => {
      if (!(await this.boxes.lock(accountId, boxId, 'update'))) throw new VoicemailBoxNotFoundError(boxId);
      const flowIds = await this.flowUsages.flowsUsing(accountId, boxId);
      if (flowIds.length > 0) throw new VoicemailBoxInUseError(flowIds);
      const keys = await this.voicemails.storageKeysInBox(accountId, boxId);
      await this.boxes.delete(accountId, boxId);
      return keys;
    });
    // After the commit, so a rolled-back deletion never loses audio; a failure here leaves only unreachable files.
    await Promise.all(storageKeys.map((key) => this.storage.delete(key)));
  }

  private async greetingOf(accountId: string, value: unknown): Promise<Prompt | null> {
    const checked = checkGreeting(value);
    if (!checked.valid) throw new ValidationError(checked.errors, 'The greeting is not valid.');
    const { greeting } = checked;
    if (greeting?.type === 'audio' && !(await this.audioFiles.exists(accountId, greeting.audioId))) {
      throw new GreetingAudioNotFoundError(greeting.audioId);
    }
    return greeting;
  }
}
