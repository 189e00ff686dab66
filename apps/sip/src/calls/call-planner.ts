import {
  type CallBlockReason,
  CallerNumbers,
  CallPolicyService,
  chooseCallerId,
  classifyDialed,
  LiveCallRegistry,
  screenDestination,
  type UsableNumber,
} from '@switchyard/calls';
import { type AuthenticatedDevice, type DialedUser, DeviceDirectory } from '@switchyard/devices';

/** What a device's INVITE becomes, decided before anything goes out. */
export type CallPlan =
  | {
      readonly kind: 'outbound';
      readonly destination: string;
      readonly callerId: UsableNumber;
      readonly maxDurationMs: number;
    }
  | {
      readonly kind: 'internal';
      readonly extension: string;
      readonly dialed: DialedUser;
      readonly maxDurationMs: number;
    }
  | { readonly kind: 'unreachable'; readonly to: string; readonly sipStatus: number; readonly reason: string }
  | {
      readonly kind: 'blocked';
      readonly to: string;
      readonly callerId: UsableNumber | null;
      readonly reason: CallBlockReason;
      readonly detail: string;
    };

export interface DialedCall {
  readonly callId: string;
  readonly caller: AuthenticatedDevice;
  /** The user part of the Request-URI. */
  readonly dialed: string;
  /** The user part of From: the caller ID the device asks for. */
  readonly requestedCallerId: string | null;
  readonly nowMs: number;
}

/**
 * Decides a device's call (dial plan, caller ID, toll-fraud policy, account limits) so that a refused call never
 * leaves the building: the SIP side only carries the plan out.
 */
export class CallPlanner {
  constructor(
    private readonly numbers: CallerNumbers,
    private readonly policies: CallPolicyService,
    private readonly registry: LiveCallRegistry,
    private readonly devices: DeviceDirectory,
  ) {}

  async plan(call: DialedCall): Promise<CallPlan> {
    const { accountId, userId } = call.caller;
    const country = await this.numbers.accountCountry(accountId);
    const target = classifyDialed(call.dialed, country);
    if (target.kind === 'invalid') {
      return { kind: 'unreachable', to: call.dialed, sipStatus: 404, reason: 'Not Found' };
    }
    if (target.kind === 'extension') {
      const [dialed, policy] = await Promise.all([
        this.devices.dialExtension(accountId, target.extension),
        this.policies.policyOf(accountId),
      ]);
      if (dialed === null) {
        return { kind: 'unreachable', to: target.extension, sipStatus: 404, reason: 'Not Found' };
      }
      const maxDurationMs = policy.maxCallDurationSeconds * 1000;
      return { kind: 'internal', extension: target.extension, dialed, maxDurationMs };
    }

    const [usable, policy] = await Promise.all([
      this.numbers.usableBy(accountId, userId),
      this.policies.policyOf(accountId),
    ]);
    const chosen = chooseCallerId(call.requestedCallerId, usable, country);
    const blocked = (reason: CallBlockReason, detail: string): CallPlan => ({
      kind: 'blocked',
      to: target.e164,
      callerId: chosen?.number ?? null,
      reason,
      detail,
    });
    if (chosen === null) return blocked('caller_id_not_allowed', 'The caller has no number to call out with');
    const verdict = screenDestination(policy, target);
    if (!verdict.allowed) return blocked(verdict.reason, verdict.detail);
    const maxDurationMs = policy.maxCallDurationSeconds * 1000;
    const admission = await this.registry.admit({
      accountId,
      callId: call.callId,
      maxConcurrent: policy.maxConcurrentCalls,
      callsPerSecond: policy.callsPerSecond,
      maxDurationMs,
      nowMs: call.nowMs,
    });
    if (!admission.admitted) {
      return blocked(
        admission.reason,
        admission.reason === 'concurrency_limit'
          ? `The account already has ${policy.maxConcurrentCalls} calls in progress`
          : `The account may start at most ${policy.callsPerSecond} calls per second`,
      );
    }
    return { kind: 'outbound', destination: target.e164, callerId: chosen.number, maxDurationMs };
  }
}
