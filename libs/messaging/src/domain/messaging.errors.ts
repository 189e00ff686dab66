/** Base of every error the messaging domain raises; `code` is stable and safe to expose to API clients. */
export abstract class MessagingDomainError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class TooManySegmentsError extends MessagingDomainError {
  readonly code = 'too_many_segments';

  constructor(
    readonly segments: number,
    readonly maxSegments: number,
  ) {
    super(`The message needs ${segments} segments; at most ${maxSegments} are allowed`);
  }
}

export class PriceNotFoundError extends MessagingDomainError {
  readonly code = 'price_not_found';

  constructor(readonly route: { country: string; numberType: string; direction: string; channel: string }) {
    super(
      `No ${route.direction} ${route.channel} price for ${route.numberType} numbers in ${route.country}; ` +
        'the route is not offered',
    );
  }
}

export class InvalidStatusTransitionError extends MessagingDomainError {
  readonly code = 'invalid_status_transition';

  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`A message cannot go from ${from} to ${to}`);
  }
}

/** `sendAt` lies outside the window in which messages may be scheduled; the window is inclusive. */
export class SendAtOutOfWindowError extends MessagingDomainError {
  readonly code = 'send_at_out_of_window';

  constructor(
    readonly sendAt: Date,
    readonly allowed: { readonly earliest: Date; readonly latest: Date },
  ) {
    super(
      `sendAt ${sendAt.toISOString()} must lie between ${allowed.earliest.toISOString()} and ` +
        allowed.latest.toISOString(),
    );
  }
}

export class InvalidSendWindowError extends MessagingDomainError {
  readonly code = 'invalid_send_window';

  constructor(
    readonly window: { readonly startLocal: string; readonly endLocal: string },
    readonly detail: string,
  ) {
    super(`Send window ${window.startLocal}-${window.endLocal} is invalid: ${detail}`);
  }
}

export class UnknownTimeZoneError extends MessagingDomainError {
  readonly code = 'unknown_time_zone';

  constructor(readonly timeZone: string) {
    super(`"${timeZone}" is not an IANA time zone`);
  }
}

export class InvalidRecurrenceRuleError extends MessagingDomainError {
  readonly code = 'invalid_recurrence_rule';

  constructor(
    readonly rule: string,
    readonly detail: string,
  ) {
    super(`Invalid recurrence rule: ${detail}`);
  }
}

/** A recurring message must stop on its own: the rule needs COUNT or UNTIL. */
export class RecurrenceWithoutEndError extends MessagingDomainError {
  readonly code = 'recurrence_without_end';

  constructor(readonly rule: string) {
    super('A recurrence rule needs COUNT or UNTIL so that it ends');
  }
}

export class InvalidTemplateError extends MessagingDomainError {
  readonly code = 'invalid_template';

  constructor(
    /** Offset in the template source, in UTF-16 code units. */
    readonly position: number,
    readonly detail: string,
  ) {
    super(`Invalid template at position ${position}: ${detail}`);
  }
}

export class TemplateMissingFieldsError extends MessagingDomainError {
  readonly code = 'template_missing_fields';

  constructor(readonly missingFields: readonly string[]) {
    super(`The template needs values for: ${missingFields.join(', ')}`);
  }
}

export class InvalidCampaignError extends MessagingDomainError {
  readonly code = 'invalid_campaign';

  constructor(readonly detail: string) {
    super(`Invalid campaign: ${detail}`);
  }
}

export class EmptySenderPoolError extends MessagingDomainError {
  readonly code = 'empty_sender_pool';

  constructor() {
    super('The sender pool has no numbers');
  }
}

/** A single take larger than the bucket could never be granted, however long the caller waited. */
export class CostExceedsCapacityError extends MessagingDomainError {
  readonly code = 'cost_exceeds_capacity';

  constructor(
    readonly cost: number,
    readonly capacity: number,
  ) {
    super(`A cost of ${cost} can never fit a bucket holding at most ${capacity}`);
  }
}

/** Accepting the message would queue it for longer than the account allows; failing now beats waiting. */
export class BacklogTooLongError extends MessagingDomainError {
  readonly code = 'backlog_too_long';

  constructor(
    readonly expectedWaitSeconds: number,
    readonly maxWaitSeconds: number,
  ) {
    super(
      `The sender's backlog would take ${expectedWaitSeconds} s to drain, more than the allowed ${maxWaitSeconds} s`,
    );
  }
}

/** Maps to HTTP 415. */
export class UnsupportedMediaTypeError extends MessagingDomainError {
  readonly code = 'unsupported_media_type';

  constructor(
    readonly contentType: string,
    readonly allowedContentTypes: readonly string[],
  ) {
    super(`Media of type "${contentType}" cannot be sent; allowed: ${allowedContentTypes.join(', ')}`);
  }
}

/** Maps to HTTP 413; `itemIndex` is absent when the items only exceed the limit together. */
export class MediaTooLargeError extends MessagingDomainError {
  readonly code = 'media_too_large';

  constructor(
    readonly sizeBytes: number,
    readonly limitBytes: number,
    readonly itemIndex?: number,
  ) {
    super(
      itemIndex === undefined
        ? `The media total ${sizeBytes} bytes, more than the ${limitBytes} bytes allowed per message`
        : `Media item ${itemIndex} has ${sizeBytes} bytes, more than the ${limitBytes} bytes allowed per item`,
    );
  }
}

/** Maps to HTTP 413. */
export class TooManyMediaItemsError extends MessagingDomainError {
  readonly code = 'too_many_media_items';

  constructor(
    readonly count: number,
    readonly maxItems: number,
  ) {
    super(`A message may carry at most ${maxItems} media items, not ${count}`);
  }
}
