import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { NumberAccess } from '@switchyard/numbers';
import { type CallFilter } from '../infrastructure/call.repository';

/** Which calls (and so which recordings) a principal sees: agents those of numbers shared with them and their own. */
@Injectable()
export class CallVisibility {
  constructor(@Inject(NumberAccess) private readonly access: NumberAccess) {}

  async of(principal: Principal): Promise<Pick<CallFilter, 'visibleTo'>> {
    const visibility = await this.access.visibilityOf(principal);
    if (visibility.kind === 'all') return {};
    const numberIds = await this.access.numberIdsSharedWith(principal.accountId, visibility.userId);
    return { visibleTo: { numberIds, userId: visibility.userId } };
  }
}
