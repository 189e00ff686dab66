/** Base of every error the numbers domain raises; `code` is stable and safe to expose to API clients. */
export abstract class NumbersDomainError extends Error {
  abstract readonly code: string;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export type InvalidPhoneNumberReason =
  'too_short' | 'too_long' | 'invalid_country' | 'not_a_number' | 'invalid';

export class InvalidPhoneNumberError extends NumbersDomainError {
  readonly code = 'invalid_phone_number';

  constructor(
    readonly input: string,
    readonly reason: InvalidPhoneNumberReason,
  ) {
    super(`"${input}" is not a valid phone number (${reason})`);
  }
}

export class InvalidNumberPatternError extends NumbersDomainError {
  readonly code = 'invalid_number_pattern';

  constructor(
    readonly pattern: string,
    readonly detail: string,
  ) {
    super(`"${pattern}" is not a valid number pattern: ${detail}`);
  }
}

export class UnsupportedCountryError extends NumbersDomainError {
  readonly code = 'unsupported_country';

  constructor(
    readonly country: string,
    readonly supportedCountries: readonly string[],
  ) {
    super(`Country "${country}" is not supported; supported countries: ${supportedCountries.join(', ')}`);
  }
}

/** The carrier could not be reached or is failing; the same request may succeed later. */
export class CarrierUnavailableError extends NumbersDomainError {
  readonly code = 'carrier_unavailable';

  constructor(
    readonly carrier: string,
    detail: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`Carrier ${carrier} is unavailable: ${detail}`);
  }
}

/** Someone else bought the number between search and order; the customer should pick another one. */
export class NumberNoLongerAvailableError extends NumbersDomainError {
  readonly code = 'number_no_longer_available';

  constructor(readonly phoneNumber: string) {
    super(`${phoneNumber} is no longer available`);
  }
}

/** The carrier refused the request itself; retrying the same request will not help. */
export class CarrierRejectedError extends NumbersDomainError {
  readonly code = 'carrier_rejected';

  constructor(
    readonly carrier: string,
    readonly reason: string,
    readonly carrierCode?: string,
  ) {
    super(`Carrier ${carrier} rejected the request: ${reason}`);
  }
}

/** Our credentials or account setup at the carrier are wrong: an operator problem, not the customer's. */
export class CarrierMisconfiguredError extends NumbersDomainError {
  readonly code = 'carrier_misconfigured';

  constructor(
    readonly carrier: string,
    readonly detail: string,
  ) {
    super(`Carrier ${carrier} is misconfigured: ${detail}`);
  }
}

export class InvalidAmountError extends NumbersDomainError {
  readonly code = 'invalid_amount';

  constructor(readonly amount: string) {
    super(`"${amount}" is not a decimal amount`);
  }
}
