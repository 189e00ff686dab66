import { NUMBER_TYPES, type NumberType } from './available-number';
import { SUPPORTED_COUNTRIES, type SupportedCountry } from './supported-countries';

export const DOCUMENT_TYPES = ['proof_of_address', 'identity_document', 'business_registration'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** What a regulator asks before a number of a country and type may be assigned to a customer. */
export interface RegulatoryRequirement {
  readonly country: SupportedCountry;
  readonly type: NumberType;
  readonly documentTypes: readonly DocumentType[];
  /** A postal address of the customer must be on file. */
  readonly addressRequired: boolean;
  /** That address must be in the number's country. */
  readonly localPresenceRequired: boolean;
  readonly description: string;
}

const none = (country: SupportedCountry, type: NumberType): RegulatoryRequirement => ({
  country,
  type,
  documentTypes: [],
  addressRequired: false,
  localPresenceRequired: false,
  description: 'No documents are needed.',
});

/** Exceptions to "nothing needed"; UK geographic numbers need a UK address (Ofcom numbering conditions). */
const EXCEPTIONS: readonly RegulatoryRequirement[] = [
  {
    country: 'GB',
    type: 'local',
    documentTypes: ['proof_of_address'],
    addressRequired: true,
    localPresenceRequired: true,
    description: 'UK geographic numbers need a UK address and a document proving it (e.g. a utility bill).',
  },
];

/** The requirement of every supported country and number type. */
export const REGULATORY_REQUIREMENTS: readonly RegulatoryRequirement[] = SUPPORTED_COUNTRIES.flatMap(
  (country) =>
    NUMBER_TYPES.map(
      (type) =>
        EXCEPTIONS.find((entry) => entry.country === country && entry.type === type) ?? none(country, type),
    ),
);

export function regulatoryRequirementFor(country: SupportedCountry, type: NumberType): RegulatoryRequirement {
  return (
    REGULATORY_REQUIREMENTS.find((entry) => entry.country === country && entry.type === type) ??
    none(country, type)
  );
}

/**
 * Whether ordering needs an approved requirement submission first: when the table asks for anything, or when the
 * carrier says the offered number needs documents although the table does not.
 */
export function needsRequirementSubmission(
  requirement: RegulatoryRequirement,
  carrierAsksForDocuments: boolean,
): boolean {
  return requirement.documentTypes.length > 0 || requirement.addressRequired || carrierAsksForDocuments;
}

export interface SubmittedRequirements {
  readonly documentTypes: readonly string[];
  /** ISO country of the submitted address; undefined without an address. */
  readonly addressCountry?: string;
}

export type SubmissionReview =
  { readonly approved: true } | { readonly approved: false; readonly reason: string };

/** Automatic review: every listed document, the address when needed, in the country when needed, and one document at least. */
export function reviewSubmission(
  requirement: RegulatoryRequirement,
  submitted: SubmittedRequirements,
): SubmissionReview {
  const problems: string[] = [];
  const missing = requirement.documentTypes.filter((type) => !submitted.documentTypes.includes(type));
  if (missing.length > 0) problems.push(`missing documents: ${missing.join(', ')}`);
  if (submitted.documentTypes.length === 0) problems.push('no document was submitted');
  if (requirement.addressRequired && submitted.addressCountry === undefined)
    problems.push('an address is required');
  if (
    requirement.localPresenceRequired &&
    submitted.addressCountry !== undefined &&
    submitted.addressCountry !== requirement.country
  ) {
    problems.push(`the address must be in ${requirement.country}`);
  }
  return problems.length === 0 ? { approved: true } : { approved: false, reason: problems.join('; ') };
}
