import {
  CarrierMisconfiguredError,
  CarrierRejectedError,
  CarrierUnavailableError,
} from '@switchyard/numbers';
import { z } from 'zod';

export const TELNYX = 'telnyx';

export interface TelnyxApiClientOptions {
  readonly apiKey: string;
  readonly baseUrl: string;
  readonly timeoutMs: number;
  /** Reads Retry-After headers given as HTTP dates. */
  readonly clock: () => Date;
}

export interface TelnyxRequest<T> {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  readonly path: string;
  readonly query?: URLSearchParams;
  readonly body?: unknown;
  /** Telnyx replays the first successful response to a repeated key for 24 hours. */
  readonly idempotencyKey?: string;
  readonly responseSchema: z.ZodType<T>;
}

const telnyxErrorSchema = z.object({
  code: z.union([z.string(), z.number()]).transform(String),
  title: z.string().optional(),
  detail: z.string().optional(),
});
export type TelnyxErrorEntry = z.infer<typeof telnyxErrorSchema>;

const errorBodySchema = z.object({ errors: z.array(telnyxErrorSchema) });

/** A 4xx answer other than authentication or rate limiting; keeps the status and errors for callers to refine. */
export class TelnyxRejectedError extends CarrierRejectedError {
  constructor(
    readonly status: number,
    readonly errors: readonly TelnyxErrorEntry[],
  ) {
    super(TELNYX, describeErrors(errors) || `HTTP ${status}`, errors[0]?.code);
  }
}

/**
 * Calls the Telnyx REST API v2 with a bearer key and a timeout, and turns failures into domain errors:
 * network failures, timeouts, 5xx and 429 into CarrierUnavailableError (honouring Retry-After),
 * 401 and 403 into CarrierMisconfiguredError, other 4xx into TelnyxRejectedError.
 */
export class TelnyxApiClient {
  constructor(private readonly options: TelnyxApiClientOptions) {}

  async send<T>(request: TelnyxRequest<T>): Promise<T> {
    const response = await this.call(request);
    const body = await readJson(response);
    if (!response.ok) throw this.failure(response, body);
    const parsed = request.responseSchema.safeParse(body);
    if (!parsed.success) {
      throw new CarrierUnavailableError(TELNYX, `unexpected response to ${request.method} ${request.path}`);
    }
    return parsed.data;
  }

  private async call(request: TelnyxRequest<unknown>): Promise<Response> {
    const query = request.query?.size ? `?${request.query.toString()}` : '';
    const headers: Record<string, string> = {
      Authorization: `Bearer ${this.options.apiKey}`,
      Accept: 'application/json',
      ...(request.body !== undefined && { 'Content-Type': 'application/json' }),
      ...(request.idempotencyKey && { 'Idempotency-Key': request.idempotencyKey }),
    };
    try {
      return await fetch(`${this.options.baseUrl}${request.path}${query}`, {
        method: request.method,
        headers,
        ...(request.body !== undefined && { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
      const detail = timedOut
        ? `no answer within ${this.options.timeoutMs} ms`
        : `request failed (${String(error)})`;
      throw new CarrierUnavailableError(TELNYX, `${request.method} ${request.path}: ${detail}`);
    }
  }

  private failure(response: Response, body: unknown): Error {
    const errors = errorBodySchema.safeParse(body).data?.errors ?? [];
    const detail = describeErrors(errors) || `HTTP ${response.status}`;
    if (response.status === 429 || response.status >= 500) {
      return new CarrierUnavailableError(
        TELNYX,
        detail,
        this.retryAfterSeconds(response.headers.get('retry-after')),
      );
    }
    if (response.status === 401 || response.status === 403)
      return new CarrierMisconfiguredError(TELNYX, detail);
    return new TelnyxRejectedError(response.status, errors);
  }

  /** Retry-After is either a number of seconds or an HTTP date. */
  private retryAfterSeconds(header: string | null): number | undefined {
    if (header === null || header.trim() === '') return undefined;
    if (/^\d+$/.test(header.trim())) return Number(header.trim());
    const at = Date.parse(header);
    if (Number.isNaN(at)) return undefined;
    return Math.max(0, Math.ceil((at - this.options.clock().getTime()) / 1000));
  }
}

function describeErrors(errors: readonly TelnyxErrorEntry[]): string {
  return errors.map((error) => error.detail ?? error.title ?? error.code).join('; ');
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text().catch(() => '');
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
