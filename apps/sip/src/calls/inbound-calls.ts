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
  type CallRecordings,
  classifyDialed,
  finalCallStatus,
  sandboxFarEndOutcome,
  screenDestination,
} from '@switchyard/calls';
import { type SipCallsConfig } from '@switchyard/config';
import { type Clock, type MediaEngine, newId } from '@switchyard/contracts';
import { DeviceDirectory } from '@switchyard/devices';
import { type Logger } from '@switchyard/logging';
import type Srf from 'drachtio-srf';
import { userOf } from '../sip-headers';
import { anchoredCall, anchoredMediaOf, bridgeMediaOf } from './anchored-call';
import { type BridgeMedia } from './bridge-media';
import { type AnchoredMedia, CallAttempt, type AttemptOutcome, type ForkTarget } from './call-attempt';
import { CallMedia } from './call-media';
import { type CallQueueLookup, type CallQueueWait, queueAgentsOf, type RingAgents } from './call-queue-wait';
import { type AnchoredCall, CallSession, connectionLostReason, type HangupSource } from './call-session';
import { type TransferDialer } from './call-transfer';
import { type SipDialog } from './far-side';
import { type FlowWebhooks } from './flow-webhook';
import { deviceTargets, type Party, trunkTarget } from './fork-targets';
import { type PromptLibrary } from './inbound-media';
import { type LiveCalls } from './live-calls';
import { type VoicemailCapture } from './voicemail-capture';

type Dial = Extract<FlowAction, { type: 'dial' }>;
type RecordVoicemail = Extract<FlowAction, { type: 'record_voicemail' }>;
type Enqueue = Extract<FlowAction, { type: 'enqueue' }>;

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
  /** The caller's number, and the account's number they called. */
  readonly from: string;
  readonly to: string;
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
  readonly prompts: PromptLibrary;
  /** The default hold music file, which held parties of bridged calls hear. */
  readonly holdMusic: string;
}

/** What inbound calls need; one object so that new collaborators are added as fields, not positional parameters. */
export interface InboundCallServices {
  readonly srf: Srf;
  readonly numbers: CalledNumbers;
  readonly flows: PublishedFlowLookup;
  readonly devices: DeviceDirectory;
  readonly callerNumbers: CallerNumbers;
  readonly policies: CallPolicyService;
  readonly recorder: CallRecorder;
  readonly liveCalls: LiveCalls;
  readonly config: SipCallsConfig;
  readonly media: InboundMedia | null;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly voicemail: VoicemailCapture;
  readonly queues: CallQueueLookup;
  readonly queueWait: CallQueueWait;
  readonly webhooks: FlowWebhooks;
  /** Recordings of bridged calls (the number's policy, or the API). */
  readonly recordings: CallRecordings;
}

/**
 * Calls from the carrier to the account's numbers: the number's published flow decides, and its ring and forward
 * nodes are carried out on the live call (forking to registered devices of users, teams or single devices, or to an
 * external number through the trunk under the account's toll-fraud policy). Prompts and menus answer the caller
 * through the media engine, and callees then join the caller there, as do queues' agents. Voicemail nodes record
 * the caller into a box, webhook nodes ask an HTTP endpoint what to do. A flow needing media without a media engine
 * is refused with 503.
 */
export class InboundCalls {
  private readonly srf: Srf;
  private readonly numbers: CalledNumbers;
  private readonly flows: PublishedFlowLookup;
  private readonly devices: DeviceDirectory;
  private readonly callerNumbers: CallerNumbers;
  private readonly policies: CallPolicyService;
  private readonly recorder: CallRecorder;
  private readonly liveCalls: LiveCalls;
  private readonly config: SipCallsConfig;
  private readonly media: InboundMedia | null;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly voicemail: VoicemailCapture;
  private readonly queues: CallQueueLookup;
  private readonly queueWait: CallQueueWait;
  private readonly webhooks: FlowWebhooks;
  private readonly recordings: CallRecordings;

  constructor(services: InboundCallServices) {
    this.srf = services.srf;
    this.numbers = services.numbers;
    this.flows = services.flows;
    this.devices = services.devices;
    this.callerNumbers = services.callerNumbers;
    this.policies = services.policies;
    this.recorder = services.recorder;
    this.liveCalls = services.liveCalls;
    this.config = services.config;
    this.media = services.media;
    this.clock = services.clock;
    this.logger = services.logger;
    this.voicemail = services.voicemail;
    this.queues = services.queues;
    this.queueWait = services.queueWait;
    this.webhooks = services.webhooks;
    this.recordings = services.recordings;
  }

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
      from: caller,
      to: number.phoneNumber,
      domain: req.uri.split('@')[1]?.split(';')[0] ?? '',
      hungUp: new AbortController(),
      finished: false,
      bridged: false,
    };
    const flow = await this.flows.forNumber(number.accountId, number.id);
    if (flow === null) return this.end(call, 480, 'No call flow for the number', 'system');
    this.liveCalls.track(callId, this.liveCallOf(call));
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
        case 'dial': {
          const event = await this.dial(call, action);
          // The flow goes on (to voicemail, say) after nobody answered: hang-ups reach the call again, not the ringing.
          if (!call.finished) this.liveCalls.update(call.record.id, this.liveCallOf(call));
          return event;
        }
        case 'record_voicemail':
          return this.recordVoicemail(call, action);
        case 'enqueue':
          return this.enqueue(call, action);
        case 'http_request':
          return this.webhooks.request(action, call.record.id);
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
      }
    }
    return null;
  }

  /** How API hang-ups and a lost drachtio connection reach the call while no callee is rung or bridged. */
  private liveCallOf(call: InboundContext): Parameters<LiveCalls['track']>[1] {
    return {
      hangUp: (source) => this.end(call, 487, 'Request Terminated', source),
      abandon: () => {
        this.settle(call, 503, connectionLostReason, 'system');
        // Waits (a voicemail message, a queue) end, so what they hold is saved before the media session goes.
        call.hungUp.abort();
      },
    };
  }

  /** The event of a node whose wait was cut short: the caller (or the API) ended the call, or null when it failed. */
  private interrupted(call: InboundContext): FlowEvent | null {
    return call.finished ? { type: 'caller_hangup' } : null;
  }

  private async recordVoicemail(call: InboundContext, action: RecordVoicemail): Promise<FlowEvent | null> {
    const media = await this.answerWithMedia(call);
    if (media === null) return null;
    try {
      await this.voicemail.take(
        media,
        {
          accountId: call.accountId,
          boxId: action.boxId,
          callId: call.record.id,
          from: call.from,
          to: call.to,
          ...(action.greeting && { greeting: action.greeting }),
          beep: action.beep,
        },
        call.hungUp.signal,
      );
    } catch (error) {
      this.logger.warn({ err: error, callId: call.record.id }, 'voicemail failed; ending the call');
      this.end(call, 503, 'Media not available', 'system');
      return this.interrupted(call);
    }
    return call.hungUp.signal.aborted ? this.interrupted(call) : { type: 'voicemail_finished' };
  }

  /**
   * Waits in the queue, ringing its agents through `dial` while at its head; an answered agent is bridged like a ring
   * node's callee, and the queue result is reported once that conversation is over.
   */
  private async enqueue(call: InboundContext, action: Enqueue): Promise<FlowEvent | null> {
    const agents = await queueAgentsOf(call.accountId, action, this.queues);
    if (agents === null) {
      this.logger.warn({ callId: call.record.id, queue: action.queueName }, 'call queue not found; overflow');
      return { type: 'queue_result', outcome: 'overflow' };
    }
    const media = await this.answerWithMedia(call);
    if (media === null) return null;
    let rounds = 0;
    const ring: RingAgents = async (targets, timeoutSeconds, answered) => {
      rounds += 1;
      // `dial` reports an answer once the conversation is over; the queue lets go of the caller when it starts.
      const event = await this.dial(
        call,
        {
          type: 'dial',
          legId: `${call.record.id}:queue:${rounds}`,
          targets,
          strategy: agents.strategy,
          timeoutSeconds,
          callerId: action.callerId,
        },
        answered,
      );
      if (event?.type === 'leg_result' && event.outcome === 'answered') return 'answered';
      if (call.finished) return 'ended';
      this.liveCalls.update(call.record.id, this.liveCallOf(call));
      return 'not_answered';
    };
    try {
      const outcome = await this.queueWait.wait(
        media,
        {
          accountId: call.accountId,
          callId: call.record.id,
          agents,
          ...(action.holdMusic && { holdMusic: action.holdMusic }),
          announcePosition: action.announcePosition,
          maxWaitSeconds: action.maxWaitSeconds,
        },
        ring,
        call.hungUp.signal,
      );
      return outcome === 'ended' ? this.interrupted(call) : { type: 'queue_result', outcome };
    } catch (error) {
      this.logger.warn({ err: error, callId: call.record.id }, 'queue wait failed; ending the call');
      this.end(call, 503, 'Media not available', 'system');
      return this.interrupted(call);
    }
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
      this.media.prompts.forAccount(call.accountId),
      req.get('Call-ID'),
      req.getParsedHeader('From').params?.tag ?? '',
      req.body,
      call.hungUp.signal,
      { record: call.record, logger: this.logger },
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

  /** Rings the targets and bridges the first to answer; `onBridged` is told when the conversation starts. */
  private async dial(call: InboundContext, action: Dial, onBridged?: () => void): Promise<FlowEvent | null> {
    const { maxCallDurationSeconds } = await this.policies.policyOf(call.accountId);
    const ring = await this.ringer(call, action, action.targets);
    const answered = call.answered;
    // With a media engine every bridged call is anchored there; a flow's prompts already opened its session.
    const bridge =
      this.media && bridgeMediaOf(this.media.engine, call.req, { record: call.record, logger: this.logger });
    const media = bridge?.media;
    try {
      let anchoredMedia: AnchoredMedia | undefined;
      try {
        anchoredMedia = bridge ? await anchoredMediaOf(bridge.media, bridge.callerTag) : undefined;
      } catch (error) {
        this.logger.warn({ err: error, callId: call.record.id }, 'media engine refused the call');
        this.end(call, 503, 'Media not available', 'system');
        return null;
      }
      const attempt = new CallAttempt(this.srf, call.req, call.res, call.record, this.clock, {
        answersFailures: false,
        ...(answered && { answeredCaller: answered.dialog }),
        ...(anchoredMedia && { media: anchoredMedia }),
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
      const outcome = await ring(attempt).finally(() => clearTimeout(timer));
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
      onBridged?.();
      const anchored = bridge && (await this.anchored(call, action, bridge.media, bridge.callerTag));
      await new Promise<void>((ended) => {
        const session = new CallSession(
          call.record,
          call.callerLegId,
          outcome.caller,
          outcome.far,
          this.clock,
          maxCallDurationSeconds * 1000,
          ended,
          anchored ?? undefined,
        );
        this.liveCalls.update(call.record.id, session);
        anchored?.recording.bridged().catch((error: unknown) => {
          this.logger.warn(
            { err: error, callId: call.record.id },
            'recording required by the number not started',
          );
        });
      });
      // The recording is taken from the media session, so it is finished before the session goes.
      await anchored?.recording.finish();
      call.finished = true;
      return { type: 'leg_result', outcome: 'answered', legId: action.legId };
    } finally {
      // A session this dial opened is its own to delete; the prompts' one goes when the call ends.
      if (!answered) {
        await media?.close().catch((error: unknown) => {
          this.logger.warn({ err: error, callId: call.record.id }, 'media session not deleted');
        });
      }
    }
  }

  /**
   * How to ring `targets` for the call: forking to their devices and trunk targets, or, without a trunk, the sandbox
   * far end for a forward the call policy allows.
   */
  private async ringer(
    call: InboundContext,
    action: Dial,
    targets: readonly DialTarget[],
  ): Promise<(attempt: CallAttempt) => Promise<AttemptOutcome>> {
    const forks = (await Promise.all(targets.map((target) => this.forkTargets(call, target, action)))).flat();
    const external = targets.find(
      (target): target is Extract<DialTarget, { type: 'external' }> => target.type === 'external',
    );
    if (forks.length > 0 || external === undefined || this.config.trunk !== undefined) {
      return (attempt) => attempt.fork(forks);
    }
    const forward = await this.screenedForward(call, external.address);
    if (forward === null) {
      return async () => ({ kind: 'failed', sipStatus: 403, sipReason: 'Forbidden', source: 'callee' });
    }
    return (attempt) => attempt.simulate(sandboxFarEndOutcome(forward), forward, action.callerId.number);
  }

  /** What a call bridged through the media engine can do: hold, transfer, and recording under the number's policy. */
  private async anchored(
    call: InboundContext,
    action: Dial,
    media: BridgeMedia,
    callerTag: string,
  ): Promise<AnchoredCall> {
    const number = await this.numbers.byPhoneNumber(call.to);
    return anchoredCall(
      {
        recordings: this.recordings,
        // Only calls with a media engine are anchored.
        holdMusic: this.media!.holdMusic,
        clock: this.clock,
        logger: this.logger,
      },
      media,
      callerTag,
      { accountId: call.accountId, callId: call.record.id, recording: number?.recording ?? 'on_demand' },
      (to) => this.transferDialer(call, action, to),
    );
  }

  /** Rings `to` in place of the callee, with the caller ID and under the policy of the ring that reached it. */
  private async transferDialer(call: InboundContext, action: Dial, to: string): ReturnType<TransferDialer> {
    const target = await this.transferTarget(call.accountId, to);
    if (target === null) return null;
    const ring = await this.ringer(call, action, [target]);
    return (remaining, media) => {
      const attempt = new CallAttempt(this.srf, call.req, call.res, call.record, this.clock, {
        answersFailures: false,
        answeredCaller: remaining,
        media,
      });
      return {
        outcome: ring(attempt),
        abort: (source) => attempt.abort(source),
        abandon: () => attempt.abandon(),
      };
    };
  }

  /** `user:<id>`, an extension (a device username of the account: its user's devices ring) or an E.164 number. */
  private async transferTarget(accountId: string, to: string): Promise<DialTarget | null> {
    if (to.startsWith('user:')) return { type: 'user', id: to.slice('user:'.length) };
    const extension = to.startsWith('+') ? null : await this.devices.dialExtension(accountId, to);
    if (extension !== null) return { type: 'user', id: extension.userId };
    return /^\+?[1-9]\d{6,14}$/.test(to) ? { type: 'external', address: to } : null;
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
