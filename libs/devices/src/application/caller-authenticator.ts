import { Inject, Injectable } from '@nestjs/common';
import { accountAddress } from '../domain/account-address';
import { REGISTRAR_CONFIG, type SipRegistrarConfig } from './devices-settings';
import { DigestAuthenticator } from './digest-authenticator';

/** An out-of-dialog request of a device (an INVITE) as the SIP glue hands it over. */
export interface CallerRequest {
  readonly method: string;
  readonly requestUri: string;
  /** The From header as received: names the user at the account's SIP domain the request is made as. */
  readonly from: string;
  /** The Proxy-Authorization value. */
  readonly authorization: string | undefined;
  readonly source: { readonly address: string; readonly port: number; readonly protocol: string };
}

/** The device that made the request, proven by its password. */
export interface AuthenticatedDevice {
  readonly deviceId: string;
  readonly accountId: string;
  readonly userId: string;
  readonly username: string;
  /** The account's SIP domain, the digest realm. */
  readonly domain: string;
}

/**
 * The answer to send: `challenge` as 407 with one Proxy-Authenticate line per challenge. As for REGISTER, unknown
 * users, wrong passwords, disabled devices, disallowed transports and requests made as another user are all the
 * same `forbidden`.
 */
export type CallerOutcome =
  | { readonly kind: 'challenge'; readonly challenges: readonly string[] }
  | { readonly kind: 'forbidden' }
  | { readonly kind: 'bad_request'; readonly reason: string }
  | { readonly kind: 'authenticated'; readonly caller: AuthenticatedDevice };

/** Proxy authentication of requests devices make (RFC 3261 §22.3): who is calling, and is it really them. */
@Injectable()
export class CallerAuthenticator {
  constructor(
    @Inject(REGISTRAR_CONFIG) private readonly config: SipRegistrarConfig,
    @Inject(DigestAuthenticator) private readonly digest: DigestAuthenticator,
  ) {}

  async authenticate(request: CallerRequest): Promise<CallerOutcome> {
    const claimed = accountAddress(request.from, this.config.domain);
    if (!claimed) return { kind: 'forbidden' };
    const verdict = await this.digest.verify({
      method: request.method,
      requestUri: request.requestUri,
      authorization: request.authorization,
      claimed,
      source: request.source,
    });
    if (verdict.kind !== 'authenticated') return verdict;
    const { device } = verdict;
    return {
      kind: 'authenticated',
      caller: {
        deviceId: device.id,
        accountId: device.accountId,
        userId: device.userId,
        username: device.username,
        domain: claimed.domain,
      },
    };
  }
}
