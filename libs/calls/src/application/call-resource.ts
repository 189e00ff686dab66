import { callDurations } from '../domain';
import { type CallLegRow, type CallMediaStats, type CallRow } from '../infrastructure/call.repository';

const iso = (time: Date | null) => time?.toISOString() ?? null;

function legResource(leg: CallLegRow) {
  return {
    id: leg.id,
    object: 'call_leg' as const,
    role: leg.role,
    sipCallId: leg.sipCallId,
    from: leg.from,
    to: leg.to,
    target: leg.target,
    deviceId: leg.deviceId,
    status: leg.status,
    sipStatus: leg.sipStatus,
    sipReason: leg.sipReason,
    startedAt: leg.startedAt.toISOString(),
    answeredAt: iso(leg.answeredAt),
    endedAt: iso(leg.endedAt),
  };
}

function mediaStatsResource(stats: CallMediaStats) {
  return {
    packets: stats.packets,
    bytes: stats.bytes,
    errors: stats.errors,
    legs: stats.legs.map((leg) => ({
      role: leg.role,
      packets: leg.packets,
      bytes: leg.bytes,
      errors: leg.errors,
    })),
    quality: stats.quality.map((stream) => ({
      mos: stream.mos,
      jitterMs: stream.jitterMs,
      packetLossPercent: stream.packetLossPercent,
      roundTripMs: stream.roundTripMs,
    })),
  };
}

/** A call as the REST API and every `call.*` event show it, live or finished. */
export function callResource(call: CallRow) {
  const durations = callDurations(call);
  return {
    id: call.id,
    object: 'call' as const,
    direction: call.direction,
    from: call.from,
    to: call.to,
    numberId: call.numberId,
    phoneNumber: call.phoneNumber,
    userId: call.userId,
    deviceId: call.deviceId,
    status: call.status,
    timeline: call.timeline.map((change) => ({ status: change.status, at: change.at.toISOString() })),
    sipStatus: call.sipStatus,
    sipReason: call.sipReason,
    blockedReason: call.blockedReason,
    hangupSource: call.hangupSource,
    flow:
      call.flowId === null
        ? null
        : {
            flowId: call.flowId,
            versionId: call.flowVersionId,
            path: call.flowPath.map((step) => ({ ...step })),
          },
    totalSeconds: durations.totalSeconds,
    billableSeconds: durations.billableSeconds,
    startedAt: call.startedAt.toISOString(),
    ringingAt: iso(call.ringingAt),
    answeredAt: iso(call.answeredAt),
    endedAt: iso(call.endedAt),
    legs: call.legs.map(legResource),
    mediaStats: call.mediaStats && mediaStatsResource(call.mediaStats),
    createdAt: call.createdAt.toISOString(),
    updatedAt: call.updatedAt.toISOString(),
  };
}

export type CallResource = ReturnType<typeof callResource>;
export type CallLegResource = CallResource['legs'][number];
