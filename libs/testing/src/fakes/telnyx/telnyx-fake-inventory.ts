import { parsePhoneNumberWithError } from 'libphonenumber-js/max';

/** An entry of GET /available_phone_numbers as Telnyx documents it. */
export interface TelnyxAvailablePhoneNumber {
  readonly record_type: 'available_phone_number';
  readonly phone_number: string;
  readonly vanity_format: string;
  readonly best_effort: boolean;
  readonly quickship: boolean;
  readonly reservable: boolean;
  readonly region_information: readonly { readonly region_type: string; readonly region_name: string }[];
  readonly cost_information: {
    readonly upfront_cost: string;
    readonly monthly_cost: string;
    readonly currency: string;
  };
  readonly features: readonly { readonly name: string }[];
  readonly regulatory_requirements: readonly {
    readonly requirement_id: string;
    readonly field_type: string;
    readonly label: string;
  }[];
}

/** A number on sale in the fake, with what the filters need beside the Telnyx record. */
export interface FakeInventoryEntry {
  readonly country: string;
  readonly phoneNumberType: 'local' | 'toll_free' | 'mobile';
  readonly nationalNumber: string;
  readonly record: TelnyxAvailablePhoneNumber;
}

interface Range {
  readonly country: 'US' | 'CA' | 'GB';
  readonly phoneNumberType: FakeInventoryEntry['phoneNumberType'];
  readonly prefix: string;
  readonly places: readonly { readonly region_type: string; readonly region_name: string }[];
  readonly features: readonly string[];
  readonly upfrontCost: string;
  readonly monthlyCost: string;
  readonly addressRequired?: boolean;
}

const NUMBERS_PER_RANGE = 40;

const rateCenter = (name: string, state: string) => [
  { region_type: 'rate_center', region_name: name },
  { region_type: 'state', region_name: state },
];

const RANGES: readonly Range[] = [
  ...[
    ['212', 'NEW YORK', 'NY'],
    ['312', 'CHICAGO', 'IL'],
    ['415', 'SAN FRANCISCO', 'CA'],
    ['512', 'AUSTIN', 'TX'],
  ].map(([prefix = '', name = '', state = '']): Range => ({
    country: 'US',
    phoneNumberType: 'local',
    prefix,
    places: rateCenter(name, state),
    features: ['voice', 'sms', 'mms', 'fax', 'emergency'],
    upfrontCost: '1.00',
    monthlyCost: '1.00',
  })),
  ...['800', '888'].map((prefix): Range => ({
    country: 'US',
    phoneNumberType: 'toll_free',
    prefix,
    places: [],
    features: ['voice', 'sms'],
    upfrontCost: '1.00',
    monthlyCost: '2.00',
  })),
  {
    country: 'CA',
    phoneNumberType: 'local',
    prefix: '416',
    places: rateCenter('TORONTO', 'ON'),
    features: ['voice', 'sms'],
    upfrontCost: '1.00',
    monthlyCost: '1.00',
  },
  {
    country: 'GB',
    phoneNumberType: 'local',
    prefix: '20',
    places: [{ region_type: 'location', region_name: 'London' }],
    features: ['voice'],
    upfrontCost: '1.00',
    monthlyCost: '1.50',
    addressRequired: true,
  },
  {
    country: 'GB',
    phoneNumberType: 'mobile',
    prefix: '74',
    places: [],
    features: ['voice', 'sms'],
    upfrontCost: '0.00',
    monthlyCost: '2.50',
  },
];

/** The fake's deterministic stock: the same numbers in the same order on every run. */
export function buildFakeInventory(): FakeInventoryEntry[] {
  return RANGES.flatMap((range) => rangeNumbers(range));
}

function rangeNumbers(range: Range): FakeInventoryEntry[] {
  const entries: FakeInventoryEntry[] = [];
  let state = Number(range.prefix);
  // A linear congruential generator is enough to scatter numbers deterministically; its high bits pick digits.
  const nextDigit = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return String(Math.floor((state / 4_294_967_296) * 10));
  };
  while (entries.length < NUMBERS_PER_RANGE) {
    let nationalNumber = range.prefix;
    while (nationalNumber.length < 10) nationalNumber += nextDigit();
    const parsed = parsePhoneNumberWithError(nationalNumber, range.country);
    if (!parsed.isValid() || nationalNumber.slice(3, 6) === '555') continue;
    if (entries.some((entry) => entry.nationalNumber === nationalNumber)) continue;
    entries.push({
      country: range.country,
      phoneNumberType: range.phoneNumberType,
      nationalNumber,
      record: {
        record_type: 'available_phone_number',
        phone_number: parsed.number,
        vanity_format: '',
        best_effort: false,
        quickship: true,
        reservable: true,
        region_information: [{ region_type: 'country_code', region_name: range.country }, ...range.places],
        cost_information: {
          upfront_cost: range.upfrontCost,
          monthly_cost: range.monthlyCost,
          currency: 'USD',
        },
        features: range.features.map((name) => ({ name })),
        regulatory_requirements: range.addressRequired
          ? [
              {
                requirement_id: '8ffb3622-7c6b-4ccc-b65f-7a3dc0099576',
                field_type: 'address',
                label: 'Address',
              },
            ]
          : [],
      },
    });
  }
  return entries;
}
