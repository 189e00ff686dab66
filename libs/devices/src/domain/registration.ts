import { parseNameAddr, splitHeaderList } from './sip-header';

/**
 * The registrar's bindings (RFC 3261 §10.3): each contact of a device is kept with its own expiry, updated or
 * removed by later REGISTERs, and a request can only change a binding with a newer CSeq of the same Call-ID.
 */
export interface ExpiryPolicy {
  readonly minSeconds: number;
  readonly maxSeconds: number;
  readonly defaultSeconds: number;
}

export interface Binding {
  /** The contact URI, without header parameters. */
  readonly contact: string;
  readonly expiresAt: number;
  readonly callId: string;
  readonly cseq: number;
  readonly userAgent: string | null;
  readonly sourceAddress: string;
  readonly sourcePort: number;
  readonly transport: string;
  readonly registeredAt: number;
}

export interface RegistrationRequest {
  /** The Contact header(s), joined by commas; undefined for a query of the current bindings. */
  readonly contact: string | undefined;
  readonly expires: string | undefined;
  readonly callId: string;
  readonly cseq: number;
  readonly userAgent: string | null;
  readonly sourceAddress: string;
  readonly sourcePort: number;
  readonly transport: string;
}

export type RegistrationPlan =
  | {
      readonly kind: 'apply';
      /** Bindings to write (new or updated). */
      readonly upserts: readonly Binding[];
      /** Contacts to delete: unregistered, expired, or beyond the per-device limit. */
      readonly removals: readonly string[];
      /** Every binding after the change, soonest expiry first. */
      readonly bindings: readonly Binding[];
    }
  | { readonly kind: 'interval_too_brief'; readonly minExpires: number }
  | { readonly kind: 'invalid'; readonly reason: string };

/** More contacts than this per device and the ones expiring soonest give way. */
export const maxContactsPerDevice = 10;

function parseSeconds(value: string | undefined): number | undefined | null {
  if (value === undefined) return undefined;
  return /^\d{1,10}$/.test(value.trim()) ? Number(value.trim()) : null;
}

/** The bindings that have not expired at `nowMs`, soonest expiry first. */
export function liveBindings(bindings: readonly Binding[], nowMs: number): Binding[] {
  return bindings.filter((binding) => binding.expiresAt > nowMs).sort((a, b) => a.expiresAt - b.expiresAt);
}

/** Seconds until a binding expires, as the 200 OK states it in the Contact's `expires` parameter. */
export function secondsLeft(binding: Binding, nowMs: number): number {
  return Math.max(0, Math.ceil((binding.expiresAt - nowMs) / 1000));
}

export function planRegistration(
  existing: readonly Binding[],
  request: RegistrationRequest,
  nowMs: number,
  policy: ExpiryPolicy,
): RegistrationPlan {
  const current = new Map(liveBindings(existing, nowMs).map((binding) => [binding.contact, binding]));
  const expired = existing.filter((binding) => binding.expiresAt <= nowMs).map((binding) => binding.contact);
  const headerExpires = parseSeconds(request.expires);
  if (headerExpires === null) return { kind: 'invalid', reason: 'Invalid Expires' };
  const removals = new Set(expired);
  const upserts: Binding[] = [];
  const entries = request.contact === undefined ? [] : splitHeaderList(request.contact);

  const outOfOrder = (binding: Binding | undefined): boolean =>
    binding !== undefined && binding.callId === request.callId && request.cseq <= binding.cseq;

  if (entries.length === 1 && entries[0] === '*') {
    if (headerExpires !== 0) return { kind: 'invalid', reason: 'Wildcard Contact needs Expires: 0' };
    if ([...current.values()].some(outOfOrder)) return { kind: 'invalid', reason: 'Out of order CSeq' };
    for (const contact of current.keys()) removals.add(contact);
    current.clear();
  } else {
    for (const entry of entries) {
      const address = parseNameAddr(entry);
      if (!address) return { kind: 'invalid', reason: 'Invalid Contact' };
      const parameter = parseSeconds(address.params.get('expires'));
      if (parameter === null) return { kind: 'invalid', reason: 'Invalid Contact expires' };
      const requested = parameter ?? headerExpires ?? policy.defaultSeconds;
      if (requested > 0 && requested < policy.minSeconds) {
        return { kind: 'interval_too_brief', minExpires: policy.minSeconds };
      }
      const previous = current.get(address.uri);
      if (outOfOrder(previous)) return { kind: 'invalid', reason: 'Out of order CSeq' };
      if (requested === 0) {
        if (previous) removals.add(address.uri);
        current.delete(address.uri);
        continue;
      }
      const binding: Binding = {
        contact: address.uri,
        expiresAt: nowMs + Math.min(requested, policy.maxSeconds) * 1000,
        callId: request.callId,
        cseq: request.cseq,
        userAgent: request.userAgent,
        sourceAddress: request.sourceAddress,
        sourcePort: request.sourcePort,
        transport: request.transport,
        registeredAt: nowMs,
      };
      current.set(binding.contact, binding);
      removals.delete(binding.contact);
      upserts.push(binding);
    }
  }
  const bindings = liveBindings([...current.values()], nowMs);
  for (const evicted of bindings.splice(0, Math.max(0, bindings.length - maxContactsPerDevice))) {
    removals.add(evicted.contact);
  }
  const kept = new Set(bindings.map((binding) => binding.contact));
  return {
    kind: 'apply',
    upserts: upserts.filter((binding) => kept.has(binding.contact)),
    removals: [...removals],
    bindings,
  };
}
