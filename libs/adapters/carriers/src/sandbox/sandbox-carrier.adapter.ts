import { createHash } from 'node:crypto';
import {
  type AvailableNumber,
  type CarrierOrder,
  type CarrierOrderLookup,
  type CarrierPort,
  type NumberLookup,
  type NumberRouting,
  type NumberSearchQuery,
  type OrderNumberRequest,
  type OwnedNumber,
  type SandboxCarrierStore,
  type SandboxMessage,
  type SendMessageRequest,
  type SentMessage,
  type SipTrunk,
  CarrierRejectedError,
  NUMBER_TYPES,
  NumberNoLongerAvailableError,
  assertSupportedCountry,
  describePhoneNumber,
  isSupportedCountry,
  kindMatchesNumberType,
  normalizeNumberSearchQuery,
  parseE164OrThrow,
} from '@switchyard/numbers';
import { InMemorySandboxCarrierStore } from './in-memory-sandbox-carrier.store';
import { sandboxInventory } from './sandbox-inventory';

export interface SandboxCarrierOptions {
  /** Defaults to a store in this process's memory. */
  readonly store?: SandboxCarrierStore;
  /** Where calls to sandbox numbers are sent; defaults to {@link DEFAULT_SANDBOX_SIP_TRUNK}. */
  readonly sipTrunk?: SipTrunk;
  /** Stamps the message ledger. */
  readonly clock?: () => Date;
}

export const DEFAULT_SANDBOX_SIP_TRUNK: SipTrunk = { host: '127.0.0.1', port: 5070, transport: 'udp' };

/** Test hook: ordering a number whose national number ends in 0000 fails with this reason. */
export const SANDBOX_FAILING_ORDER_SUFFIX = '0000';
export const SANDBOX_FAILED_ORDER_REASON = 'Sandbox numbers ending in 0000 always fail to order';

const SANDBOX = 'sandbox';
/** The carrier name number lookups report for numbers the sandbox has sold. */
const SANDBOX_CARRIER_NAME = 'Switchyard Sandbox';

/**
 * The embedded carrier used when no real carrier account is configured.
 *
 * - Search draws from a deterministic inventory of valid US, CA and GB numbers (see sandboxInventory).
 * - Orders succeed at once unless the number is sold (NumberNoLongerAvailableError) or its national number
 *   ends in 0000 (status failure, the test hook above). The same reference always returns the same order.
 * - GB local numbers report documentsRequired so the documents flow can be exercised; the order itself
 *   does not wait for documents.
 * - Messages are not delivered: they are recorded once per reference in a ledger, see {@link messages}.
 */
export class SandboxCarrierAdapter implements CarrierPort {
  readonly name = SANDBOX;
  private readonly store: SandboxCarrierStore;
  private readonly trunk: SipTrunk;
  private readonly clock: () => Date;

  constructor(options: SandboxCarrierOptions = {}) {
    this.store = options.store ?? new InMemorySandboxCarrierStore();
    this.trunk = options.sipTrunk ?? DEFAULT_SANDBOX_SIP_TRUNK;
    this.clock = options.clock ?? (() => new Date());
  }

  async searchNumbers(query: NumberSearchQuery): Promise<AvailableNumber[]> {
    const country = assertSupportedCountry(query.country);
    const search = normalizeNumberSearchQuery({ ...query, country });
    if (search === null) return [];
    const candidates = sandboxInventory({ ...search, country });
    const found: AvailableNumber[] = [];
    // Draw in batches so the store is asked about sold numbers once per batch, not once per number.
    while (found.length < search.limit) {
      const batch = take(candidates, search.limit - found.length);
      if (batch.length === 0) break;
      const sold = await this.store.findSold(batch.map((number) => number.phoneNumber));
      found.push(...batch.filter((number) => !sold.has(number.phoneNumber)));
    }
    return found;
  }

  async orderNumber(request: OrderNumberRequest): Promise<CarrierOrder> {
    const phoneNumber = parseE164OrThrow(request.phoneNumber);
    const previous = await this.store.findOrder({ reference: request.reference });
    if (previous) return sameOrderOrReject(previous, phoneNumber);
    if (!isSoldBySandbox(phoneNumber)) {
      throw new CarrierRejectedError(this.name, `${phoneNumber} is not a number the sandbox sells`);
    }
    const order: CarrierOrder = {
      orderId: `sandbox-order-${digest(request.reference)}`,
      reference: request.reference,
      phoneNumber,
      ...(phoneNumber.endsWith(SANDBOX_FAILING_ORDER_SUFFIX)
        ? { status: 'failure', failureReason: SANDBOX_FAILED_ORDER_REASON }
        : { status: 'success' }),
    };
    const saved = await this.store.saveOrder(order, request.routing ?? {});
    switch (saved.outcome) {
      case 'saved':
        return order;
      case 'reference_taken':
        return sameOrderOrReject(saved.existing, phoneNumber);
      case 'number_sold':
        throw new NumberNoLongerAvailableError(phoneNumber);
    }
  }

  getOrder(lookup: CarrierOrderLookup): Promise<CarrierOrder | null> {
    return this.store.findOrder(lookup);
  }

  async releaseNumber(phoneNumber: string): Promise<void> {
    await this.store.release(phoneNumber);
  }

  async configureNumber(phoneNumber: string, routing: NumberRouting): Promise<void> {
    const updated = await this.store.updateRouting(phoneNumber, routing);
    if (!updated) {
      throw new CarrierRejectedError(this.name, `${phoneNumber} is not held by the sandbox account`);
    }
  }

  listOwnedNumbers(): Promise<OwnedNumber[]> {
    return this.store.listSold();
  }

  async sendMessage(request: SendMessageRequest): Promise<SentMessage> {
    for (const [field, value] of [
      ['from', request.from],
      ['to', request.to],
    ] as const) {
      if (!describePhoneNumber(value).valid) {
        throw new CarrierRejectedError(this.name, `${field} ${value} is not a valid E.164 number`);
      }
    }
    if (!request.text && !request.mediaUrls?.length) {
      throw new CarrierRejectedError(this.name, 'a message needs text or media');
    }
    const recorded = await this.store.recordMessage({
      carrierMessageId: `sandbox-message-${digest(request.reference)}`,
      reference: request.reference,
      from: request.from,
      to: request.to,
      ...(request.text && { text: request.text }),
      ...(request.mediaUrls?.length && { mediaUrls: [...request.mediaUrls] }),
      ...(request.deliveryWebhookUrl && { deliveryWebhookUrl: request.deliveryWebhookUrl }),
      recordedAt: this.clock(),
    });
    return { carrierMessageId: recorded.carrierMessageId };
  }

  async lookupNumber(phoneNumber: string): Promise<NumberLookup> {
    const info = describePhoneNumber(phoneNumber);
    const e164 = info.e164 ?? phoneNumber;
    const held = (await this.store.findSold([e164])).has(e164);
    return { phoneNumber: e164, type: info.type, ...(held && { carrierName: SANDBOX_CARRIER_NAME }) };
  }

  sipTrunk(): SipTrunk {
    return this.trunk;
  }

  /** The ledger of messages the sandbox accepted, oldest first. */
  messages(): Promise<SandboxMessage[]> {
    return this.store.listMessages();
  }
}

function sameOrderOrReject(order: CarrierOrder, phoneNumber: string): CarrierOrder {
  if (order.phoneNumber === phoneNumber) return order;
  throw new CarrierRejectedError(
    SANDBOX,
    `reference ${order.reference} already ordered ${order.phoneNumber}`,
  );
}

/** Valid numbers of a supported country and a type the sandbox sells, whether or not a search showed them. */
function isSoldBySandbox(phoneNumber: string): boolean {
  const info = describePhoneNumber(phoneNumber);
  return (
    info.valid &&
    info.country !== null &&
    isSupportedCountry(info.country) &&
    NUMBER_TYPES.some((type) => kindMatchesNumberType(info.type, type))
  );
}

/** Derives stable ids from our references, so a repeated request yields the same id. */
function digest(reference: string): string {
  return createHash('sha256').update(reference).digest('hex').slice(0, 24);
}

function take<T>(source: Iterator<T>, count: number): T[] {
  const items: T[] = [];
  while (items.length < count) {
    const next = source.next();
    if (next.done) break;
    items.push(next.value);
  }
  return items;
}
