import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, newId, STORAGE, type StoragePort } from '@switchyard/contracts';
import { EventPublisher } from '@switchyard/events';
import { Database, isUniqueViolation } from '@switchyard/prisma';
import { voicemailStorageKey } from '../domain';
import { VoicemailBoxRepository } from '../infrastructure/voicemail-box.repository';
import { VoicemailRepository } from '../infrastructure/voicemail.repository';
import { VoicemailBoxNotFoundError } from './voicemail.errors';
import { voicemailResource } from './voicemail-resource';

export interface NewVoicemail {
  readonly accountId: string;
  readonly boxId: string;
  readonly callId: string;
  readonly from: string;
  readonly to: string;
  readonly wav: Uint8Array;
  readonly durationMs: number;
}

/** A caller's message, recorded by the sip app, filed into its box. */
@Injectable()
export class VoicemailDeposits {
  constructor(
    @Inject(VoicemailBoxRepository) private readonly boxes: VoicemailBoxRepository,
    @Inject(VoicemailRepository) private readonly voicemails: VoicemailRepository,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(STORAGE) private readonly storage: StoragePort,
    @Inject(Database) private readonly database: Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * Stores the WAV, creates the voicemail and publishes `voicemail.created` in one transaction. Idempotent per call:
   * a second deposit for the same call returns the first voicemail's id and stores nothing. Throws
   * {@link VoicemailBoxNotFoundError} when the box is not (or no longer) in the account.
   */
  async deposit(input: NewVoicemail): Promise<{ voicemailId: string }> {
    const { accountId, boxId, callId } = input;
    const first = await this.voicemails.idOfCall(accountId, callId);
    if (first !== null) return { voicemailId: first };
    if (!(await this.boxes.find(accountId, boxId))) throw new VoicemailBoxNotFoundError(boxId);

    const now = this.clock.now();
    const voicemailId = newId('voicemail', now.getTime());
    const stored = await this.storage.put(
      voicemailStorageKey(accountId, voicemailId),
      input.wav,
      'audio/wav',
    );
    try {
      await this.database.transaction(async () => {
        // The share lock makes a concurrent box deletion wait for this voicemail, and then remove its audio too.
        if (!(await this.boxes.lock(accountId, boxId, 'share'))) throw new VoicemailBoxNotFoundError(boxId);
        const voicemail = await this.voicemails.insert({
          id: voicemailId,
          accountId,
          boxId,
          callId,
          from: input.from,
          to: input.to,
          durationMs: input.durationMs,
          storageKey: stored.key,
          sizeBytes: stored.sizeBytes,
          status: 'new',
          createdAt: now,
          updatedAt: now,
        });
        // The later "voicemail.created → transcribe" job is enqueued here, in this transaction, with the event.
        await this.events.publish(accountId, 'voicemail.created', voicemailResource(voicemail));
      });
      return { voicemailId };
    } catch (error) {
      await this.storage.delete(stored.key);
      // Another deposit for the same call won the race: it is the call's voicemail.
      const winner = isUniqueViolation(error) ? await this.voicemails.idOfCall(accountId, callId) : null;
      if (winner !== null) return { voicemailId: winner };
      throw error;
    }
  }
}
