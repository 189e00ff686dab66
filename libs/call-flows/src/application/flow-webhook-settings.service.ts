import { Inject, Injectable } from '@nestjs/common';
import { randomToken } from '@switchyard/auth';
import { CLOCK, type Clock, TtlCache } from '@switchyard/contracts';
import {
  type FlowWebhookSettingsRecord,
  FlowWebhookSettingsRepository,
} from '../infrastructure/flow-webhook-settings.repository';

/**
 * How long a process keeps signing with a secret it read: a call does not wait on Postgres for every webhook node,
 * and a rotation made elsewhere takes effect within this.
 */
export const FLOW_WEBHOOK_SECRET_TTL_MS = 30_000;

/** The same form as event webhooks' endpoint secrets. */
function newSigningSecret(): string {
  return `whsec_${randomToken(32)}`;
}

/** The secret that signs the requests of an account's webhook nodes; one per account, created on first use. */
@Injectable()
export class FlowWebhookSettingsService {
  private readonly secrets: TtlCache<string>;

  constructor(
    @Inject(FlowWebhookSettingsRepository) private readonly settings: FlowWebhookSettingsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.secrets = new TtlCache(FLOW_WEBHOOK_SECRET_TTL_MS, clock);
  }

  get(accountId: string): Promise<FlowWebhookSettingsRecord> {
    return this.settings.findOrCreate(accountId, newSigningSecret(), this.clock.now());
  }

  /** Replaces the secret; the old one signs nothing more (after the cache time in other processes). */
  async rotateSecret(accountId: string): Promise<FlowWebhookSettingsRecord> {
    const settings = await this.settings.replaceSecret(accountId, newSigningSecret(), this.clock.now());
    this.secrets.delete(accountId);
    return settings;
  }

  /** The secret to sign the account's webhook requests with, cached for `FLOW_WEBHOOK_SECRET_TTL_MS`. */
  signingSecretOf(accountId: string): Promise<string> {
    return this.secrets.getOrLoad(accountId, async () => (await this.get(accountId)).signingSecret);
  }
}
