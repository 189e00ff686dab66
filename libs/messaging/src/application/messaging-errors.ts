import { DomainError } from '@switchyard/errors';
import {
  BacklogTooLongError,
  InvalidStatusTransitionError,
  MediaTooLargeError,
  MessagingDomainError,
  PriceNotFoundError,
  SendAtOutOfWindowError,
  TooManyMediaItemsError,
  TooManySegmentsError,
  UnsupportedMediaTypeError,
} from '../domain';

/**
 * The one place where the messaging domain's errors become product errors with an HTTP kind and a stable code.
 * `field` names the input the error is about, for the problem's `errors` list.
 */
export function asDomainError(error: unknown, field?: string): unknown {
  if (!(error instanceof MessagingDomainError)) return error;
  const fieldErrors = field === undefined ? [] : [{ field, code: error.code, message: error.message }];
  if (error instanceof TooManySegmentsError) {
    return new DomainError('invalid_input', error.code, error.message, {
      fieldErrors,
      details: { segments: error.segments, maxSegments: error.maxSegments },
      cause: error,
    });
  }
  if (error instanceof SendAtOutOfWindowError) {
    return new DomainError('invalid_input', error.code, error.message, {
      fieldErrors,
      details: {
        earliest: error.allowed.earliest.toISOString(),
        latest: error.allowed.latest.toISOString(),
      },
      cause: error,
    });
  }
  if (error instanceof InvalidStatusTransitionError) {
    return new DomainError('conflict', 'message_not_cancelable', error.message, {
      details: { currentStatus: error.from },
      cause: error,
    });
  }
  if (error instanceof UnsupportedMediaTypeError) {
    return new DomainError('unsupported_media_type', error.code, error.message, {
      fieldErrors,
      cause: error,
    });
  }
  if (error instanceof MediaTooLargeError || error instanceof TooManyMediaItemsError) {
    return new DomainError('payload_too_large', error.code, error.message, { fieldErrors, cause: error });
  }
  if (error instanceof PriceNotFoundError || error instanceof BacklogTooLongError) {
    return new DomainError('unprocessable', error.code, error.message, { fieldErrors, cause: error });
  }
  return new DomainError('invalid_input', error.code, error.message, { fieldErrors, cause: error });
}

/** Runs a domain rule, reporting its failure as a problem with `field`. */
export function inField<T>(work: () => T, field?: string): T {
  try {
    return work();
  } catch (error) {
    throw asDomainError(error, field);
  }
}
