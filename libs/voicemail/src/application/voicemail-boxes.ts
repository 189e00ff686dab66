import { Inject, Injectable } from '@nestjs/common';
import { type Prompt } from '@switchyard/call-flows';
import { VoicemailBoxRepository } from '../infrastructure/voicemail-box.repository';

export interface VoicemailBoxSettings {
  readonly greeting: Prompt | null;
  readonly maxMessageSeconds: number;
}

/** What the sip app needs of a box before recording a caller: its greeting and how long the caller may speak. */
@Injectable()
export class VoicemailBoxes {
  constructor(@Inject(VoicemailBoxRepository) private readonly boxes: VoicemailBoxRepository) {}

  /** null when the box does not exist in the account. */
  async settingsOf(accountId: string, boxId: string): Promise<VoicemailBoxSettings | null> {
    const box = await this.boxes.find(accountId, boxId);
    return box && { greeting: box.greeting, maxMessageSeconds: box.maxMessageSeconds };
  }
}
