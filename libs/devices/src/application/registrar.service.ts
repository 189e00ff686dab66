import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { planRegistration, secondsLeft } from '../domain/registration';
import { registerTarget } from '../domain/register-target';
import { LocationStore } from '../infrastructure/location.store';
import { REGISTRAR_CONFIG, type SipRegistrarConfig } from './devices-settings';
import { DigestAuthenticator } from './digest-authenticator';

/** A REGISTER as the SIP glue hands it over: header values as received, and where it came from. */
export interface RegisterRequest {
  readonly requestUri: string;
  readonly to: string;
  readonly callId: string;
  readonly cseq: number;
  /** Contact header lines joined by commas; undefined when there is none (a query). */
  readonly contact: string | undefined;
  readonly expires: string | undefined;
  readonly authorization: string | undefined;
  readonly userAgent: string | undefined;
  readonly source: { readonly address: string; readonly port: number; readonly protocol: string };
}

/**
 * The answer to send. Unknown users, wrong passwords, disabled devices, disallowed transports and registrations of
 * another user's address all get the same `forbidden`, and every challenge has the same shape, so answers never
 * tell whether a username exists.
 */
export type RegisterOutcome =
  | { readonly kind: 'challenge'; readonly challenges: readonly string[] }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'interval_too_brief'; readonly minExpires: number }
  | { readonly kind: 'bad_request'; readonly reason: string }
  | {
      readonly kind: 'registered';
      readonly contacts: readonly { readonly contact: string; readonly expiresSeconds: number }[];
    };

const forbidden: RegisterOutcome = { kind: 'forbidden' };

/** The registrar: digest authentication of REGISTER (RFC 3261 §10.3, §22; RFC 8760) and the location store. */
@Injectable()
export class RegistrarService {
  constructor(
    @Inject(REGISTRAR_CONFIG) private readonly config: SipRegistrarConfig,
    @Inject(DigestAuthenticator) private readonly digest: DigestAuthenticator,
    @Inject(LocationStore) private readonly locations: LocationStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async register(request: RegisterRequest): Promise<RegisterOutcome> {
    const target = registerTarget(request.requestUri, request.to, this.config.domain);
    if (target.kind === 'forbidden') return forbidden;
    const verdict = await this.digest.verify({
      method: 'REGISTER',
      requestUri: request.requestUri,
      authorization: request.authorization,
      claimed: target,
      source: request.source,
    });
    if (verdict.kind !== 'authenticated') return verdict;
    const { device, transport } = verdict;
    const now = this.clock.now().getTime();
    const stored = await this.locations.bindings(device.id);

    const plan = planRegistration(
      stored,
      {
        contact: request.contact,
        expires: request.expires,
        callId: request.callId,
        cseq: request.cseq,
        userAgent: request.userAgent ?? null,
        sourceAddress: request.source.address,
        sourcePort: request.source.port,
        transport,
      },
      now,
      {
        minSeconds: this.config.minExpiresSeconds,
        maxSeconds: this.config.maxExpiresSeconds,
        defaultSeconds: this.config.defaultExpiresSeconds,
      },
    );
    if (plan.kind === 'interval_too_brief') return plan;
    if (plan.kind === 'invalid') return { kind: 'bad_request', reason: plan.reason };
    await this.locations.apply(device.id, plan, now);
    return {
      kind: 'registered',
      contacts: plan.bindings.map((binding) => ({
        contact: binding.contact,
        expiresSeconds: secondsLeft(binding, now),
      })),
    };
  }
}
