import { randomUUID } from 'node:crypto';
import {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  createServer,
} from 'node:http';
import { type AddressInfo } from 'node:net';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import {
  type FakeInventoryEntry,
  type TelnyxAvailablePhoneNumber,
  buildFakeInventory,
} from './telnyx-fake-inventory';

export interface TelnyxFakeOptions {
  /** The only API key the fake accepts as `Authorization: Bearer <key>`. */
  readonly apiKey?: string;
  /** Status of new number orders: success at once, or pending until {@link TelnyxFake.settleOrder}. */
  readonly orderOutcome?: 'success' | 'pending';
  /** Largest page[size] honoured by list endpoints; Telnyx allows 250, tests lower it to force pagination. */
  readonly maxPageSize?: number;
}

/** A request by method and path without /v2, e.g. { method: 'POST', path: '/number_orders' }. */
export interface RequestMatch {
  readonly method: string;
  readonly path: string;
}

/** How the fake answers: normally, by dropping connections, or by never answering. */
export type TelnyxFakeAvailability = 'up' | 'down' | 'stalled';

export interface RecordedRequest {
  readonly method: string;
  /** Percent-decoded, e.g. /v2/number_lookup/+14155550123. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

export interface TelnyxError {
  readonly code: string;
  readonly title: string;
  readonly detail?: string;
  readonly source?: { readonly pointer?: string; readonly parameter?: string };
}

export interface TelnyxNumberOrder {
  readonly id: string;
  readonly record_type: 'number_order';
  readonly phone_numbers_count: number;
  readonly connection_id: string | null;
  readonly messaging_profile_id: string | null;
  readonly billing_group_id: null;
  readonly phone_numbers: readonly {
    readonly id: string;
    readonly record_type: 'number_order_phone_number';
    readonly phone_number: string;
    readonly regulatory_requirements: readonly unknown[];
    readonly requirements_met: boolean;
    readonly status: 'pending' | 'success' | 'failure';
  }[];
  readonly sub_number_orders_ids: readonly string[];
  readonly status: 'pending' | 'success' | 'failure';
  readonly customer_reference: string | null;
  readonly created_at: string;
  readonly updated_at: string;
  readonly requirements_met: boolean;
}

export interface TelnyxPhoneNumber {
  readonly id: string;
  readonly record_type: 'phone_number';
  readonly phone_number: string;
  readonly status: 'active' | 'purchase-pending';
  readonly connection_id: string | null;
  readonly messaging_profile_id: string | null;
  readonly customer_reference: string | null;
  readonly tags: readonly string[];
  readonly created_at: string;
  readonly updated_at: string;
}

export interface SentTelnyxMessage {
  readonly id: string;
  readonly request: Readonly<Record<string, unknown>>;
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

type Handler = (request: RecordedRequest, params: readonly string[]) => Reply;

const DEFAULT_API_KEY = 'telnyx-fake-key';
const INVALID_JSON = Symbol('invalid JSON');
const DEFAULT_PAGE_SIZE = 20;
const DEFAULT_SEARCH_LIMIT = 20;

const BAD_REQUEST: TelnyxError = {
  code: '10015',
  title: 'Bad Request',
  detail: 'The request failed because it was not well-formed.',
};
const UNEXPECTED_ERROR: TelnyxError = {
  code: '10007',
  title: 'Unexpected error',
  detail: 'An unexpected error occured.',
};

/** Telnyx's generic error codes, used for failures a test scripts without a body. */
const ERROR_FOR_STATUS: Readonly<Record<number, TelnyxError>> = {
  400: BAD_REQUEST,
  401: {
    code: '10009',
    title: 'Authentication failed',
    detail: 'The required authentication headers were either invalid or not included in the request.',
  },
  403: {
    code: '10010',
    title: 'Authorization failed',
    detail:
      'You do not have permission to perform the requested action on the specified resource or resources.',
  },
  404: {
    code: '10005',
    title: 'Resource not found',
    detail: 'The requested resource or URL could not be found.',
  },
  422: BAD_REQUEST,
  429: {
    code: '10011',
    title: 'Too many requests',
    detail: 'You have exceeded the maximum number of allowed requests.',
  },
  500: UNEXPECTED_ERROR,
};

/**
 * An HTTP fake of the Telnyx REST API v2, following its documented request and response shapes, for tests.
 * It serves number search, number orders, phone numbers, messages and number lookup on 127.0.0.1,
 * checks the bearer key, records every request, and can be told to fail.
 */
export class TelnyxFake {
  readonly apiKey: string;
  /** Every request received, oldest first, including those answered with an error. */
  readonly requests: RecordedRequest[] = [];
  /** Messages accepted by POST /messages, oldest first. */
  readonly sentMessages: SentTelnyxMessage[] = [];

  private server: Server | undefined;
  private url: string | undefined;
  private availability: TelnyxFakeAvailability = 'up';
  private orderOutcome: 'success' | 'pending';
  private readonly maxPageSize: number;
  private readonly failures: { readonly reply: Reply; readonly on?: RequestMatch }[] = [];
  private readonly inventory: FakeInventoryEntry[] = buildFakeInventory();
  private readonly orders = new Map<string, TelnyxNumberOrder>();
  private readonly phoneNumbers = new Map<string, TelnyxPhoneNumber>();
  private readonly idempotentReplies = new Map<string, { readonly body: string; readonly reply: Reply }>();
  private readonly routes: readonly (readonly [string, RegExp, Handler])[] = [
    ['GET', /^\/v2\/available_phone_numbers$/, (request) => this.searchNumbers(request)],
    ['POST', /^\/v2\/number_orders$/, (request) => this.createOrder(request)],
    ['GET', /^\/v2\/number_orders$/, (request) => this.listOrders(request)],
    ['GET', /^\/v2\/number_orders\/([^/]+)$/, (_, [id]) => this.showOrder(id)],
    ['GET', /^\/v2\/phone_numbers$/, (request) => this.listPhoneNumbers(request)],
    ['DELETE', /^\/v2\/phone_numbers\/([^/]+)$/, (_, [id]) => this.deletePhoneNumber(id)],
    ['PATCH', /^\/v2\/phone_numbers\/([^/]+)$/, (request, [id]) => this.updatePhoneNumber(request, id)],
    [
      'PATCH',
      /^\/v2\/phone_numbers\/([^/]+)\/messaging$/,
      (request, [id]) => this.updateMessaging(request, id),
    ],
    ['POST', /^\/v2\/messages$/, (request) => this.sendMessage(request)],
    ['GET', /^\/v2\/number_lookup\/([^/]+)$/, (_, [number]) => this.lookUp(number)],
  ];

  constructor(options: TelnyxFakeOptions = {}) {
    this.apiKey = options.apiKey ?? DEFAULT_API_KEY;
    this.orderOutcome = options.orderOutcome ?? 'success';
    this.maxPageSize = options.maxPageSize ?? 250;
  }

  /** Listens on an ephemeral port of 127.0.0.1 and returns the base URL, ending in /v2 like Telnyx's. */
  async start(): Promise<string> {
    const server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
  }

  get baseUrl(): string {
    if (!this.url) throw new Error('TelnyxFake is not started');
    return this.url;
  }

  /**
   * Answers the next request with this status, body (a Telnyx error by default) and headers; with `on`, the next
   * request of that method and path (without /v2), letting the requests before it through.
   */
  failNext(
    status: number,
    body?: unknown,
    headers?: Readonly<Record<string, string>>,
    on?: RequestMatch,
  ): void {
    this.failures.push({
      reply: { status, body: body ?? { errors: [errorForStatus(status)] }, ...(headers && { headers }) },
      ...(on && { on }),
    });
  }

  /** 'down' drops every connection, 'stalled' never answers; both last until set back to 'up'. */
  setAvailability(availability: TelnyxFakeAvailability): void {
    this.availability = availability;
  }

  setOrderOutcome(outcome: 'success' | 'pending'): void {
    this.orderOutcome = outcome;
  }

  /** Completes a pending order the way Telnyx eventually does. */
  settleOrder(orderId: string, status: 'success' | 'failure'): void {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`No order ${orderId}`);
    this.orders.set(orderId, {
      ...order,
      status,
      phone_numbers: order.phone_numbers.map((number) => ({ ...number, status })),
    });
    for (const { phone_number } of order.phone_numbers) {
      const owned = this.findPhoneNumber(phone_number);
      if (!owned) continue;
      if (status === 'success') this.phoneNumbers.set(owned.id, { ...owned, status: 'active' });
      else this.phoneNumbers.delete(owned.id);
    }
  }

  /** Puts a number on the account directly, as if bought earlier; returns its Telnyx id. */
  addPhoneNumber(
    phoneNumber: string,
    settings: { connectionId?: string; messagingProfileId?: string } = {},
  ): string {
    const id = randomUUID();
    this.phoneNumbers.set(id, newPhoneNumber(id, phoneNumber, 'active', null, settings));
    return id;
  }

  /** Adds an entry to the stock GET /available_phone_numbers serves. */
  addAvailableNumber(entry: FakeInventoryEntry): void {
    this.inventory.push(entry);
  }

  get ownedPhoneNumbers(): TelnyxPhoneNumber[] {
    return [...this.phoneNumbers.values()];
  }

  /** The most recent request with this method and path (path without /v2), if any. */
  lastRequest(method: string, path: string): RecordedRequest | undefined {
    return this.requests.findLast((request) => request.method === method && request.path === `/v2${path}`);
  }

  private async handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    const rawBody = await readBody(incoming);
    const body = parseJson(rawBody);
    const request: RecordedRequest = {
      method: incoming.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: incoming.headers,
      body: body === INVALID_JSON ? rawBody : body,
    };
    this.requests.push(request);
    if (this.availability === 'down') {
      incoming.socket.destroy();
      return;
    }
    if (this.availability === 'stalled') return;
    const reply =
      this.takeFailure(request) ??
      this.authenticate(request) ??
      (body === INVALID_JSON ? invalidJson() : this.replyOnce(request, rawBody));
    response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    response.end(JSON.stringify(reply.body));
  }

  private takeFailure(request: RecordedRequest): Reply | undefined {
    const index = this.failures.findIndex(
      ({ on }) => on === undefined || (on.method === request.method && `/v2${on.path}` === request.path),
    );
    return index === -1 ? undefined : this.failures.splice(index, 1)[0]!.reply;
  }

  private authenticate(request: RecordedRequest): Reply | undefined {
    if (request.headers.authorization === `Bearer ${this.apiKey}`) return undefined;
    return { status: 401, body: { errors: [errorForStatus(401)] } };
  }

  /** Honours Idempotency-Key like Telnyx: a repeated key replays the first successful reply. */
  private replyOnce(request: RecordedRequest, rawBody: string): Reply {
    const key = request.headers['idempotency-key'];
    if (typeof key !== 'string') return this.route(request);
    const slot = `${request.method} ${request.path} ${key}`;
    const previous = this.idempotentReplies.get(slot);
    if (previous && previous.body !== rawBody) {
      return unprocessable({
        code: '10015',
        title: 'Bad Request',
        detail: 'Idempotency-Key reused with another request.',
      });
    }
    if (previous) return previous.reply;
    const reply = this.route(request);
    if (reply.status < 300) this.idempotentReplies.set(slot, { body: rawBody, reply });
    return reply;
  }

  private route(request: RecordedRequest): Reply {
    for (const [method, pattern, handler] of this.routes) {
      const match = pattern.exec(request.path);
      if (method === request.method && match) return handler(request, match.slice(1));
    }
    return notFound();
  }

  private searchNumbers({ query }: RecordedRequest): Reply {
    const country = query.get('filter[country_code]');
    if (!country) {
      return unprocessable({
        code: '10004',
        title: 'Missing required parameter',
        detail: 'Country code is required.',
        source: { parameter: 'filter[country_code]' },
      });
    }
    const type = query.get('filter[phone_number_type]');
    const ndc = query.get('filter[national_destination_code]');
    const startsWith = query.get('filter[phone_number][starts_with]');
    const contains = query.get('filter[phone_number][contains]');
    const endsWith = query.get('filter[phone_number][ends_with]');
    const features = [...query.getAll('filter[features][]'), ...query.getAll('filter[features]')];
    const limit = Number(query.get('filter[limit]') ?? DEFAULT_SEARCH_LIMIT);
    const excludeBestEffort = query.get('filter[best_effort]') === 'false';
    // Telnyx documents that wildcards yield no results; only digits match.
    const patterns = [ndc, startsWith, contains, endsWith].filter((pattern) => pattern !== null);
    if (patterns.some((pattern) => !/^\d+$/.test(pattern))) return ok([], { metadata: searchMetadata([]) });

    const owned = new Set(this.ownedPhoneNumbers.map((number) => number.phone_number));
    const matching = this.inventory
      .filter((entry) => entry.country === country.toUpperCase() && (!type || entry.phoneNumberType === type))
      .filter(
        (entry) => !owned.has(entry.record.phone_number) && !(excludeBestEffort && entry.record.best_effort),
      )
      .filter((entry) => {
        const national = entry.nationalNumber;
        // With a destination code, starts_with applies to the digits after it.
        const afterNdc = ndc ? national.slice(ndc.length) : national;
        return (
          (!ndc || national.startsWith(ndc)) &&
          (!startsWith || afterNdc.startsWith(startsWith)) &&
          (!contains || national.includes(contains)) &&
          (!endsWith || national.endsWith(endsWith)) &&
          features.every((feature) => entry.record.features.some(({ name }) => name === feature))
        );
      })
      .slice(0, limit)
      .map((entry) => entry.record);
    return ok(matching, { metadata: searchMetadata(matching) });
  }

  private createOrder({ body }: RecordedRequest): Reply {
    const request = asRecord(body);
    const requested = Array.isArray(request.phone_numbers) ? request.phone_numbers.map(asRecord) : [];
    if (requested.length === 0) {
      return unprocessable({
        code: '10004',
        title: 'Missing required parameter',
        detail: 'phone_numbers is required.',
        source: { pointer: '/phone_numbers' },
      });
    }
    const owned = new Set(this.ownedPhoneNumbers.map((number) => number.phone_number));
    for (const [index, { phone_number }] of requested.entries()) {
      const onSale = this.inventory.some((entry) => entry.record.phone_number === phone_number);
      if (typeof phone_number !== 'string' || !onSale || owned.has(phone_number)) {
        return unprocessable({
          code: '10015',
          title: 'Bad Request',
          detail: `Phone number ${String(phone_number)} is not available for purchase.`,
          source: { pointer: `/phone_numbers/${index}/phone_number` },
        });
      }
    }
    const status = this.orderOutcome;
    const now = new Date().toISOString();
    const customerReference = optionalString(request.customer_reference);
    const order: TelnyxNumberOrder = {
      id: randomUUID(),
      record_type: 'number_order',
      phone_numbers_count: requested.length,
      connection_id: optionalString(request.connection_id),
      messaging_profile_id: optionalString(request.messaging_profile_id),
      billing_group_id: null,
      phone_numbers: requested.map(({ phone_number }) => ({
        id: randomUUID(),
        record_type: 'number_order_phone_number',
        phone_number: String(phone_number),
        regulatory_requirements: [],
        requirements_met: true,
        status,
      })),
      sub_number_orders_ids: [],
      status,
      customer_reference: customerReference,
      created_at: now,
      updated_at: now,
      requirements_met: true,
    };
    this.orders.set(order.id, order);
    for (const { phone_number } of order.phone_numbers) {
      const id = randomUUID();
      this.phoneNumbers.set(
        id,
        newPhoneNumber(
          id,
          phone_number,
          status === 'success' ? 'active' : 'purchase-pending',
          customerReference,
          {
            connectionId: order.connection_id ?? undefined,
            messagingProfileId: order.messaging_profile_id ?? undefined,
          },
        ),
      );
    }
    return ok(order);
  }

  private listOrders({ query }: RecordedRequest): Reply {
    const reference = query.get('filter[customer_reference]');
    const status = query.get('filter[status]');
    const orders = [...this.orders.values()].filter(
      (order) =>
        (!reference || order.customer_reference === reference) && (!status || order.status === status),
    );
    return this.paginate(orders, query);
  }

  private showOrder(id: string | undefined): Reply {
    const order = id === undefined ? undefined : this.orders.get(id);
    return order ? ok(order) : notFound();
  }

  private listPhoneNumbers({ query }: RecordedRequest): Reply {
    // Like Telnyx, filter[phone_number] matches any number containing the given digits.
    const digits = query.get('filter[phone_number]')?.replace(/\D/g, '');
    const numbers = this.ownedPhoneNumbers.filter(
      (number) => !digits || number.phone_number.includes(digits),
    );
    return this.paginate(numbers, query);
  }

  private deletePhoneNumber(id: string | undefined): Reply {
    const number = id === undefined ? undefined : this.phoneNumbers.get(id);
    if (!number) return notFound();
    this.phoneNumbers.delete(number.id);
    return ok({ ...number, status: 'deleted' });
  }

  private updatePhoneNumber({ body }: RecordedRequest, id: string | undefined): Reply {
    const number = id === undefined ? undefined : this.phoneNumbers.get(id);
    if (!number) return notFound();
    const changes = asRecord(body);
    const updated: TelnyxPhoneNumber = {
      ...number,
      ...('connection_id' in changes && { connection_id: optionalString(changes.connection_id) }),
      ...('customer_reference' in changes && {
        customer_reference: optionalString(changes.customer_reference),
      }),
      updated_at: new Date().toISOString(),
    };
    this.phoneNumbers.set(updated.id, updated);
    return ok(updated);
  }

  private updateMessaging({ body }: RecordedRequest, id: string | undefined): Reply {
    const number = id === undefined ? undefined : this.phoneNumbers.get(id);
    if (!number) return notFound();
    const updated = { ...number, messaging_profile_id: optionalString(asRecord(body).messaging_profile_id) };
    this.phoneNumbers.set(updated.id, updated);
    return ok({
      record_type: 'messaging_settings',
      id: updated.id,
      phone_number: updated.phone_number,
      messaging_profile_id: updated.messaging_profile_id,
      features: { sms: null, mms: null },
      eligible_messaging_products: ['A2P'],
      updated_at: new Date().toISOString(),
    });
  }

  private sendMessage({ body }: RecordedRequest): Reply {
    const request = asRecord(body);
    for (const field of ['from', 'to'] as const) {
      const value = request[field];
      if (typeof value !== 'string' || !/^\+\d{8,15}$/.test(value)) {
        return unprocessable({
          code: '10016',
          title: 'Phone number must be in +E.164 format',
          detail: `The '${field}' parameter must be in +E.164 format.`,
          source: { pointer: `/${field}` },
        });
      }
    }
    const mediaUrls = Array.isArray(request.media_urls) ? request.media_urls.map(String) : [];
    if (typeof request.text !== 'string' && mediaUrls.length === 0) {
      return unprocessable({
        code: '10004',
        title: 'Missing required parameter',
        detail: 'Either text or media_urls is required.',
        source: { pointer: '/text' },
      });
    }
    const id = randomUUID();
    this.sentMessages.push({ id, request });
    return ok({
      record_type: 'message',
      direction: 'outbound',
      id,
      type: mediaUrls.length > 0 ? 'MMS' : 'SMS',
      messaging_profile_id: optionalString(request.messaging_profile_id),
      from: { phone_number: request.from, carrier: 'Telnyx', line_type: 'Wireless' },
      to: [{ phone_number: request.to, status: 'queued', carrier: 'Fake Mobile', line_type: 'Wireless' }],
      text: typeof request.text === 'string' ? request.text : null,
      media: mediaUrls.map((url) => ({ url, content_type: null, sha256: null, size: null })),
      webhook_url: optionalString(request.webhook_url),
      webhook_failover_url: null,
      encoding: 'GSM-7',
      parts: 1,
      tags: [],
      cost: null,
      received_at: new Date().toISOString(),
      sent_at: null,
      completed_at: null,
      valid_until: null,
      errors: [],
    });
  }

  private lookUp(number: string | undefined): Reply {
    const parsed = number === undefined ? undefined : parsePhoneNumberFromString(number);
    if (!parsed?.isValid()) {
      return unprocessable({ code: '10016', title: 'Phone number must be in +E.164 format' });
    }
    const type = (parsed.getType() ?? 'unknown').toLowerCase().replaceAll('_', ' ');
    const ours = this.findPhoneNumber(parsed.number) !== undefined;
    return ok({
      record_type: 'number_lookup',
      phone_number: parsed.number,
      country_code: parsed.country ?? null,
      national_format: parsed.formatNational(),
      fraud: null,
      caller_name: null,
      carrier: {
        name: ours ? 'Telnyx' : type === 'mobile' ? 'Fake Mobile' : 'Fake Telephone Company',
        normalized_carrier: ours ? 'Telnyx' : null,
        type,
        mobile_country_code: null,
        mobile_network_code: null,
        error_code: null,
      },
      portability: null,
    });
  }

  private paginate(items: readonly unknown[], query: URLSearchParams): Reply {
    const pageSize = Math.min(this.maxPageSize, Number(query.get('page[size]') ?? DEFAULT_PAGE_SIZE));
    const pageNumber = Number(query.get('page[number]') ?? 1);
    const data = items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return ok(data, {
      meta: {
        total_pages: Math.max(1, Math.ceil(items.length / pageSize)),
        total_results: items.length,
        page_number: pageNumber,
        page_size: pageSize,
      },
    });
  }

  private findPhoneNumber(phoneNumber: string): TelnyxPhoneNumber | undefined {
    return this.ownedPhoneNumbers.find((number) => number.phone_number === phoneNumber);
  }
}

function newPhoneNumber(
  id: string,
  phoneNumber: string,
  status: TelnyxPhoneNumber['status'],
  customerReference: string | null,
  settings: { connectionId?: string | undefined; messagingProfileId?: string | undefined },
): TelnyxPhoneNumber {
  const now = new Date().toISOString();
  return {
    id,
    record_type: 'phone_number',
    phone_number: phoneNumber,
    status,
    connection_id: settings.connectionId ?? null,
    messaging_profile_id: settings.messagingProfileId ?? null,
    customer_reference: customerReference,
    tags: [],
    created_at: now,
    updated_at: now,
  };
}

function searchMetadata(results: readonly TelnyxAvailablePhoneNumber[]) {
  return {
    total_results: results.length,
    best_effort_results: results.filter((number) => number.best_effort).length,
  };
}

function ok(data: unknown, extra: Readonly<Record<string, unknown>> = {}): Reply {
  return { status: 200, body: { data, ...extra } };
}

function unprocessable(error: TelnyxError): Reply {
  return { status: 422, body: { errors: [error] } };
}

function invalidJson(): Reply {
  return {
    status: 400,
    body: { errors: [{ code: '10023', title: 'Invalid JSON', detail: 'The request body is not JSON.' }] },
  };
}

function notFound(): Reply {
  return { status: 404, body: { errors: [errorForStatus(404)] } };
}

function errorForStatus(status: number): TelnyxError {
  return ERROR_FOR_STATUS[status] ?? (status >= 500 ? UNEXPECTED_ERROR : BAD_REQUEST);
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return INVALID_JSON;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
