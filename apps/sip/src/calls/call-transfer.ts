import { type Logger } from '@switchyard/logging';
import type Srf from 'drachtio-srf';
import { addressOf, userOf } from '../sip-headers';
import { type AnchoredMedia, type AttemptOutcome } from './call-attempt';
import { type HangupSource } from './call-session';
import { type SipDialog } from './far-side';

/** A transfer target being rung for the party that stays. */
export interface TransferRinging {
  readonly outcome: Promise<AttemptOutcome>;
  abort(source: HangupSource): void;
  /** Gives up without SIP (the control connection is gone). */
  abandon(): void;
}

/**
 * Where a transfer goes: `to` is an E.164 number, an extension (a device username of the account) or `user:<id>`.
 * Resolves with how to ring it for the remaining party, or null when `to` names nobody the call may reach.
 */
export type TransferDialer = (
  to: string,
) => Promise<((remaining: SipDialog, media: AnchoredMedia) => TransferRinging) | null>;

/** How long a transfer target may ring before the transfer fails. */
export const transferRingTimeoutMs = 30_000;

/** What a REFER asks for: the user part of its Refer-To, or why it cannot be done. */
export function referTarget(req: Srf.SrfRequest): { to: string } | { refused: number; reason: string } {
  const referTo = req.has('Refer-To') ? addressOf(req.get('Refer-To')) : '';
  // An attended transfer names the dialog to replace; only blind transfers are done.
  if (/[?&]replaces=/i.test(referTo)) return { refused: 501, reason: 'Attended Transfer Not Implemented' };
  const to = userOf(referTo);
  return to === null ? { refused: 400, reason: 'Bad Refer-To' } : { to };
}

/** drachtio-srf sends an in-dialog request built from these options, whatever its published types say. */
type DialogRequest = (options: {
  method: string;
  headers: Record<string, string>;
  body: string;
}) => Promise<unknown>;

/** RFC 3515: the implicit subscription a REFER creates, told how the referred call goes in sipfrag NOTIFYs. */
export class ReferProgress {
  constructor(
    private readonly dialog: SipDialog,
    private readonly logger: Logger,
  ) {}

  trying(): void {
    this.notify('SIP/2.0 100 Trying', 'active;expires=60');
  }

  final(status: number, reason: string): void {
    this.notify(`SIP/2.0 ${status} ${reason}`, 'terminated;reason=noresource');
  }

  private notify(statusLine: string, subscriptionState: string): void {
    if (!this.dialog.connected) return;
    const request = this.dialog.request.bind(this.dialog) as unknown as DialogRequest;
    request({
      method: 'NOTIFY',
      headers: {
        Event: 'refer',
        'Subscription-State': subscriptionState,
        'Content-Type': 'message/sipfrag;version=2.0',
      },
      body: `${statusLine}\r\n`,
    }).catch((error: unknown) => this.logger.warn({ err: error }, 'REFER progress not notified'));
  }
}
