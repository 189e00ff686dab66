import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, STORAGE, type StoragePort } from '@switchyard/contracts';
import { type Page, type PageRequest } from '@switchyard/http';
import { type VoicemailStatus } from '../domain';
import {
  type VoicemailFilter,
  type VoicemailRecord,
  VoicemailRepository,
} from '../infrastructure/voicemail.repository';
import { VoicemailNotFoundError } from './voicemail.errors';
import { VoicemailVisibility } from './voicemail-visibility';

/**
 * Reading, marking and deleting the voicemails callers left, and serving their audio. An agent's voicemails outside
 * their view answer as missing.
 */
@Injectable()
export class VoicemailService {
  constructor(
    @Inject(VoicemailRepository) private readonly voicemails: VoicemailRepository,
    @Inject(VoicemailVisibility) private readonly visibility: VoicemailVisibility,
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(
    principal: Principal,
    page: PageRequest,
    filter: VoicemailFilter,
  ): Promise<Page<VoicemailRecord>> {
    const visible = { ...filter, ...(await this.visibility.of(principal)) };
    return this.voicemails.list(principal.accountId, page, visible);
  }

  async get(principal: Principal, voicemailId: string): Promise<VoicemailRecord> {
    const visibility = await this.visibility.of(principal);
    const voicemail = await this.voicemails.find(principal.accountId, voicemailId, visibility);
    if (!voicemail) throw new VoicemailNotFoundError(voicemailId);
    return voicemail;
  }

  async setStatus(
    principal: Principal,
    voicemailId: string,
    status: VoicemailStatus,
  ): Promise<VoicemailRecord> {
    await this.get(principal, voicemailId);
    await this.voicemails.setStatus(principal.accountId, voicemailId, status, this.clock.now());
    return this.get(principal, voicemailId);
  }

  /** The row goes first, so a failure to remove the file leaves an unreachable file rather than a broken voicemail. */
  async delete(principal: Principal, voicemailId: string): Promise<void> {
    const voicemail = await this.get(principal, voicemailId);
    await this.voicemails.delete(principal.accountId, voicemailId);
    await this.storage.delete(voicemail.storageKey);
  }

  async audio(principal: Principal, voicemailId: string): Promise<Uint8Array> {
    const voicemail = await this.get(principal, voicemailId);
    const content = await this.storage.get(voicemail.storageKey);
    if (!content) throw new VoicemailNotFoundError(voicemailId);
    return content;
  }
}
