import {
  type CarrierOrder,
  type CarrierOrderLookup,
  type NumberRouting,
  type OwnedNumber,
} from './carrier.port';

/** A message the sandbox accepted; the sandbox delivers nothing, it keeps a ledger for tests and demos. */
export interface SandboxMessage {
  readonly carrierMessageId: string;
  readonly reference: string;
  readonly from: string;
  readonly to: string;
  readonly text?: string;
  readonly mediaUrls?: readonly string[];
  readonly deliveryWebhookUrl?: string;
  readonly recordedAt: Date;
}

export type SaveOrderOutcome =
  | { readonly outcome: 'saved' }
  | { readonly outcome: 'reference_taken'; readonly existing: CarrierOrder }
  | { readonly outcome: 'number_sold' };

/**
 * What the sandbox carrier remembers: orders, the numbers it has sold and the messages it was asked to send.
 * Implementations shared by several processes must make saveOrder and recordMessage atomic. The port lives beside
 * the carrier port so the numbers context can keep the sandbox's books in Postgres for every process.
 */
export interface SandboxCarrierStore {
  /**
   * Records an order unless its reference is already used or, for a successful order, its number is sold.
   * A successful order sells the number with the given routing.
   */
  saveOrder(order: CarrierOrder, routing: NumberRouting): Promise<SaveOrderOutcome>;
  findOrder(lookup: CarrierOrderLookup): Promise<CarrierOrder | null>;
  /** The subset of the given numbers that are sold. */
  findSold(phoneNumbers: readonly string[]): Promise<ReadonlySet<string>>;
  listSold(): Promise<OwnedNumber[]>;
  /** Makes the number available again; false when it was not sold. */
  release(phoneNumber: string): Promise<boolean>;
  /** Applies the routing to a sold number; false when it is not sold. */
  updateRouting(phoneNumber: string, routing: NumberRouting): Promise<boolean>;
  /** Records the message unless its reference is already recorded; returns the recorded one either way. */
  recordMessage(message: SandboxMessage): Promise<SandboxMessage>;
  listMessages(): Promise<SandboxMessage[]>;
}
