import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { NumberAccess } from '@switchyard/numbers';
import { type VoicemailFilter } from '../infrastructure/voicemail.repository';

/** Which voicemails a principal sees: agents only those left on numbers shared with them or their teams. */
@Injectable()
export class VoicemailVisibility {
  constructor(@Inject(NumberAccess) private readonly access: NumberAccess) {}

  async of(principal: Principal): Promise<Pick<VoicemailFilter, 'visibleTo'>> {
    const visibility = await this.access.visibilityOf(principal);
    if (visibility.kind === 'all') return {};
    const phoneNumbers = await this.access.phoneNumbersSharedWith(principal.accountId, visibility.userId);
    return { visibleTo: { phoneNumbers } };
  }
}
