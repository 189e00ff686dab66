import {
  type EventData,
  type JobPayloads,
  isEventTypePattern,
  matchesAnyEventType,
} from '@switchyard/contracts';
import { type FieldError } from '@switchyard/errors';

export const maxUrlLength = 2048;

/** Endpoints are matched in memory for every event, so an account keeps a handful. */
export const maxEndpointsPerAccount = 50;

export type DisabledReason = 'failing_deliveries' | 'disabled_by_user';

export function webhookUrlErrors(url: string): FieldError[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [{ field: 'url', code: 'invalid_url', message: 'Use an absolute http(s) URL.' }];
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return [{ field: 'url', code: 'invalid_url', message: 'Only http and https URLs can receive webhooks.' }];
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return [
      {
        field: 'url',
        code: 'invalid_url',
        message: 'Put no credentials in the URL; verify the signature instead.',
      },
    ];
  }
  if (url.length > maxUrlLength) {
    return [{ field: 'url', code: 'invalid_url', message: `Use at most ${maxUrlLength} characters.` }];
  }
  return [];
}

export function eventTypeFilterErrors(patterns: readonly string[]): FieldError[] {
  return patterns
    .filter((pattern) => !isEventTypePattern(pattern))
    .map((pattern) => ({
      field: 'eventTypes',
      code: 'unknown_event_type',
      message: `"${pattern}" is neither an event type, "*", nor a wildcard such as "call.*" that matches one.`,
    }));
}

export interface EndpointSecrets {
  readonly secret: string;
  readonly previousSecret: string | null;
  readonly previousSecretExpiresAt: Date | null;
}

/** The secrets that sign a delivery now: the current one, and the one before a rotation while its grace lasts. */
export function activeSecrets(endpoint: EndpointSecrets, now: Date): string[] {
  const previousValid =
    endpoint.previousSecret !== null &&
    endpoint.previousSecretExpiresAt !== null &&
    endpoint.previousSecretExpiresAt > now;
  return previousValid ? [endpoint.secret, endpoint.previousSecret!] : [endpoint.secret];
}

export interface EndpointSubscription {
  readonly id: string;
  readonly enabled: boolean;
  readonly eventTypes: readonly string[];
}

/** A test event goes to the endpoint it names, whatever its filter; any other event to enabled, matching ones. */
export function endpointReceives(
  endpoint: EndpointSubscription,
  event: { readonly type: string; readonly data: EventData },
): boolean {
  if (event.type === 'webhook.test') return event.data.endpointId === endpoint.id;
  return endpoint.enabled && matchesAnyEventType(endpoint.eventTypes, event.type);
}

/** True when an endpoint that has failed since `failingSince` has failed long enough to be disabled. */
export function failedLongEnough(failingSince: Date, now: Date, disableAfterMs: number): boolean {
  return now.getTime() - failingSince.getTime() >= disableAfterMs;
}

export type DeliveryJob = JobPayloads['webhooks.deliver'];

/** Each hop of a delivery has its own id, so enqueueing it twice (a replayed job) adds it once. */
export function deliveryJobId(job: DeliveryJob): string {
  const origin = job.resendOf === undefined ? 'auto' : job.resendOf;
  return `${job.eventId}.${job.endpointId}.${origin}.${job.attempt}.${job.deferral}`;
}
