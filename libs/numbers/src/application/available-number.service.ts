import { Inject, Injectable } from '@nestjs/common';
import {
  assertSupportedCountry,
  type AvailableNumber,
  type CarrierPort,
  type NumberSearchQuery,
  needsRequirementSubmission,
  type RegulatoryRequirement,
  regulatoryRequirementFor,
} from '../domain';
import { PhoneNumberRepository } from '../infrastructure/phone-number.repository';
import { translatingNumbersErrors } from './numbers-errors';
import { CARRIER } from './numbers-settings';

export interface OfferedNumber extends Omit<AvailableNumber, 'requirements'> {
  readonly requirements: {
    readonly documentsRequired: boolean;
    readonly documentTypes: RegulatoryRequirement['documentTypes'];
    readonly addressRequired: boolean;
    readonly localPresenceRequired: boolean;
  };
}

/** Searching the carrier's catalog, without the numbers some account holds already. */
@Injectable()
export class AvailableNumberService {
  constructor(
    @Inject(CARRIER) private readonly carrier: CarrierPort,
    @Inject(PhoneNumberRepository) private readonly numbers: PhoneNumberRepository,
  ) {}

  async search(query: NumberSearchQuery): Promise<OfferedNumber[]> {
    const country = await translatingNumbersErrors(() => assertSupportedCountry(query.country), 'country');
    const offers = await translatingNumbersErrors(
      () => this.carrier.searchNumbers({ ...query, country }),
      'nearNumber',
    );
    const held = await this.numbers.heldAmong(offers.map((offer) => offer.phoneNumber));
    return offers
      .filter((offer) => !held.has(offer.phoneNumber))
      .map((offer) => {
        const requirement = regulatoryRequirementFor(country, offer.type);
        return {
          ...offer,
          requirements: {
            documentsRequired: needsRequirementSubmission(
              requirement,
              offer.requirements?.documentsRequired === true,
            ),
            documentTypes: requirement.documentTypes,
            addressRequired: requirement.addressRequired,
            localPresenceRequired: requirement.localPresenceRequired,
          },
        };
      });
  }
}
