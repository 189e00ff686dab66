import { systemClock, TtlCache } from '@switchyard/contracts';
import { DomainError } from '@switchyard/errors';
import { isIP } from 'node:net';
import { classifyAddress } from '../domain/address-policy';
import { type HostResolver, type ResolvedAddress } from '../infrastructure/host-resolver';

export class WebhookUrlNotAllowedError extends DomainError {
  constructor(reason: string) {
    const message = `Webhooks cannot be sent to this URL: ${reason}.`;
    super('invalid_input', 'webhook_url_not_allowed', message, {
      fieldErrors: [{ field: 'url', code: 'webhook_url_not_allowed', message }],
    });
  }
}

export class WebhookHostUnresolvableError extends DomainError {
  constructor(hostname: string) {
    const message = `The host name ${hostname} does not resolve.`;
    super('invalid_input', 'webhook_host_unresolvable', message, {
      fieldErrors: [{ field: 'url', code: 'webhook_host_unresolvable', message }],
    });
  }
}

/** How long a host's addresses are reused before asking the resolver again. */
const dnsCacheTtlMs = 30_000;

export interface ResolvedTarget {
  readonly url: URL;
  /** The address to connect to: checked, and never looked up again for this request. */
  readonly target: ResolvedAddress;
}

/**
 * Keeps webhooks away from the service's own network (SSRF): a URL is accepted only when every address its host
 * resolves to is public, unless private targets are allowed for local development. Checked when an endpoint is
 * saved and again before each delivery, because DNS answers change.
 */
export class WebhookTargetGuard {
  // Answers are checked on every use, so caching them briefly only spares the resolver, never the check.
  private readonly answers = new TtlCache<readonly ResolvedAddress[]>(dnsCacheTtlMs, systemClock);

  constructor(
    private readonly resolver: HostResolver,
    private readonly allowPrivateTargets: boolean,
  ) {}

  async resolve(rawUrl: string): Promise<ResolvedTarget> {
    const url = new URL(rawUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new WebhookUrlNotAllowedError('only http and https are allowed');
    }
    const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const version = isIP(hostname);
    const addresses: readonly ResolvedAddress[] =
      version === 0 ? await this.lookup(hostname) : [{ address: hostname, family: version === 6 ? 6 : 4 }];
    const first = addresses[0];
    if (!first) throw new WebhookHostUnresolvableError(hostname);
    if (!this.allowPrivateTargets) {
      for (const { address } of addresses) {
        const addressClass = classifyAddress(address);
        if (addressClass !== 'public') {
          throw new WebhookUrlNotAllowedError(
            `${hostname} resolves to ${address}, a ${addressClass.replace('_', '-')} address`,
          );
        }
      }
    }
    return { url, target: first };
  }

  private async lookup(hostname: string): Promise<readonly ResolvedAddress[]> {
    try {
      return await this.answers.getOrLoad(hostname, () => this.resolver.resolve(hostname));
    } catch {
      throw new WebhookHostUnresolvableError(hostname);
    }
  }
}
