import {
  assertSupportedCountry,
  type NumberType,
  REGULATORY_REQUIREMENTS,
  type RegulatoryRequirement,
} from '../domain';
import { translatingNumbersErrors } from './numbers-errors';

/** The regulatory table, optionally narrowed to a supported country and a type. */
export async function findRegulatoryRequirements(filter: {
  country?: string;
  type?: NumberType;
}): Promise<RegulatoryRequirement[]> {
  const country =
    filter.country === undefined
      ? undefined
      : await translatingNumbersErrors(() => assertSupportedCountry(filter.country!), 'country');
  return REGULATORY_REQUIREMENTS.filter(
    (entry) =>
      (country === undefined || entry.country === country) &&
      (filter.type === undefined || entry.type === filter.type),
  );
}
