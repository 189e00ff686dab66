import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, TtlCache } from '@switchyard/contracts';
import { type AccountAddress } from '../domain/account-address';
import { type SipTransport, transportOf } from '../domain/device';
import { type DigestCredentials } from '../domain/digest';
import {
  deviceMayAct,
  digestChallenges,
  provesPassword,
  readDigestAnswer,
} from '../domain/digest-verification';
import { type DeviceRecord, DeviceRepository } from '../infrastructure/device.repository';
import { NonceCountStore } from '../infrastructure/nonce-count.store';
import { REGISTRAR_CONFIG, type SipRegistrarConfig } from './devices-settings';
import { EdgeSecurityService } from './edge-security.service';
import { SipDomainService } from './sip-domain.service';

/** A request a device signs with digest credentials, in the name of the user at the account domain it claims. */
export interface DigestAttempt {
  readonly method: string;
  readonly requestUri: string;
  /** The Authorization (REGISTER) or Proxy-Authorization (INVITE) value as received. */
  readonly authorization: string | undefined;
  /** From the To header of a REGISTER, the From header of an INVITE. */
  readonly claimed: AccountAddress;
  readonly source: { readonly address: string; readonly protocol: string };
}

/**
 * Unknown users, wrong passwords, disabled devices, disallowed transports and requests in another user's name all
 * get the same `forbidden`, and every challenge has the same shape, so answers never tell whether a username exists.
 */
export type DigestVerdict =
  | { readonly kind: 'challenge'; readonly challenges: readonly string[] }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'bad_request'; readonly reason: string }
  | {
      readonly kind: 'authenticated';
      readonly device: DeviceRecord;
      readonly transport: SipTransport;
    };

/** How long this process trusts device credentials it read; a rotated password may work this long elsewhere. */
const credentialCacheTtlMs = 5_000;

const forbidden: DigestVerdict = { kind: 'forbidden' };

/**
 * Digest authentication of devices, one verifier for REGISTER and for the requests they make as callers: nonces
 * that expire, nonce counts that cannot be replayed, and failures counted toward bans of the source address.
 */
@Injectable()
export class DigestAuthenticator {
  private readonly credentials: TtlCache<DeviceRecord | null>;

  constructor(
    @Inject(REGISTRAR_CONFIG) private readonly config: SipRegistrarConfig,
    @Inject(SipDomainService) private readonly domains: SipDomainService,
    @Inject(DeviceRepository) private readonly devices: DeviceRepository,
    @Inject(NonceCountStore) private readonly nonceCounts: NonceCountStore,
    @Inject(EdgeSecurityService) private readonly edge: EdgeSecurityService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.credentials = new TtlCache(credentialCacheTtlMs, clock);
  }

  async verify(attempt: DigestAttempt): Promise<DigestVerdict> {
    const realm = attempt.claimed.domain;
    const now = this.clock.now().getTime();
    const answer = readDigestAnswer(
      attempt.authorization,
      {
        realm,
        requestUri: attempt.requestUri,
        nonceSecret: this.config.nonceSecret,
        nonceTtlMs: this.nonceTtlMs,
      },
      now,
    );
    if (answer.kind === 'unusable') return this.challenge(realm, now, false);
    if (answer.kind === 'uri_mismatch') return { kind: 'bad_request', reason: 'Digest URI Mismatch' };

    const { credentials } = answer;
    const accountId = await this.domains.accountOf(attempt.claimed.subdomain);
    const device =
      accountId === null ? null : await this.authenticatedDevice(accountId, credentials, attempt.method);
    const transport = transportOf(attempt.source.protocol);
    const allowed =
      device !== null && transport !== undefined && deviceMayAct(device, attempt.claimed.user, transport);
    if (!allowed) {
      await this.edge.recordAuthFailure(attempt.source.address, realm);
      return forbidden;
    }
    // RFC 7616: stale only once the answer proved the password, so the client retries without asking its user.
    if (answer.nonce === 'stale') return this.challenge(realm, now, true);
    if (!(await this.nonceCounts.claim(credentials.nonce, credentials.nc, this.nonceTtlMs))) {
      return this.challenge(realm, now, false);
    }
    return { kind: 'authenticated', device, transport };
  }

  private get nonceTtlMs(): number {
    return this.config.nonceTtlSeconds * 1000;
  }

  private challenge(realm: string, now: number, stale: boolean): DigestVerdict {
    const random = randomBytes(12).toString('base64url');
    return {
      kind: 'challenge',
      challenges: digestChallenges(this.config.nonceSecret, realm, now, random, stale),
    };
  }

  /**
   * The device whose password the answer proves, or null. A cached device that fails is read again once, so a
   * just-rotated password works at once.
   */
  private async authenticatedDevice(
    accountId: string,
    credentials: DigestCredentials,
    method: string,
  ): Promise<DeviceRecord | null> {
    const key = `${accountId}:${credentials.username}`;
    const load = () => this.devices.findByUsername(accountId, credentials.username);
    const proves = (device: DeviceRecord | null) =>
      provesPassword(credentials, device, method, this.config.nonceSecret);
    const cached = await this.credentials.getOrLoad(key, load);
    if (proves(cached)) return cached;
    this.credentials.delete(key);
    const fresh = await this.credentials.getOrLoad(key, load);
    return proves(fresh) ? fresh : null;
  }
}
