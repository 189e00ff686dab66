import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, TtlCache } from '@switchyard/contracts';
import { transportOf } from '../domain/device';
import {
  type DigestCredentials,
  digestAlgorithms,
  digestChallenge,
  digestHa1,
  digestMatches,
  parseDigestCredentials,
} from '../domain/digest';
import { checkNonce, issueNonce } from '../domain/nonce';
import { planRegistration, secondsLeft } from '../domain/registration';
import { registerTarget } from '../domain/register-target';
import { type DeviceRecord, DeviceRepository } from '../infrastructure/device.repository';
import { LocationStore } from '../infrastructure/location.store';
import { NonceCountStore } from '../infrastructure/nonce-count.store';
import { REGISTRAR_CONFIG, type SipRegistrarConfig } from './devices-settings';
import { EdgeSecurityService } from './edge-security.service';
import { SipDomainService } from './sip-domain.service';

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

/** How long this process trusts device credentials it read; a rotated password may work this long elsewhere. */
const credentialCacheTtlMs = 5_000;

const forbidden: RegisterOutcome = { kind: 'forbidden' };

/** The registrar: digest authentication of REGISTER (RFC 3261 §10.3, §22; RFC 8760) and the location store. */
@Injectable()
export class RegistrarService {
  private readonly credentials: TtlCache<DeviceRecord | null>;

  constructor(
    @Inject(REGISTRAR_CONFIG) private readonly config: SipRegistrarConfig,
    @Inject(SipDomainService) private readonly domains: SipDomainService,
    @Inject(DeviceRepository) private readonly devices: DeviceRepository,
    @Inject(LocationStore) private readonly locations: LocationStore,
    @Inject(NonceCountStore) private readonly nonceCounts: NonceCountStore,
    @Inject(EdgeSecurityService) private readonly edge: EdgeSecurityService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.credentials = new TtlCache(credentialCacheTtlMs, clock);
  }

  async register(request: RegisterRequest): Promise<RegisterOutcome> {
    const target = registerTarget(request.requestUri, request.to, this.config.domain);
    if (target.kind === 'forbidden') return forbidden;
    const now = this.clock.now().getTime();
    const credentials =
      request.authorization === undefined ? undefined : parseDigestCredentials(request.authorization);
    if (!credentials || credentials.realm !== target.domain) return this.challenge(target.domain, now, false);
    const nonce = checkNonce(this.config.nonceSecret, target.domain, credentials.nonce, now, this.nonceTtlMs);
    if (nonce === 'invalid') return this.challenge(target.domain, now, false);
    if (credentials.uri !== request.requestUri) return { kind: 'bad_request', reason: 'Digest URI Mismatch' };

    const accountId = await this.domains.accountOf(target.subdomain);
    const device =
      accountId === null ? null : await this.authenticatedDevice(accountId, credentials, target.domain);
    const transport = transportOf(request.source.protocol);
    const allowed =
      device !== null &&
      device.enabled &&
      credentials.username === target.user &&
      transport !== undefined &&
      device.transports.includes(transport);
    if (!allowed) {
      await this.edge.recordAuthFailure(request.source.address, target.domain);
      return forbidden;
    }
    // RFC 7616: stale only once the answer proved the password, so the client retries without asking its user.
    if (nonce === 'stale') return this.challenge(target.domain, now, true);
    const [fresh, stored] = await Promise.all([
      this.nonceCounts.claim(credentials.nonce, credentials.nc, this.nonceTtlMs),
      this.locations.bindings(device.id),
    ]);
    if (!fresh) return this.challenge(target.domain, now, false);

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

  private get nonceTtlMs(): number {
    return this.config.nonceTtlSeconds * 1000;
  }

  private challenge(realm: string, now: number, stale: boolean): RegisterOutcome {
    const nonce = issueNonce(this.config.nonceSecret, realm, now, randomBytes(12).toString('base64url'));
    return {
      kind: 'challenge',
      challenges: digestAlgorithms.map((algorithm) => digestChallenge({ realm, nonce, algorithm, stale })),
    };
  }

  /**
   * The device whose password the answer proves, or null. Unknown usernames are checked against a made-up HA1 so
   * they cost the same work. A cached device that fails is read again once, so a just-rotated password works.
   */
  private async authenticatedDevice(
    accountId: string,
    credentials: DigestCredentials,
    realm: string,
  ): Promise<DeviceRecord | null> {
    const key = `${accountId}:${credentials.username}`;
    const load = () => this.devices.findByUsername(accountId, credentials.username);
    const proves = (device: DeviceRecord | null): boolean => {
      const ha1 =
        device === null
          ? digestHa1(credentials.algorithm, credentials.username, realm, this.config.nonceSecret)
          : credentials.algorithm === 'MD5'
            ? device.ha1Md5
            : device.ha1Sha256;
      return digestMatches(credentials, ha1, 'REGISTER') && device !== null;
    };
    const cached = await this.credentials.getOrLoad(key, load);
    if (proves(cached)) return cached;
    this.credentials.delete(key);
    const fresh = await this.credentials.getOrLoad(key, load);
    return proves(fresh) ? fresh : null;
  }
}
