import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { banFor, type BanPolicy, failureWindowStart } from '../domain/ban-policy';
import { CidrList } from '../domain/ip-address';
import { ScannerUserAgents } from '../domain/scanner-user-agents';
import { isFull, takeToken, type TokenBucket, type TokenBucketPolicy } from '../domain/token-bucket';
import { BanStore } from '../infrastructure/ban.store';
import { EDGE_SECURITY_CONFIG, type SipEdgeSecurityConfig } from './devices-settings';
import { SipSecurityEventPublisher } from './sip-security-event-publisher';

export interface ScreenedRequest {
  readonly method: string;
  readonly userAgent: string | undefined;
  readonly sourceAddress: string;
}

/**
 * What happens to a request at the edge, before any database work:
 * - `pass`: handle it;
 * - `drop`: answer nothing, so a scanner or a banned address learns nothing and costs nothing;
 * - `limit`: 503 Service Unavailable with Retry-After, so a misbehaving phone backs off.
 */
export type EdgeVerdict =
  | { readonly action: 'pass' }
  | { readonly action: 'drop'; readonly reason: 'scanner' | 'banned' }
  | { readonly action: 'limit'; readonly retryAfterSeconds: number };

const rateLimitedMethods = new Set(['REGISTER', 'INVITE']);
/** Idle full buckets (and expired "not banned" answers) are forgotten once this many sources are tracked. */
const sweepThreshold = 50_000;
/** How long an address found not banned is believed so: a ban by another sip instance applies here within it. */
const notBannedTtlMs = 1_000;

/**
 * Edge security of the SIP app. Trusted carrier addresses skip every check. Rate limits are token buckets per
 * source address kept in this process: each sip instance limits on its own, so behind a balancer that spreads one
 * source over N instances the source gets up to N times the rate. Failures and bans live in Redis and are shared;
 * a ban made by another instance applies here within a second.
 */
@Injectable()
export class EdgeSecurityService {
  private readonly trusted: CidrList;
  private readonly scanners: ScannerUserAgents;
  private readonly bucketPolicy: TokenBucketPolicy;
  private readonly banPolicy: BanPolicy;
  private readonly buckets = new Map<string, TokenBucket>();
  /** Addresses recently found not banned, with until when; banned ones are always asked again, so a lift is seen. */
  private readonly notBannedUntil = new Map<string, number>();

  constructor(
    @Inject(EDGE_SECURITY_CONFIG) config: SipEdgeSecurityConfig,
    @Inject(BanStore) private readonly bans: BanStore,
    @Inject(SipSecurityEventPublisher) private readonly events: SipSecurityEventPublisher,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.trusted = new CidrList(config.trustedSources);
    this.scanners = new ScannerUserAgents(config.scannerUserAgents);
    this.bucketPolicy = {
      capacity: config.rateLimitRequests,
      windowMs: config.rateLimitWindowSeconds * 1000,
    };
    this.banPolicy = {
      failureLimit: config.authFailureLimit,
      failureWindowMs: config.authFailureWindowSeconds * 1000,
      banMs: config.banSeconds * 1000,
    };
  }

  /** A carrier's trunk or another configured trusted source: its calls are the carrier's, not a device's. */
  isTrustedSource(address: string): boolean {
    return this.trusted.contains(address);
  }

  async screen(request: ScreenedRequest): Promise<EdgeVerdict> {
    if (this.trusted.contains(request.sourceAddress)) return { action: 'pass' };
    if (this.scanners.matches(request.userAgent)) return { action: 'drop', reason: 'scanner' };
    if (await this.isBanned(request.sourceAddress)) return { action: 'drop', reason: 'banned' };
    if (!rateLimitedMethods.has(request.method)) return { action: 'pass' };
    const verdict = this.takeToken(request.sourceAddress);
    return verdict.allowed
      ? { action: 'pass' }
      : { action: 'limit', retryAfterSeconds: Math.ceil(verdict.retryAfterMs / 1000) };
  }

  /** Counts a failed authentication against the address, and bans it at the limit; each ban is reported once. */
  async recordAuthFailure(address: string, domain: string | null): Promise<void> {
    if (this.trusted.contains(address)) return;
    const now = this.clock.now().getTime();
    const failures = await this.bans.recordFailure(address, now, failureWindowStart(now, this.banPolicy));
    const ban = banFor(address, domain, failures, now, this.banPolicy);
    if (!ban) return;
    const created = await this.bans.ban(ban, now);
    this.notBannedUntil.delete(address);
    if (created) await this.events.sourceBanned(ban);
  }

  private async isBanned(address: string): Promise<boolean> {
    const now = this.clock.now().getTime();
    if ((this.notBannedUntil.get(address) ?? 0) > now) return false;
    const banned = await this.bans.isBanned(address);
    if (!banned) {
      if (this.notBannedUntil.size >= sweepThreshold) {
        for (const [source, until] of this.notBannedUntil)
          if (until <= now) this.notBannedUntil.delete(source);
      }
      this.notBannedUntil.set(address, now + notBannedTtlMs);
    }
    return banned;
  }

  private takeToken(address: string) {
    const now = this.clock.now().getTime();
    if (this.buckets.size >= sweepThreshold) {
      for (const [source, bucket] of this.buckets) {
        if (isFull(bucket, now, this.bucketPolicy)) this.buckets.delete(source);
      }
    }
    const verdict = takeToken(this.buckets.get(address), now, this.bucketPolicy);
    this.buckets.set(address, verdict.bucket);
    return verdict;
  }
}
