import { fixedClock } from '@switchyard/contracts';
import { describe, expect, it } from 'vitest';
import {
  type Binding,
  maxContactsPerDevice,
  planRegistration,
  type RegistrationRequest,
  secondsLeft,
} from './registration';

const policy = { minSeconds: 60, maxSeconds: 3_600, defaultSeconds: 600 };
const source = { sourceAddress: '192.0.2.10', sourcePort: 5062, transport: 'udp', userAgent: 'Phone/1.0' };

function request(
  contact: string | undefined,
  overrides: Partial<RegistrationRequest> = {},
): RegistrationRequest {
  return { contact, expires: undefined, callId: 'call-1', cseq: 1, ...source, ...overrides };
}

function applied(plan: ReturnType<typeof planRegistration>) {
  if (plan.kind !== 'apply') throw new Error(`expected apply, got ${plan.kind}`);
  return plan;
}

describe('registration planning', () => {
  const clock = fixedClock('2026-11-23T10:00:00Z');
  const now = clock.now().getTime();

  it('binds each contact with its own expiry: parameter, else Expires header, else the default', () => {
    const plan = applied(
      planRegistration(
        [],
        request('<sip:a@192.0.2.10:5062>;expires=120, <sip:b@192.0.2.10:5063>', { expires: '300' }),
        now,
        policy,
      ),
    );
    expect(plan.bindings.map((binding) => [binding.contact, secondsLeft(binding, now)])).toEqual([
      ['sip:a@192.0.2.10:5062', 120],
      ['sip:b@192.0.2.10:5063', 300],
    ]);
    const defaulted = applied(planRegistration([], request('<sip:c@192.0.2.10>'), now, policy));
    expect(secondsLeft(defaulted.bindings[0]!, now)).toBe(600);
    expect(defaulted.bindings[0]).toMatchObject({ ...source, callId: 'call-1', cseq: 1, registeredAt: now });
  });

  it('shortens too long expiries to the maximum and refuses too brief ones with the minimum', () => {
    const plan = applied(planRegistration([], request('<sip:a@h>;expires=86400'), now, policy));
    expect(secondsLeft(plan.bindings[0]!, now)).toBe(3_600);
    expect(planRegistration([], request('<sip:a@h>;expires=59'), now, policy)).toEqual({
      kind: 'interval_too_brief',
      minExpires: 60,
    });
    expect(planRegistration([], request('<sip:a@h>', { expires: '30' }), now, policy).kind).toBe(
      'interval_too_brief',
    );
  });

  it('keeps other contacts, refreshes a known one, and drops expired ones', () => {
    const first = applied(
      planRegistration([], request('<sip:a@h>, <sip:b@h>', { expires: '60' }), now, policy),
    );
    clock.advance(30_000);
    const refreshed = applied(
      planRegistration(
        first.bindings,
        request('<sip:a@h>', { cseq: 2, expires: '600' }),
        clock.now().getTime(),
        policy,
      ),
    );
    expect(refreshed.bindings.map((binding) => binding.contact)).toEqual(['sip:b@h', 'sip:a@h']);
    expect(refreshed.upserts.map((binding) => binding.contact)).toEqual(['sip:a@h']);
    clock.advance(31_000);
    const later = applied(
      planRegistration(refreshed.bindings, request(undefined), clock.now().getTime(), policy),
    );
    expect(later.bindings.map((binding) => binding.contact)).toEqual(['sip:a@h']);
    expect(later.removals).toEqual(['sip:b@h']);
    clock.set('2026-11-23T10:00:00Z');
  });

  it('unregisters one contact with expires 0, or all with Contact: * and Expires: 0', () => {
    const first = applied(planRegistration([], request('<sip:a@h>, <sip:b@h>'), now, policy));
    const one = applied(
      planRegistration(first.bindings, request('<sip:a@h>;expires=0', { cseq: 2 }), now, policy),
    );
    expect(one.removals).toEqual(['sip:a@h']);
    expect(one.bindings.map((binding) => binding.contact)).toEqual(['sip:b@h']);
    const all = applied(
      planRegistration(first.bindings, request('*', { cseq: 2, expires: '0' }), now, policy),
    );
    expect([...all.removals].sort()).toEqual(['sip:a@h', 'sip:b@h']);
    expect(all.bindings).toEqual([]);
    expect(planRegistration(first.bindings, request('*', { cseq: 3, expires: '60' }), now, policy)).toEqual({
      kind: 'invalid',
      reason: 'Wildcard Contact needs Expires: 0',
    });
  });

  it('refuses an older or repeated CSeq of the same Call-ID, and malformed values', () => {
    const first = applied(planRegistration([], request('<sip:a@h>', { cseq: 5 }), now, policy));
    expect(planRegistration(first.bindings, request('<sip:a@h>', { cseq: 5 }), now, policy)).toEqual({
      kind: 'invalid',
      reason: 'Out of order CSeq',
    });
    expect(
      planRegistration(first.bindings, request('<sip:a@h>', { cseq: 1, callId: 'other' }), now, policy).kind,
    ).toBe('apply');
    expect(planRegistration([], request('<sip:a@h>', { expires: 'soon' }), now, policy).kind).toBe('invalid');
    expect(planRegistration([], request('<sip:a@h>;expires=-1'), now, policy).kind).toBe('invalid');
    expect(planRegistration([], request('garbage'), now, policy).kind).toBe('invalid');
  });

  it(`keeps at most ${maxContactsPerDevice} contacts, evicting the ones expiring first`, () => {
    const existing: Binding[] = Array.from({ length: maxContactsPerDevice }, (_, index) => ({
      contact: `sip:old${index}@h`,
      expiresAt: now + (index + 1) * 60_000,
      callId: `c${index}`,
      cseq: 1,
      userAgent: null,
      sourceAddress: '192.0.2.10',
      sourcePort: 5060,
      transport: 'udp',
      registeredAt: now,
    }));
    const plan = applied(planRegistration(existing, request('<sip:new@h>;expires=3600'), now, policy));
    expect(plan.bindings).toHaveLength(maxContactsPerDevice);
    expect(plan.removals).toEqual(['sip:old0@h']);
    expect(plan.bindings.at(-1)?.contact).toBe('sip:new@h');
  });
});
