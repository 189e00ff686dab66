import { type AvailableNumber } from './available-number';
import { type NumberSearchQuery } from './number-search';
import { type PhoneNumberKind } from './phone-number-info';

export type CarrierOrderStatus = 'pending' | 'success' | 'failure';

export interface OrderNumberRequest {
  /** E.164. */
  readonly phoneNumber: string;
  /** Our idempotency reference: ordering twice with it yields the same order, and it finds the order after a crash. */
  readonly reference: string;
  /** Routing to apply as soon as the number is ours, saving a later {@link CarrierPort.configureNumber}. */
  readonly routing?: NumberRouting;
}

export interface CarrierOrder {
  readonly orderId: string;
  readonly reference: string;
  readonly phoneNumber: string;
  readonly status: CarrierOrderStatus;
  readonly failureReason?: string;
}

export type CarrierOrderLookup = { readonly orderId: string } | { readonly reference: string };

/** Where the carrier sends calls and messages for a number; null detaches, undefined leaves as is. */
export interface NumberRouting {
  readonly voiceConnectionId?: string | null;
  readonly messagingProfileId?: string | null;
}

export interface OwnedNumber {
  readonly phoneNumber: string;
  readonly voiceConnectionId?: string;
  readonly messagingProfileId?: string;
}

export interface SendMessageRequest {
  readonly from: string;
  readonly to: string;
  /** At least one of text and mediaUrls. */
  readonly text?: string;
  readonly mediaUrls?: readonly string[];
  /** Our idempotency reference: sending twice with it sends one message. */
  readonly reference: string;
  /** Delivery reports for this message go here instead of the carrier account's default webhook. */
  readonly deliveryWebhookUrl?: string;
}

export interface SentMessage {
  readonly carrierMessageId: string;
}

export interface NumberLookup {
  readonly phoneNumber: string;
  readonly carrierName?: string;
  readonly type?: PhoneNumberKind;
}

/** Where our SIP side sends calls for the carrier to terminate. */
export interface SipTrunk {
  readonly host: string;
  readonly port: number;
  readonly transport: 'udp' | 'tcp' | 'tls';
  readonly username?: string;
  readonly password?: string;
}

/**
 * A carrier that sells numbers, routes their calls and sends messages.
 * Failures surface as domain errors: CarrierUnavailableError (retry later), NumberNoLongerAvailableError,
 * CarrierRejectedError (do not retry as is) and CarrierMisconfiguredError (fix our setup).
 */
export interface CarrierPort {
  readonly name: string;
  searchNumbers(query: NumberSearchQuery): Promise<AvailableNumber[]>;
  orderNumber(request: OrderNumberRequest): Promise<CarrierOrder>;
  /** Null when the carrier has no such order; used to recover orders whose outcome we did not record. */
  getOrder(lookup: CarrierOrderLookup): Promise<CarrierOrder | null>;
  /** Releasing a number we no longer hold succeeds, so the call can be retried safely. */
  releaseNumber(phoneNumber: string): Promise<void>;
  configureNumber(phoneNumber: string, routing: NumberRouting): Promise<void>;
  /** Every number the carrier account holds, to reconcile with ours. */
  listOwnedNumbers(): Promise<OwnedNumber[]>;
  sendMessage(request: SendMessageRequest): Promise<SentMessage>;
  lookupNumber?(phoneNumber: string): Promise<NumberLookup>;
  sipTrunk(): SipTrunk;
}
