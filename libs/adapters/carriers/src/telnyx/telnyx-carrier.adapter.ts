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
  type PhoneNumberKind,
  type SendMessageRequest,
  type SentMessage,
  type SipTrunk,
  CarrierRejectedError,
  NumberNoLongerAvailableError,
  PHONE_NUMBER_KINDS,
  matchesNumberSearch,
  normalizeNumberSearchQuery,
} from '@switchyard/numbers';
import { z } from 'zod';
import { TELNYX, TelnyxApiClient, TelnyxRejectedError } from './telnyx-api.client';
import { availablePhoneNumberSchema, telnyxSearchParams, toAvailableNumber } from './telnyx-search';

export interface TelnyxCarrierOptions {
  readonly apiKey: string;
  /** Defaults to https://api.telnyx.com/v2; tests point it at the Telnyx fake. */
  readonly baseUrl?: string;
  /** Per request; defaults to 10 seconds. */
  readonly timeoutMs?: number;
  /** Defaults to {@link DEFAULT_TELNYX_SIP_TRUNK}; credential connections add a username and password. */
  readonly sipTrunk?: SipTrunk;
  readonly clock?: () => Date;
}

export const DEFAULT_TELNYX_SIP_TRUNK: SipTrunk = { host: 'sip.telnyx.com', port: 5060, transport: 'udp' };

/** Telnyx's largest page size, so listings take as few requests as possible. */
const PAGE_SIZE = 250;

/** Telnyx's Idempotency-Key alphabet; other references are hashed into it. */
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_:-]{1,255}$/;

/** How Telnyx words an order for a number someone else took; it has no dedicated error code. */
const NUMBER_TAKEN =
  /not available|no longer available|unavailable|already (?:been )?(?:ordered|purchased|reserved|taken)/i;

const numberOrderSchema = z.object({
  id: z.string(),
  status: z.enum(['pending', 'success', 'failure']),
  customer_reference: z.string().nullish(),
  requirements_met: z.boolean().optional(),
  phone_numbers: z.array(z.object({ phone_number: z.string() })),
});
type TelnyxNumberOrder = z.infer<typeof numberOrderSchema>;

const phoneNumberSchema = z.object({
  id: z.string(),
  phone_number: z.string(),
  connection_id: z.string().nullish(),
  messaging_profile_id: z.string().nullish(),
});

const pageMetaSchema = z.object({ page_number: z.number(), total_pages: z.number() });

const dataOf = <T extends z.ZodType>(schema: T) => z.object({ data: schema });

/** The Telnyx REST API v2 behind the carrier port. */
export class TelnyxCarrierAdapter implements CarrierPort {
  readonly name = TELNYX;
  private readonly client: TelnyxApiClient;
  private readonly trunk: SipTrunk;

  constructor(options: TelnyxCarrierOptions) {
    this.client = new TelnyxApiClient({
      apiKey: options.apiKey,
      baseUrl: (options.baseUrl ?? 'https://api.telnyx.com/v2').replace(/\/+$/, ''),
      timeoutMs: options.timeoutMs ?? 10_000,
      clock: options.clock ?? (() => new Date()),
    });
    this.trunk = options.sipTrunk ?? DEFAULT_TELNYX_SIP_TRUNK;
  }

  async searchNumbers(query: NumberSearchQuery): Promise<AvailableNumber[]> {
    const search = normalizeNumberSearchQuery(query);
    if (search === null) return [];
    const { data } = await this.client.send({
      method: 'GET',
      path: '/available_phone_numbers',
      query: telnyxSearchParams(search),
      responseSchema: dataOf(z.array(availablePhoneNumberSchema)),
    });
    const numbers = new Map<string, AvailableNumber>();
    for (const record of data) {
      const number = toAvailableNumber(record, search);
      if (number && matchesNumberSearch(number, search)) numbers.set(number.phoneNumber, number);
    }
    return [...numbers.values()].slice(0, search.limit);
  }

  async orderNumber(request: OrderNumberRequest): Promise<CarrierOrder> {
    const { voiceConnectionId, messagingProfileId } = request.routing ?? {};
    try {
      const { data } = await this.client.send({
        method: 'POST',
        path: '/number_orders',
        body: {
          phone_numbers: [{ phone_number: request.phoneNumber }],
          customer_reference: request.reference,
          ...(voiceConnectionId && { connection_id: voiceConnectionId }),
          ...(messagingProfileId && { messaging_profile_id: messagingProfileId }),
        },
        idempotencyKey: idempotencyKeyFor(request.reference),
        responseSchema: dataOf(numberOrderSchema),
      });
      return toCarrierOrder(data, request.reference);
    } catch (error) {
      if (error instanceof TelnyxRejectedError && isNumberTaken(error)) {
        throw new NumberNoLongerAvailableError(request.phoneNumber);
      }
      throw error;
    }
  }

  async getOrder(lookup: CarrierOrderLookup): Promise<CarrierOrder | null> {
    if ('reference' in lookup) {
      const orders = await this.listAll(
        '/number_orders',
        { 'filter[customer_reference]': lookup.reference },
        numberOrderSchema,
      );
      // A reference names one logical order; prefer the attempt that did not fail.
      const order = orders.find((candidate) => candidate.status !== 'failure') ?? orders[0];
      return order ? toCarrierOrder(order, lookup.reference) : null;
    }
    try {
      const { data } = await this.client.send({
        method: 'GET',
        path: `/number_orders/${encodeURIComponent(lookup.orderId)}`,
        responseSchema: dataOf(numberOrderSchema),
      });
      return toCarrierOrder(data, '');
    } catch (error) {
      if (error instanceof TelnyxRejectedError && error.status === 404) return null;
      throw error;
    }
  }

  async releaseNumber(phoneNumber: string): Promise<void> {
    const id = await this.phoneNumberId(phoneNumber);
    if (id === null) return;
    try {
      await this.client.send({ method: 'DELETE', path: `/phone_numbers/${id}`, responseSchema: z.unknown() });
    } catch (error) {
      if (!(error instanceof TelnyxRejectedError && error.status === 404)) throw error;
    }
  }

  async configureNumber(phoneNumber: string, routing: NumberRouting): Promise<void> {
    if (routing.voiceConnectionId === undefined && routing.messagingProfileId === undefined) return;
    const id = await this.phoneNumberId(phoneNumber);
    if (id === null) throw new CarrierRejectedError(TELNYX, `${phoneNumber} is not on the Telnyx account`);
    if (routing.voiceConnectionId !== undefined) {
      await this.client.send({
        method: 'PATCH',
        path: `/phone_numbers/${id}`,
        body: { connection_id: routing.voiceConnectionId },
        responseSchema: z.unknown(),
      });
    }
    if (routing.messagingProfileId !== undefined) {
      await this.client.send({
        method: 'PATCH',
        path: `/phone_numbers/${id}/messaging`,
        body: { messaging_profile_id: routing.messagingProfileId },
        responseSchema: z.unknown(),
      });
    }
  }

  async listOwnedNumbers(): Promise<OwnedNumber[]> {
    const numbers = await this.listAll('/phone_numbers', {}, phoneNumberSchema);
    return numbers.map((number) => ({
      phoneNumber: number.phone_number,
      ...(number.connection_id && { voiceConnectionId: number.connection_id }),
      ...(number.messaging_profile_id && { messagingProfileId: number.messaging_profile_id }),
    }));
  }

  async sendMessage(request: SendMessageRequest): Promise<SentMessage> {
    const { data } = await this.client.send({
      method: 'POST',
      path: '/messages',
      body: {
        from: request.from,
        to: request.to,
        ...(request.text && { text: request.text }),
        ...(request.mediaUrls?.length && { media_urls: request.mediaUrls }),
        ...(request.deliveryWebhookUrl && { webhook_url: request.deliveryWebhookUrl }),
        use_profile_webhooks: request.deliveryWebhookUrl === undefined,
      },
      idempotencyKey: idempotencyKeyFor(request.reference),
      responseSchema: dataOf(z.object({ id: z.string() })),
    });
    return { carrierMessageId: data.id };
  }

  async lookupNumber(phoneNumber: string): Promise<NumberLookup> {
    const { data } = await this.client.send({
      method: 'GET',
      path: `/number_lookup/${encodeURIComponent(phoneNumber)}`,
      query: new URLSearchParams({ type: 'carrier' }),
      responseSchema: dataOf(
        z.object({
          phone_number: z.string().nullish(),
          carrier: z.object({ name: z.string().nullish(), type: z.string().nullish() }).nullish(),
        }),
      ),
    });
    const carrierName = data.carrier?.name;
    const type = data.carrier?.type;
    return {
      phoneNumber: data.phone_number ?? phoneNumber,
      ...(carrierName && { carrierName }),
      ...(type && { type: phoneNumberKindOf(type) }),
    };
  }

  sipTrunk(): SipTrunk {
    return this.trunk;
  }

  /** Telnyx's id of a number on the account; its filter matches partially, so the exact number is picked. */
  private async phoneNumberId(phoneNumber: string): Promise<string | null> {
    const matches = await this.listAll(
      '/phone_numbers',
      { 'filter[phone_number]': phoneNumber },
      phoneNumberSchema,
    );
    return matches.find((number) => number.phone_number === phoneNumber)?.id ?? null;
  }

  /** Follows page[number] until meta.total_pages. */
  private async listAll<T>(
    path: string,
    filters: Record<string, string>,
    itemSchema: z.ZodType<T>,
  ): Promise<T[]> {
    const items: T[] = [];
    for (let pageNumber = 1; ; pageNumber++) {
      const page = await this.client.send({
        method: 'GET',
        path,
        query: new URLSearchParams({
          ...filters,
          'page[number]': String(pageNumber),
          'page[size]': String(PAGE_SIZE),
        }),
        responseSchema: z.object({ data: z.array(itemSchema), meta: pageMetaSchema.optional() }),
      });
      items.push(...page.data);
      if (page.data.length === 0 || !page.meta || page.meta.page_number >= page.meta.total_pages)
        return items;
    }
  }
}

function toCarrierOrder(order: TelnyxNumberOrder, reference: string): CarrierOrder {
  const phoneNumber = order.phone_numbers[0]?.phone_number ?? '';
  const base = { orderId: order.id, reference: order.customer_reference ?? reference, phoneNumber };
  if (order.status !== 'failure') return { ...base, status: order.status };
  const failureReason =
    order.requirements_met === false
      ? 'Telnyx failed the order: its regulatory requirements were not met'
      : 'Telnyx failed the order';
  return { ...base, status: 'failure', failureReason };
}

function isNumberTaken(error: TelnyxRejectedError): boolean {
  return error.errors.some((entry) => NUMBER_TAKEN.test(`${entry.title ?? ''} ${entry.detail ?? ''}`));
}

function idempotencyKeyFor(reference: string): string {
  return IDEMPOTENCY_KEY.test(reference) ? reference : createHash('sha256').update(reference).digest('hex');
}

/** Telnyx writes carrier types in words ("fixed line", "toll free"). */
function phoneNumberKindOf(carrierType: string): PhoneNumberKind {
  const kind = carrierType
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  return PHONE_NUMBER_KINDS.find((known) => known === kind) ?? 'unknown';
}
