import { Inject, Injectable } from '@nestjs/common';
import { Authenticator, issueApiKey, type Principal } from '@switchyard/auth';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { NotFoundError } from '@switchyard/errors';
import { type PageRequest } from '@switchyard/http';
import { type ApiKeyRecord, ApiKeyRepository } from '../infrastructure/api-key.repository';

@Injectable()
export class ApiKeyService {
  constructor(
    @Inject(ApiKeyRepository) private readonly keys: ApiKeyRepository,
    @Inject(Authenticator) private readonly authenticator: Authenticator,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  list(principal: Principal, page: PageRequest, filter: { revoked?: boolean }) {
    return this.keys.list(principal.accountId, page, filter);
  }

  async get(principal: Principal, keyId: string): Promise<ApiKeyRecord> {
    const key = await this.keys.find(principal.accountId, keyId);
    if (!key) throw new NotFoundError('api_key', keyId);
    return key;
  }

  /** Returns the whole key once; only its hash is kept. */
  async create(principal: Principal, input: { name: string; scopes: readonly string[] }) {
    const issued = issueApiKey();
    const key = await this.keys.create({
      id: newId('apiKey', this.clock.now().getTime()),
      accountId: principal.accountId,
      name: input.name,
      prefix: issued.prefix,
      scopes: input.scopes,
      secretHash: issued.secretHash,
    });
    return { key, secret: issued.key };
  }

  async revoke(principal: Principal, keyId: string): Promise<ApiKeyRecord> {
    const key = await this.keys.revoke(principal.accountId, keyId, this.clock.now());
    if (!key) throw new NotFoundError('api_key', keyId);
    this.authenticator.forgetApiKey(key.prefix);
    return key;
  }
}
