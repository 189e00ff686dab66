import { type Clock } from '@switchyard/contracts';
import { UnauthenticatedError } from '@switchyard/errors';
import { type Database } from '@switchyard/prisma';
import { verifyAccessToken } from './access-token';
import { type Principal, scopesOfRole } from './principal';
import { constantTimeEqual, hashApiKeySecret, parseApiKey } from './secrets';

export interface AuthenticatorSettings {
  readonly tokenSecret: string;
  /** How long a verified API key is trusted without asking Postgres again; revocation elsewhere waits this long. */
  readonly apiKeyCacheMs: number;
  /** lastUsedAt is written at most this often per key, to keep writes off the request path. */
  readonly lastUsedResolutionMs: number;
}

interface CachedKey {
  readonly id: string;
  readonly accountId: string;
  readonly secretHash: string;
  readonly scopes: ReadonlySet<string>;
  readonly active: boolean;
  readonly cachedAt: number;
  lastUsedWrittenAt: number;
}

const invalid = () =>
  new UnauthenticatedError('invalid_credentials', 'The API key or access token is not valid.');

/** Turns an Authorization header into a principal, or refuses with the same answer for every failure. */
export class Authenticator {
  private readonly keys = new Map<string, CachedKey>();

  constructor(
    private readonly database: Database,
    private readonly settings: AuthenticatorSettings,
    private readonly clock: Clock,
  ) {}

  async authenticate(authorization: string | undefined): Promise<Principal> {
    if (authorization === undefined || authorization === '') {
      throw new UnauthenticatedError(
        'missing_credentials',
        'Send an API key or access token as "Authorization: Bearer <token>".',
      );
    }
    const [scheme, token, ...rest] = authorization.trim().split(/\s+/);
    if (scheme?.toLowerCase() !== 'bearer' || token === undefined || rest.length > 0) throw invalid();
    return token.startsWith('sk_') ? this.authenticateApiKey(token) : this.authenticateAccessToken(token);
  }

  /** Forgets a key at once in this process, e.g. right after it was revoked here. */
  forgetApiKey(prefix: string): void {
    this.keys.delete(prefix);
  }

  private async authenticateApiKey(token: string): Promise<Principal> {
    const parsed = parseApiKey(token);
    if (!parsed) throw invalid();
    const key = await this.lookupKey(parsed.prefix);
    if (!key || !key.active || !constantTimeEqual(key.secretHash, hashApiKeySecret(parsed.secret)))
      throw invalid();
    this.recordUse(key);
    return { kind: 'api_key', accountId: key.accountId, apiKeyId: key.id, scopes: key.scopes };
  }

  private authenticateAccessToken(token: string): Principal {
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    const claims = verifyAccessToken(token, this.settings.tokenSecret, nowSeconds);
    if (!claims) throw invalid();
    return {
      kind: 'user',
      accountId: claims.acc,
      userId: claims.sub,
      role: claims.role,
      scopes: scopesOfRole(claims.role),
    };
  }

  private async lookupKey(prefix: string): Promise<CachedKey | undefined> {
    const now = this.clock.now().getTime();
    const cached = this.keys.get(prefix);
    if (cached && now - cached.cachedAt < this.settings.apiKeyCacheMs) return cached;
    const row = await this.database.root.apiKey.findUnique({
      where: { prefix },
      select: {
        id: true,
        accountId: true,
        secretHash: true,
        scopes: true,
        revokedAt: true,
        account: { select: { status: true } },
      },
    });
    if (!row) {
      this.keys.delete(prefix);
      return undefined;
    }
    const key: CachedKey = {
      id: row.id,
      accountId: row.accountId,
      secretHash: row.secretHash,
      scopes: new Set(row.scopes),
      active: row.revokedAt === null && row.account.status !== 'closed',
      cachedAt: now,
      lastUsedWrittenAt: cached?.lastUsedWrittenAt ?? 0,
    };
    this.keys.set(prefix, key);
    return key;
  }

  private recordUse(key: CachedKey): void {
    const now = this.clock.now();
    if (now.getTime() - key.lastUsedWrittenAt < this.settings.lastUsedResolutionMs) return;
    key.lastUsedWrittenAt = now.getTime();
    this.database.root.apiKey
      .update({ where: { id: key.id }, data: { lastUsedAt: now } })
      .catch(() => undefined /* a missed lastUsedAt is harmless; the key may have been deleted meanwhile */);
  }
}
