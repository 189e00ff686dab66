import {
  advance,
  type DialTarget,
  type FlowAction,
  type FlowEvent,
  type LegOutcome,
  PublishedFlowLookup,
  startExecution,
} from '@switchyard/call-flows';
import {
  CalledNumbers,
  type CallRecord,
  CallRecorder,
  CallPolicyService,
  CallerNumbers,
  classifyDialed,
  finalCallStatus,
  sandboxFarEndOutcome,
  screenDestination,
} from '@switchyard/calls';
import { type SipCallsConfig } from '@switchyard/config';
import { type Clock, newId } from '@switchyard/contracts';
import { DeviceDirectory } from '@switchyard/devices';
import { type Logger } from '@switchyard/logging';
import type Srf from 'drachtio-srf';
import { userOf } from '../sip-headers';
import { CallAttempt, type AttemptOutcome, type ForkTarget } from './call-attempt';
import { CallSession, connectionLostReason, type HangupSource } from './call-session';
import { deviceTargets, type Party, trunkTarget } from './fork-targets';
import { type LiveCalls } from './live-calls';

type Dial = Extract<FlowAction, { type: 'dial' }>;

/** Actions that need the media engine, which these calls do not have yet: the call is refused with 503. */
const mediaActions = new Set<FlowAction['type']>([
  'answer',
  'play',
  'gather',
  'record_voicemail',
  'enqueue',
  'http_request',
]);

/** The E.164 number a carrier's Request-URI user names (`+14155550100`, or the same digits without `+`). */
function e164Of(user: string | null): string | null {
  if (user === null) return null;
  const digits = user.replace(/[^\d+]/g, '');
  if (/^\+[1-9]\d{6,14}$/.test(digits)) return digits;
  return /^[1-9]\d{6,14}$/.test(digits) ? `+${digits}` : null;
}

function legOutcomeOf(outcome: Extract<AttemptOutcome, { kind: 'failed' }>): LegOutcome {
  if (outcome.source === 'timeout') return 'no_answer';
  const status = finalCallStatus({ answered: false, sipStatus: outcome.sipStatus });
  return status === 'busy' ? 'busy' : status === 'no_answer' ? 'no_answer' : 'failed';
}

interface InboundContext {
  readonly req: Srf.SrfRequest;
  readonly res: Srf.SrfResponse;
  readonly record: CallRecord;
  readonly callerLegId: string;
  readonly accountId: string;
  /** Our side of the call, as devices see the calls it rings them with. */
  readonly domain: string;
  finished: boolean;
}

/**
 * Calls from the carrier to the account's numbers: the number's published flow decides, and its ring and forward
 * nodes are carried out on the live call (forking to registered devices of users, teams or single devices, or to an
 * external number through the trunk under the account's toll-fraud policy). A flow that reaches a node needing
 * media (prompts, menus, voicemail, queues, webhooks) is refused with 503 until the media engine carries calls.
 */
export class InboundCalls {
  constructor(
    private readonly srf: Srf,
    private readonly numbers: CalledNumbers,
    private readonly flows: PublishedFlowLookup,
    private readonly devices: DeviceDirectory,
    private readonly callerNumbers: CallerNumbers,
    private readonly policies: CallPolicyService,
    private readonly recorder: CallRecorder,
    private readonly liveCalls: LiveCalls,
    private readonly config: SipCallsConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async handle(req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<void> {
    const called = e164Of(userOf(req.uri));
    const number = called === null ? null : await this.numbers.byPhoneNumber(called);
    if (number === null) return res.send(404);

    const callId = newId('call');
    const startedAt = this.clock.now();
    const caller = userOf(req.getParsedHeader('From').uri) ?? 'anonymous';
    const callerLegId = newId('callLeg');
    const record = this.recorder.begin(
      {
        id: callId,
        accountId: number.accountId,
        direction: 'inbound',
        from: caller,
        to: number.phoneNumber,
        numberId: number.id,
        phoneNumber: number.phoneNumber,
        userId: null,
        deviceId: null,
        sipInstanceId: this.config.instanceId,
        startedAt,
      },
      {
        id: callerLegId,
        role: 'caller',
        sipCallId: req.get('Call-ID'),
        from: req.getParsedHeader('From').uri,
        to: req.uri,
        target: req.uri,
        deviceId: null,
        startedAt,
      },
    );
    const call: InboundContext = {
      req,
      res,
      record,
      callerLegId,
      accountId: number.accountId,
      domain: req.uri.split('@')[1]?.split(';')[0] ?? '',
      finished: false,
    };
    const flow = await this.flows.forNumber(number.accountId, number.id);
    if (flow === null) return this.refuse(call, 480, 'No call flow for the number', 'system');
    this.liveCalls.track(callId, {
      hangUp: (source) => this.refuse(call, 487, 'Request Terminated', source),
      abandon: () => this.settle(call, 503, connectionLostReason, 'system'),
    });
    record.flowStarted(flow.flowId, flow.versionId);
    let result = startExecution(
      flow.document,
      {
        callId,
        accountId: number.accountId,
        from: caller,
        to: number.phoneNumber,
        schedules: flow.schedules,
      },
      this.clock,
    );
    try {
      for (;;) {
        record.flowFollowed(result.path);
        const event = await this.carryOut(call, result.actions);
        if (event === null || result.finished) break;
        result = advance(result.state, event, this.clock);
        if (call.finished) {
          // The bridged conversation is over: only the exit it took is left to record.
          record.flowFollowed(result.path);
          break;
        }
      }
      if (!call.finished) this.refuse(call, 480, 'The call flow ended', 'system');
    } finally {
      this.liveCalls.forget(callId);
    }
  }

  /** Does what the flow asked, in order; resolves with the event the flow waits for, or null when the call is over. */
  private async carryOut(call: InboundContext, actions: readonly FlowAction[]): Promise<FlowEvent | null> {
    for (const action of actions) {
      if (call.finished) return null;
      if (action.type === 'dial') return this.dial(call, action);
      if (action.type === 'hangup') {
        this.refuse(call, 480, 'The call flow ended', 'system');
        return null;
      }
      if (mediaActions.has(action.type)) {
        this.logger.warn(
          { callId: call.record.id, action: action.type },
          'call flow needs media; refusing the call',
        );
        this.refuse(call, 503, 'Media not available', 'system');
        return null;
      }
    }
    return null;
  }

  private async dial(call: InboundContext, action: Dial): Promise<FlowEvent | null> {
    const targets = (
      await Promise.all(action.targets.map((target) => this.forkTargets(call, target, action)))
    ).flat();
    const attempt = new CallAttempt(this.srf, call.req, call.res, call.record, this.clock, false);
    this.liveCalls.update(call.record.id, {
      hangUp: (source) => attempt.abort(source),
      abandon: () => attempt.abandon(),
    });
    const timer = setTimeout(() => attempt.abort('timeout'), action.timeoutSeconds * 1000);
    const external = action.targets.find(
      (target): target is Extract<DialTarget, { type: 'external' }> => target.type === 'external',
    );
    let outcome: AttemptOutcome;
    try {
      outcome =
        targets.length === 0 && external !== undefined && this.config.trunk === undefined
          ? await this.simulateForward(call, attempt, external.address, action.callerId.number)
          : await attempt.fork(targets);
    } finally {
      clearTimeout(timer);
    }
    if (outcome.kind === 'failed') {
      // drachtio-server answered the caller's CANCEL itself; an API hangup or a shutdown still owes the caller an answer.
      if (outcome.source === 'caller') this.settle(call, outcome.sipStatus, outcome.sipReason, 'caller');
      else if (outcome.source === 'api' || outcome.source === 'system') {
        this.refuse(call, outcome.sipStatus, outcome.sipReason, outcome.source);
      } else return { type: 'leg_result', outcome: legOutcomeOf(outcome), legId: action.legId };
      return null;
    }
    const at = this.clock.now();
    call.record.legAnswered(call.callerLegId, at);
    call.record.answered(at);
    await new Promise<void>((ended) => {
      const session = new CallSession(
        call.record,
        call.callerLegId,
        outcome.caller,
        outcome.far,
        this.clock,
        this.config.defaultLimits.maxCallDurationSeconds * 1000,
        ended,
      );
      this.liveCalls.update(call.record.id, session);
    });
    call.finished = true;
    return { type: 'leg_result', outcome: 'answered', legId: action.legId };
  }

  private async forkTargets(call: InboundContext, target: DialTarget, action: Dial): Promise<ForkTarget[]> {
    const from: Party = { user: action.callerId.number, domain: call.domain };
    switch (target.type) {
      case 'user':
        return deviceTargets(
          await this.devices.contactsOfUsers(call.accountId, [target.id]),
          from,
          this.called(call),
        );
      case 'team': {
        const members = await this.numbers.teamMembers(call.accountId, target.id);
        return deviceTargets(
          await this.devices.contactsOfUsers(call.accountId, members),
          from,
          this.called(call),
        );
      }
      case 'device':
        return deviceTargets(
          await this.devices.contactsOfDevice(call.accountId, target.id),
          from,
          this.called(call),
        );
      case 'external':
        return this.externalTargets(call, target.address, action.callerId.number);
    }
  }

  /** The number the caller dialled, as the rung devices see it. */
  private called(call: InboundContext): Party {
    return { user: userOf(call.req.uri) ?? '', domain: call.domain };
  }

  /** A forward outside the account: screened like the account's own outbound calls; a refused one rings nothing. */
  private async externalTargets(
    call: InboundContext,
    address: string,
    callerId: string,
  ): Promise<ForkTarget[]> {
    const [country, policy] = await Promise.all([
      this.callerNumbers.accountCountry(call.accountId),
      this.policies.policyOf(call.accountId),
    ]);
    const destination = classifyDialed(address, country);
    if (destination.kind !== 'number') return [];
    const verdict = screenDestination(policy, destination);
    if (!verdict.allowed) {
      this.logger.info(
        { callId: call.record.id, reason: verdict.reason },
        'forward refused by the call policy',
      );
      return [];
    }
    return this.config.trunk === undefined
      ? []
      : [trunkTarget(this.config.trunk, destination.e164, callerId)];
  }

  private async simulateForward(
    call: InboundContext,
    attempt: CallAttempt,
    address: string,
    callerId: string,
  ): Promise<AttemptOutcome> {
    const country = await this.callerNumbers.accountCountry(call.accountId);
    const destination = classifyDialed(address, country);
    const policy = await this.policies.policyOf(call.accountId);
    if (destination.kind !== 'number' || !screenDestination(policy, destination).allowed) {
      return { kind: 'failed', sipStatus: 403, sipReason: 'Forbidden', source: 'callee' };
    }
    return attempt.simulate(sandboxFarEndOutcome(destination.e164), destination.e164, callerId);
  }

  /** Ends an unanswered call with `status` for the caller and the record. */
  private refuse(call: InboundContext, status: number, reason: string, source: HangupSource): void {
    if (call.finished) return;
    if (!call.res.finalResponseSent) call.res.send(status, reason, {});
    this.settle(call, status, reason, source);
  }

  private settle(
    call: InboundContext,
    sipStatus: number,
    sipReason: string,
    hangupSource: HangupSource,
  ): void {
    if (call.finished) return;
    call.finished = true;
    const ending = { sipStatus, sipReason, at: this.clock.now() };
    call.record.legEnded(call.callerLegId, ending);
    call.record.ended({ ...ending, hangupSource });
  }
}
