import {
  type CallRecord,
  CallRecorder,
  type CallRecordings,
  type CallDirection,
  LiveCallRegistry,
  type NewLeg,
  sandboxFarEndOutcome,
} from '@switchyard/calls';
import { type SipCallsConfig } from '@switchyard/config';
import { type Clock, newId } from '@switchyard/contracts';
import { CallerAuthenticator, type CallerOutcome, EdgeSecurityService } from '@switchyard/devices';
import { type Logger } from '@switchyard/logging';
import Srf from 'drachtio-srf';
import { addressOf, headerLines, userOf } from '../sip-headers';
import { anchoredCall, anchoredMediaOf, bridgeMediaOf } from './anchored-call';
import { type AnchoredMedia, CallAttempt, type AttemptOutcome } from './call-attempt';
import { type CallPlan, CallPlanner } from './call-planner';
import { type AnchoredCall, CallSession, connectionLostReason } from './call-session';
import { deviceTargets, trunkTarget } from './fork-targets';
import { InboundCalls, type InboundMedia } from './inbound-calls';
import { type LiveCalls } from './live-calls';

/** How long a draining instance asks callers to wait before trying again (they should reach another instance). */
const drainRetryAfterSeconds = 5;

function answerUnauthenticated(
  res: Srf.SrfResponse,
  outcome: Exclude<CallerOutcome, { kind: 'authenticated' }>,
) {
  switch (outcome.kind) {
    case 'challenge':
      return res.send(407, {
        headers: { 'Proxy-Authenticate': headerLines('Proxy-Authenticate', outcome.challenges) },
      });
    case 'forbidden':
      return res.send(403);
    case 'bad_request':
      return res.send(400, outcome.reason, {});
  }
}

/** A device's call being connected: its INVITE, its record, and the account it belongs to. */
interface DeviceCall {
  readonly req: Srf.SrfRequest;
  readonly res: Srf.SrfResponse;
  readonly record: CallRecord;
  readonly callerLegId: string;
  readonly accountId: string;
}

/**
 * New INVITEs. From the carrier's trunk (a trusted source): the called number's flow decides. From devices: digest
 * authentication (407), then the call plan, then the call itself, recorded from first to last message; with a media
 * engine the call is anchored there (hold, and recording on demand through the API). A draining instance refuses
 * new calls with 503 so that they go elsewhere.
 */
export class InviteHandler {
  constructor(
    private readonly srf: Srf,
    private readonly authenticator: CallerAuthenticator,
    private readonly edge: EdgeSecurityService,
    private readonly inbound: InboundCalls,
    private readonly planner: CallPlanner,
    private readonly recorder: CallRecorder,
    private readonly registry: LiveCallRegistry,
    private readonly liveCalls: LiveCalls,
    private readonly media: InboundMedia | null,
    private readonly recordings: CallRecordings,
    private readonly config: SipCallsConfig,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  install(): void {
    this.srf.invite((req, res) => {
      this.handle(req, res).catch((error: unknown) => {
        this.logger.error({ err: error, sipCallId: req.get('Call-ID') }, 'INVITE failed');
        if (!res.finalResponseSent) res.send(500);
      });
    });
  }

  private async handle(req: Srf.SrfRequest, res: Srf.SrfResponse): Promise<void> {
    if (this.liveCalls.draining) {
      return res.send(503, { headers: { 'Retry-After': String(drainRetryAfterSeconds) } });
    }
    if (this.edge.isTrustedSource(req.source_address)) return this.inbound.handle(req, res);
    const authentication = await this.authenticator.authenticate({
      method: req.method,
      requestUri: req.uri,
      from: req.get('From') ?? '',
      authorization: req.has('Proxy-Authorization') ? req.get('Proxy-Authorization') : undefined,
      source: { address: req.source_address, port: Number(req.source_port), protocol: req.protocol ?? '' },
    });
    if (authentication.kind !== 'authenticated') return answerUnauthenticated(res, authentication);

    const caller = authentication.caller;
    const callId = newId('call');
    const startedAt = this.clock.now();
    const plan = await this.planner.plan({
      callId,
      caller,
      dialed: userOf(req.uri) ?? '',
      // RFC 3325: a device asks for the identity to present with P-Preferred-Identity; From names the device itself.
      requestedCallerId: req.has('P-Preferred-Identity')
        ? userOf(addressOf(req.get('P-Preferred-Identity')))
        : null,
      nowMs: startedAt.getTime(),
    });
    const callerLeg: NewLeg = {
      id: newId('callLeg'),
      role: 'caller',
      sipCallId: req.get('Call-ID'),
      from: req.getParsedHeader('From').uri,
      to: req.uri,
      target: req.uri,
      deviceId: caller.deviceId,
      startedAt,
    };
    const record = this.recorder.begin(
      {
        id: callId,
        accountId: caller.accountId,
        direction: directionOf(plan),
        from: numberOf(plan)?.phoneNumber ?? caller.username,
        to: plan.kind === 'outbound' ? plan.destination : plan.kind === 'internal' ? plan.extension : plan.to,
        numberId: numberOf(plan)?.id ?? null,
        phoneNumber: numberOf(plan)?.phoneNumber ?? null,
        userId: caller.userId,
        deviceId: caller.deviceId,
        sipInstanceId: this.config.instanceId,
        startedAt,
      },
      callerLeg,
    );

    const call: DeviceCall = { req, res, record, callerLegId: callerLeg.id, accountId: caller.accountId };
    switch (plan.kind) {
      case 'blocked': {
        const at = this.clock.now();
        record.blocked(plan.reason, plan.detail, at);
        record.legEnded(callerLeg.id, { sipStatus: 403, sipReason: 'Forbidden', at });
        this.logger.info(
          { callId, reason: plan.reason, accountId: caller.accountId },
          'outbound call blocked',
        );
        return res.send(403, 'Forbidden', {
          headers: { Reason: `SIP;cause=403;text="${plan.reason}: ${plan.detail}"` },
        });
      }
      case 'unreachable': {
        res.send(plan.sipStatus, plan.reason, {});
        return this.settle(record, callerLeg.id, {
          kind: 'failed',
          sipStatus: plan.sipStatus,
          sipReason: plan.reason,
          source: 'callee',
        });
      }
      case 'outbound':
        return this.connect(call, plan.maxDurationMs, caller.accountId, (attempt) => {
          const trunk = this.config.trunk;
          const from = plan.callerId.phoneNumber;
          return trunk === undefined
            ? attempt.simulate(sandboxFarEndOutcome(plan.destination), plan.destination, from)
            : attempt.fork([trunkTarget(trunk, plan.destination, from)]);
        });
      case 'internal': {
        const others = plan.dialed.contacts.filter((contact) => contact.deviceId !== caller.deviceId);
        const from = { user: caller.username, domain: caller.domain };
        const to = { user: plan.extension, domain: caller.domain };
        return this.connect(call, plan.maxDurationMs, null, (attempt) =>
          attempt.fork(deviceTargets(others, from, to)),
        );
      }
    }
  }

  /**
   * Runs the attempt, then either bridges the answered call or closes the record with how it failed. With a media
   * engine, callees are offered the engine's SDP and the call is anchored there.
   */
  private async connect(
    call: DeviceCall,
    maxDurationMs: number,
    /** The account whose live-call limits admitted the call; released when it ends. */
    admittedFor: string | null,
    run: (attempt: CallAttempt) => Promise<AttemptOutcome>,
  ): Promise<void> {
    const { record } = call;
    const bridge = this.media && bridgeMediaOf(this.media.engine, call.req, { record, logger: this.logger });
    const release = async (anchored?: AnchoredCall) => {
      // A recording in progress is taken from the media session, so it is finished before the session goes.
      await anchored?.recording.finish();
      await bridge?.media.close().catch((error: unknown) => {
        this.logger.warn({ err: error, callId: record.id }, 'media session not deleted');
      });
      this.liveCalls.forget(record.id);
      if (admittedFor === null) return;
      this.registry.release(admittedFor, record.id).catch((error: unknown) => {
        this.logger.warn({ err: error, callId: record.id }, 'live call release failed; it expires by itself');
      });
    };
    let media: AnchoredMedia | undefined;
    try {
      media = bridge ? await anchoredMediaOf(bridge.media, bridge.callerTag) : undefined;
    } catch (error) {
      this.logger.warn({ err: error, callId: record.id }, 'media engine refused the call');
      call.res.send(503, 'Media not available', {});
      this.settle(record, call.callerLegId, {
        kind: 'failed',
        sipStatus: 503,
        sipReason: 'Media not available',
        source: 'system',
      });
      return release();
    }
    const attempt = new CallAttempt(this.srf, call.req, call.res, record, this.clock, {
      ...(media && { media }),
    });
    this.liveCalls.track(record.id, {
      hangUp: (source) => attempt.abort(source),
      abandon: () => {
        attempt.abandon();
        const reason = connectionLostReason;
        this.settle(record, call.callerLegId, {
          kind: 'failed',
          sipStatus: 503,
          sipReason: reason,
          source: 'system',
        });
        void release();
      },
    });
    let outcome: AttemptOutcome;
    try {
      outcome = await run(attempt);
    } catch (error) {
      await release();
      throw error;
    }
    if (attempt.abandoned) return;
    if (outcome.kind === 'failed') {
      this.settle(record, call.callerLegId, outcome);
      return release();
    }
    const at = this.clock.now();
    record.legAnswered(call.callerLegId, at);
    record.answered(at);
    const anchored =
      bridge &&
      anchoredCall(
        {
          recordings: this.recordings,
          // Only calls with a media engine are anchored.
          holdMusic: this.media!.holdMusic,
          clock: this.clock,
          logger: this.logger,
        },
        bridge.media,
        bridge.callerTag,
        // A device's call has no number of the account's to say otherwise: recorded when the API asks.
        { accountId: call.accountId, callId: record.id, recording: 'on_demand' },
        null,
      );
    const session = new CallSession(
      record,
      call.callerLegId,
      outcome.caller,
      outcome.far,
      this.clock,
      maxDurationMs,
      () => void release(anchored ?? undefined),
      anchored ?? undefined,
    );
    this.liveCalls.update(record.id, session);
  }

  private settle(
    record: CallRecord,
    callerLegId: string,
    outcome: Extract<AttemptOutcome, { kind: 'failed' }>,
  ): void {
    const ending = { sipStatus: outcome.sipStatus, sipReason: outcome.sipReason, at: this.clock.now() };
    record.legEnded(callerLegId, ending);
    record.ended({ ...ending, hangupSource: outcome.source });
  }
}

function directionOf(plan: CallPlan): CallDirection {
  if (plan.kind === 'internal') return 'internal';
  if (plan.kind === 'unreachable' && !plan.to.startsWith('+')) return 'internal';
  return 'outbound';
}

function numberOf(plan: CallPlan) {
  if (plan.kind === 'outbound') return plan.callerId;
  if (plan.kind === 'blocked') return plan.callerId;
  return null;
}
