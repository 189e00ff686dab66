import { Inject, Injectable } from '@nestjs/common';
import { type Principal } from '@switchyard/auth';
import { ConflictError, DomainError, NotFoundError, ValidationError } from '@switchyard/errors';
import {
  isLive,
  isRecordingFinished,
  readTransferTarget,
  type RecordingLayout,
  transferTargetText,
} from '../domain';
import { AccountNumbersReader } from '../infrastructure/account-numbers.reader';
import {
  CallControlBus,
  callControlFailedCode,
  type CallControlCommand,
  type CallControlReply,
} from '../infrastructure/call-control.bus';
import { type CallRow } from '../infrastructure/call.repository';
import { RecordingRepository, type RecordingRow } from '../infrastructure/recording.repository';
import { CallService } from './call.service';

export type RecordingAction = 'pause' | 'resume' | 'stop';

/** Refusals of the sip instance about the state of the call or recording; any other refusal is a business rule. */
const stateConflictCodes: ReadonlySet<string> = new Set([
  'call_not_live',
  'call_not_answered',
  'media_not_available',
  'recording_not_allowed',
  'recording_already_active',
  'recording_not_active',
  'recording_not_found',
  'transfer_in_progress',
]);

function refusal(reply: Extract<CallControlReply, { ok: false }>): DomainError {
  if (reply.code === callControlFailedCode) {
    return new DomainError('dependency_unavailable', reply.code, reply.detail, { retryAfterSeconds: 1 });
  }
  return new DomainError(
    stateConflictCodes.has(reply.code) ? 'conflict' : 'unprocessable',
    reply.code,
    reply.detail,
  );
}

/**
 * Acting on live calls through the sip instance that holds them: recording on demand and blind transfer. The api
 * checks what it can (visibility, liveness, the number's recording policy, the target); the holder decides the rest.
 */
@Injectable()
export class CallControlService {
  constructor(
    @Inject(CallService) private readonly calls: CallService,
    @Inject(AccountNumbersReader) private readonly numbers: AccountNumbersReader,
    @Inject(RecordingRepository) private readonly recordings: RecordingRepository,
    @Inject(CallControlBus) private readonly bus: CallControlBus,
  ) {}

  /** Starts recording the call; the recording as the holding instance created it. */
  async startRecording(principal: Principal, callId: string, layout: RecordingLayout): Promise<RecordingRow> {
    const call = await this.liveCall(principal, callId);
    if (
      call.numberId !== null &&
      (await this.numbers.recordingPolicy(call.accountId, call.numberId)) === 'never'
    ) {
      throw new ConflictError(
        'recording_not_allowed',
        'The number of this call is set never to record calls.',
        {
          numberId: call.numberId,
        },
      );
    }
    const reply = await this.send(call, { type: 'recording.start', layout });
    if (reply.recordingId === undefined) {
      throw new Error(`The sip instance holding call ${call.id} started a recording without naming it.`);
    }
    return this.recordingOf(call, reply.recordingId);
  }

  async controlRecording(
    principal: Principal,
    callId: string,
    recordingId: string,
    action: RecordingAction,
  ): Promise<RecordingRow> {
    const call = await this.liveCall(principal, callId);
    const recording = await this.recordingOf(call, recordingId);
    if (isRecordingFinished(recording.status)) {
      throw new ConflictError('recording_not_active', `The recording is ${recording.status}.`, {
        currentStatus: recording.status,
      });
    }
    await this.send(call, { type: `recording.${action}`, recordingId });
    return this.recordingOf(call, recordingId);
  }

  /** Blind transfer: the holding instance sends the caller to the target; the call as it is now. */
  async transfer(principal: Principal, callId: string, to: string): Promise<CallRow> {
    const call = await this.liveCall(principal, callId);
    const target = readTransferTarget(to, await this.numbers.accountCountry(call.accountId));
    if (target.kind === 'invalid') {
      throw new ValidationError([{ field: 'to', code: 'invalid_transfer_target', message: target.reason }]);
    }
    if (target.kind === 'user' && (await this.numbers.roleOf(call.accountId, target.userId)) === null) {
      throw new ValidationError([
        { field: 'to', code: 'user_not_found', message: `No user ${target.userId} in this account.` },
      ]);
    }
    await this.send(call, { type: 'transfer', to: transferTargetText(target) });
    return this.calls.get(principal, callId);
  }

  private async liveCall(principal: Principal, callId: string): Promise<CallRow> {
    const call = await this.calls.get(principal, callId);
    if (!isLive(call.status)) {
      throw new ConflictError(
        'call_not_live',
        `The call is ${call.status}; only a live call can be controlled.`,
        {
          currentStatus: call.status,
        },
      );
    }
    return call;
  }

  private async recordingOf(call: CallRow, recordingId: string): Promise<RecordingRow> {
    const recording = await this.recordings.find(call.accountId, recordingId, { callId: call.id });
    if (!recording) throw new NotFoundError('recording', recordingId);
    return recording;
  }

  private async send(
    call: CallRow,
    command: CallControlCommand,
  ): Promise<Extract<CallControlReply, { ok: true }>> {
    const reply = await this.bus.request(call.id, command);
    if (!reply) {
      throw new ConflictError('call_not_live', 'No SIP instance holds the call any more.', {
        currentStatus: call.status,
      });
    }
    if (!reply.ok) throw refusal(reply);
    return reply;
  }
}
