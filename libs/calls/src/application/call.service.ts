import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { ConflictError, NotFoundError } from '@switchyard/errors';
import { allPages, type Page, type PageRequest } from '@switchyard/http';
import { isLive } from '../domain';
import { CallHangupBus } from '../infrastructure/call-hangup.bus';
import { type CallFilter, CallRepository, type CallRow } from '../infrastructure/call.repository';
import { LiveCallRegistry } from '../infrastructure/live-call.registry';
import { CallVisibility } from './call-visibility';
import { CallWriter } from './call-writer';

/** SIP status recorded when the api ends a call no sip instance holds: 487, so an unanswered one is canceled. */
const endedByApiStatus = 487;

export interface Hangup {
  readonly call: CallRow;
  /** A sip instance took the request and hangs up; false when the api ended the record itself. */
  readonly requested: boolean;
}

/** Reading call records and hanging up live calls; agents see only calls of their numbers or their own. */
@Injectable()
export class CallService {
  constructor(
    @Inject(CallRepository) private readonly calls: CallRepository,
    @Inject(CallVisibility) private readonly visibility: CallVisibility,
    @Inject(CallHangupBus) private readonly hangups: CallHangupBus,
    @Inject(CallWriter) private readonly writer: CallWriter,
    @Inject(LiveCallRegistry) private readonly registry: LiveCallRegistry,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async list(principal: Principal, page: PageRequest, filter: CallFilter): Promise<Page<CallRow>> {
    return this.calls.list(principal.accountId, page, {
      ...filter,
      ...(await this.visibility.of(principal)),
    });
  }

  async *exportAll(principal: Principal, filter: CallFilter): AsyncGenerator<CallRow> {
    const visible = { ...filter, ...(await this.visibility.of(principal)) };
    yield* allPages((page) => this.calls.list(principal.accountId, page, visible));
  }

  async get(principal: Principal, id: string): Promise<CallRow> {
    const call = await this.calls.find(principal.accountId, id, await this.visibility.of(principal));
    if (!call) throw new NotFoundError('call', id);
    return call;
  }

  /**
   * Asks the sip instances to hang up a live call; when none listens, the call cannot be held anywhere, so its
   * record is ended here.
   */
  async hangup(principal: Principal, id: string): Promise<Hangup> {
    const call = await this.get(principal, id);
    if (!isLive(call.status)) {
      throw new ConflictError(
        'call_not_live',
        `The call is ${call.status}; only a live call can be hung up.`,
        {
          currentStatus: call.status,
        },
      );
    }
    if ((await this.hangups.request(id)) > 0) return { call, requested: true };
    const ending = {
      sipStatus: endedByApiStatus,
      sipReason: 'No SIP instance holds the call',
      hangupSource: 'api' as const,
      at: this.clock.now(),
    };
    await this.writer.ended(principal.accountId, id, ending, { closeLiveLegs: true });
    await this.registry.release(principal.accountId, id);
    return { call: await this.get(principal, id), requested: false };
  }
}
