import { ConflictError, DomainError } from '@switchyard/errors';
import {
  CarrierMisconfiguredError,
  CarrierRejectedError,
  CarrierUnavailableError,
  InvalidAmountError,
  InvalidNumberPatternError,
  InvalidPhoneNumberError,
  NumberNoLongerAvailableError,
  NumbersDomainError,
  UnsupportedCountryError,
} from '../domain';

/** Retry-After for a carrier that did not say when to come back. */
const defaultCarrierRetryAfterSeconds = 30;

/**
 * The one place where the numbers domain's errors become product errors with an HTTP kind and a stable code.
 * `field` names the input a phone number or pattern came from, for the problem's `errors` list.
 */
export function asDomainError(error: unknown, field?: string): unknown {
  if (!(error instanceof NumbersDomainError)) return error;
  const fieldErrors = (code: string) =>
    field === undefined ? [] : [{ field, code, message: error.message }];
  if (error instanceof InvalidPhoneNumberError) {
    return new DomainError('invalid_input', error.code, error.message, {
      fieldErrors: fieldErrors(error.code),
      details: { reason: error.reason },
      cause: error,
    });
  }
  if (error instanceof InvalidNumberPatternError) {
    return new DomainError('invalid_input', error.code, error.message, {
      fieldErrors: fieldErrors(error.code),
      details: { pattern: error.pattern },
      cause: error,
    });
  }
  if (error instanceof UnsupportedCountryError) {
    return new DomainError('invalid_input', error.code, error.message, {
      fieldErrors: fieldErrors(error.code),
      details: { supportedCountries: [...error.supportedCountries] },
      cause: error,
    });
  }
  if (error instanceof NumberNoLongerAvailableError) return numberNotAvailable(error.phoneNumber);
  if (error instanceof CarrierRejectedError) {
    return new DomainError('unprocessable', error.code, error.message, { cause: error });
  }
  if (error instanceof CarrierMisconfiguredError) {
    return new DomainError('dependency_unavailable', error.code, 'The carrier account is misconfigured.', {
      retryAfterSeconds: 300,
      cause: error,
    });
  }
  const retryAfterSeconds = error instanceof CarrierUnavailableError ? error.retryAfterSeconds : undefined;
  // Unavailable carriers, and carriers answering with amounts we cannot read (InvalidAmountError), are outages.
  const message =
    error instanceof InvalidAmountError ? 'The carrier answered with an unreadable price.' : error.message;
  return new DomainError('upstream_unavailable', 'carrier_unavailable', message, {
    retryAfterSeconds: retryAfterSeconds ?? defaultCarrierRetryAfterSeconds,
    cause: error,
  });
}

/** Runs `work`, turning numbers domain errors into product errors. */
export async function translatingNumbersErrors<T>(work: () => T | Promise<T>, field?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw asDomainError(error, field);
  }
}

export function numberNotAvailable(phoneNumber: string): ConflictError {
  return new ConflictError('number_not_available', `${phoneNumber} is not available; pick another number.`, {
    phoneNumber,
  });
}
