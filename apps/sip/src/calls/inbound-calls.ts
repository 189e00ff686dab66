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
import { type Clock, type MediaEngine, newId, type TextToSpeech } from '@switchyard/contracts';
import { DeviceDirectory } from '@switchyard/devices';
import { type Logger } from '@switchyard/logging';
import type Srf from 'drachtio-srf';
import { userOf } from '../sip-headers';
import { CallAttempt, type AttemptOutcome, type ForkTarget } from './call-attempt';
import { CallMedia } from './call-media';
import { CallSession, connectionLostReason, type HangupSource } from './call-session';
import { type SipDialog } from './far-side';
import { deviceTargets, type Party, trunkTarget } from './fork-targets';
import { type LiveCalls } from './live-calls';

type Dial = Extract<FlowAction, { type: 'dial' }>;

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
  /** Ends every wait of the call's media when the caller hangs up. */
  readonly hungUp: AbortController;
  finished: boolean;
  /** Set once the flow answered the caller itself (prompts); callees then join through the media engine. */
  answered?: { readonly dialog: SipDialog; readonly media: CallMedia };
  /** A callee is talking to the caller: the call session records how it ends. */
  bridged: boolean;
}

/** The media engine and prompts, when the sip app has them. */
export interface InboundMedia {
  readonly engine: MediaEngine;
  readonly speech: TextToSpeech;
}

/**
 * Calls from the carrier to the account's numbers: the number's published flow decides, and its ring and forward
 * nodes are carried out on the live call (forking to registered devices of users, teams or single devices, or to an
 * external number through the trunk under the account's toll-fraud policy). Prompts and menus answer the caller
 * through the media engine, and callees then join the caller there. Voicemail, queues and webhook nodes are refused
 * with 503 for now, and so is any media without a media engine.
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
    private readonly media: InboundMedia | null,
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
      hungUp: new AbortController(),
      finished: false,
      bridged: false,
    };
    const flow = await this.flows.forNumber(number.accountId, number.id);
    if (flow === null) return this.end(call, 480, 'No call flow for the number', 'system');
    this.liveCalls.track(callId, {
      hangUp: (source) => this.end(call, 487, 'Request Terminated', source),
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
      if (!call.finished) this.end(call, 480, 'The call flow ended', 'system');
    } finally {
      this.liveCalls.forget(callId);
      await call.answered?.media.close().catch((error: unknown) => {
        this.logger.warn({ err: error, callId }, 'media session not deleted');
      });
    }
  }

  /** Does what the flow asked, in order; resolves with the event the flow waits for, or null when the call is over. */
  private async carryOut(call: InboundContext, actions: readonly FlowAction[]): Promise<FlowEvent | null> {
    for (const [index, action] of actions.entries()) {
      if (call.finished) return null;
      const last = index === actions.length - 1;
      switch (action.type) {
        case 'tag':
          continue;
        case 'dial':
          return this.dial(call, action);
        case 'hangup':
          this.end(call, 480, 'The call flow ended', 'system');
          return null;
        case 'answer':
        case 'play':
        case 'gather': {
          const media = await this.answerWithMedia(call);
          if (media === null) return null;
          try {
            if (action.type === 'play') await media.play(action.prompt);
            if (action.type === 'gather') {
              const digits = await media.gather(action);
              if (call.hungUp.signal.aborted) return null;
              return digits === '' ? { type: 'gather_timeout' } : { type: 'digits', digits };
            }
          } catch (error) {
            this.logger.warn({ err: error, callId: call.record.id }, 'prompt failed; ending the call');
            this.end(call, 503, 'Media not available', 'system');
            return null;
          }
          if (call.hungUp.signal.aborted) return null;
          if (last && action.type === 'play') return { type: 'play_finished' };
          continue;
        }
        default:
          this.logger.warn(
            { callId: call.record.id, action: action.type },
            'call flow needs media it cannot have yet',
          );
          this.end(call, 503, 'Media not available', 'system');
          return null;
      }
    }
    return null;
  }

  /**
   * Answers the caller through the media engine (once), so that prompts can talk to them; null when the sip app
   * has no media engine (the call is refused with 503) or the answer failed.
   */
  private async answerWithMedia(call: InboundContext): Promise<CallMedia | null> {
    if (call.answered) return call.answered.media;
    if (this.media === null) {
      this.logger.warn({ callId: call.record.id }, 'call flow needs media but no media engine is configured');
      this.end(call, 503, 'Media not available', 'system');
      return null;
    }
    const { req, res } = call;
    const media = new CallMedia(
      this.media.engine,
      this.media.speech,
      req.get('Call-ID'),
      req.getParsedHeader('From').params?.tag ?? '',
      req.body,
      call.hungUp.signal,
    );
    try {
      const sdp = await media.answerCaller();
      const dialog = (await this.srf.createUAS(req, res, { localSdp: sdp })) as SipDialog;
      call.answered = { dialog, media };
    } catch (error) {
      this.logger.warn({ err: error, callId: call.record.id }, 'answering with media failed');
      await media.close().catch(() => undefined);
      this.end(call, 503, 'Media not available', 'system');
      return null;
    }
    const at = this.clock.now();
    call.record.legAnswered(call.callerLegId, at);
    call.record.answered(at);
    const callerLeft = () => {
      call.hungUp.abort();
      if (!call.bridged) this.settle(call, 200, 'Caller hung up', 'caller');
    };
    // The caller may have hung up while the answer was being sent.
    if (!call.answered.dialog.connected) callerLeft();
    else call.answered.dialog.on('destroy', callerLeft);
    return media;
  }

  private async dial(call: InboundContext, action: Dial): Promise<FlowEvent | null> {
    const { maxCallDurationSeconds } = await this.policies.policyOf(call.accountId);
    const targets = (
      await Promise.all(action.targets.map((target) => this.forkTargets(call, target, action)))
    ).flat();
    const answered = call.answered;
    const attempt = new CallAttempt(this.srf, call.req, call.res, call.record, this.clock, {
      answersFailures: false,
      ...(answered && {
        answeredCaller: {
          dialog: answered.dialog,
          offer: await answered.media.offerCallee(),
          join: (calleeTag: string, sdp: string) => answered.media.joinCallee(calleeTag, sdp),
        },
      }),
    });
    // A caller who hangs up while the flow rings someone cancels the ringing.
    call.hungUp.signal.addEventListener('abort', () => attempt.abort('caller'));
    this.liveCalls.update(call.record.id, {
      hangUp: (source) => attempt.abort(source),
      abandon: () => {
        attempt.abandon();
        this.settle(call, 503, connectionLostReason, 'system');
      },
    });
    const timer = setTimeout(() => attempt.abort('timeout'), action.timeoutSeconds * 1000);
    const external = action.targets.find(
      (target): target is Extract<DialTarget, { type: 'external' }> => target.type === 'external',
    );
    let outcome: AttemptOutcome;
    try {
      const forward =
        targets.length === 0 && external !== undefined && this.config.trunk === undefined
          ? await this.screenedForward(call, external.address)
          : undefined;
      outcome =
        forward === undefined
          ? await attempt.fork(targets)
          : forward === null
            ? { kind: 'failed', sipStatus: 403, sipReason: 'Forbidden', source: 'callee' }
            : await attempt.simulate(sandboxFarEndOutcome(forward), forward, action.callerId.number);
    } finally {
      clearTimeout(timer);
    }
    if (outcome.kind === 'failed') {
      // drachtio-server answered the caller's CANCEL itself; an API hangup or a shutdown still owes the caller an answer.
      if (outcome.source === 'caller') this.settle(call, outcome.sipStatus, outcome.sipReason, 'caller');
      else if (outcome.source === 'api' || outcome.source === 'system') {
        this.end(call, outcome.sipStatus, outcome.sipReason, outcome.source);
      } else return { type: 'leg_result', outcome: legOutcomeOf(outcome), legId: action.legId };
      return null;
    }
    if (!answered) {
      const at = this.clock.now();
      call.record.legAnswered(call.callerLegId, at);
      call.record.answered(at);
    }
    call.bridged = true;
    await new Promise<void>((ended) => {
      const session = new CallSession(
        call.record,
        call.callerLegId,
        outcome.caller,
        outcome.far,
        this.clock,
        maxCallDurationSeconds * 1000,
        ended,
      );
      this.liveCalls.update(call.record.id, session);
    });
    call.finished = true;
    return { type: 'leg_result', outcome: 'answered', legId: action.legId };
  }

  private async forkTargets(call: InboundContext, target: DialTarget, action: Dial): Promise<ForkTarget[]> {
    if (target.type === 'external') {
      // Without a trunk the sandbox far end answers forwards (see `dial`).
      const trunk = this.config.trunk;
      const destination = trunk === undefined ? null : await this.screenedForward(call, target.address);
      return trunk === undefined || destination === null
        ? []
        : [trunkTarget(trunk, destination, action.callerId.number)];
    }
    const contacts =
      target.type === 'device'
        ? await this.devices.contactsOfDevice(call.accountId, target.id)
        : await this.devices.contactsOfUsers(
            call.accountId,
            target.type === 'user' ? [target.id] : await this.numbers.teamMembers(call.accountId, target.id),
          );
    const from: Party = { user: action.callerId.number, domain: call.domain };
    // The rung devices see the number the caller dialled.
    return deviceTargets(contacts, from, { user: userOf(call.req.uri) ?? '', domain: call.domain });
  }

  /**
   * The E.164 number a forward outside the account goes to, screened like the account's own outbound calls; null
   * when the policy refuses it (then nothing rings).
   */
  private async screenedForward(call: InboundContext, address: string): Promise<string | null> {
    const [country, policy] = await Promise.all([
      this.callerNumbers.accountCountry(call.accountId),
      this.policies.policyOf(call.accountId),
    ]);
    const destination = classifyDialed(address, country);
    if (destination.kind !== 'number') return null;
    const verdict = screenDestination(policy, destination);
    if (verdict.allowed) return destination.e164;
    this.logger.info(
      { callId: call.record.id, reason: verdict.reason },
      'forward refused by the call policy',
    );
    return null;
  }

  /** Ends the call: a BYE once the flow answered it, else `status` for the caller; then the record. */
  private end(call: InboundContext, status: number, reason: string, source: HangupSource): void {
    if (call.finished) return;
    if (call.answered) {
      if (call.answered.dialog.connected) call.answered.dialog.destroy();
      call.hungUp.abort();
    } else if (!call.res.finalResponseSent) {
      call.res.send(status, reason, {});
    }
    this.settle(call, call.answered ? 200 : status, reason, source);
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
