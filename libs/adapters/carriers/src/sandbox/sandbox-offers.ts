import {
  type Capability,
  type Money,
  type NumberType,
  type SupportedCountry,
  GEOGRAPHIC_AREA_CODES,
  countryName,
} from '@switchyard/numbers';

/** A range of numbers sharing leading national digits, e.g. San Francisco's 415 or GB mobile 74. */
export interface NumberBlock {
  readonly prefix: string;
  readonly areaCode?: string;
  readonly region: string;
}

/** What the sandbox sells for one country and number type. */
export interface SandboxOffer {
  readonly capabilities: readonly Capability[];
  readonly monthlyPrice: Money;
  readonly setupPrice: Money;
  readonly documentsRequired: boolean;
  readonly blocks: readonly NumberBlock[];
  /** Geographic offers also sell area codes missing from our table, named after the country. */
  readonly geographic: boolean;
}

/** Every supported country's national significant numbers are ten digits long in the ranges we sell. */
export const NATIONAL_NUMBER_LENGTH = 10;

const NORTH_AMERICAN_TOLL_FREE_CODES = ['800', '833', '844', '855', '866', '877', '888'];
/** 070 (personal) and 076 (pagers) are not mobile ranges. */
const GB_MOBILE_PREFIXES = ['71', '72', '73', '74', '75', '77', '78', '79'];
const GB_TOLL_FREE_CODES = ['800', '808'];

const usd = (amount: number): Money => ({ amount, currency: 'USD' });
const gbp = (amount: number): Money => ({ amount, currency: 'GBP' });

function geographicBlocks(country: SupportedCountry): NumberBlock[] {
  return GEOGRAPHIC_AREA_CODES[country].map(({ areaCode, region }) => ({
    prefix: areaCode,
    areaCode,
    region,
  }));
}

function nationalBlocks(
  country: SupportedCountry,
  codes: readonly string[],
  withAreaCode: boolean,
): NumberBlock[] {
  return codes.map((code) => ({
    prefix: code,
    ...(withAreaCode && { areaCode: code }),
    region: countryName(country),
  }));
}

function northAmericanOffers(country: 'US' | 'CA'): Record<NumberType, SandboxOffer> {
  return {
    local: {
      capabilities: ['voice', 'sms', 'mms'],
      monthlyPrice: usd(100),
      setupPrice: usd(0),
      documentsRequired: false,
      blocks: geographicBlocks(country),
      geographic: true,
    },
    mobile: {
      capabilities: ['voice', 'sms', 'mms'],
      monthlyPrice: usd(150),
      setupPrice: usd(0),
      documentsRequired: false,
      blocks: geographicBlocks(country),
      geographic: true,
    },
    toll_free: {
      capabilities: ['voice', 'sms'],
      monthlyPrice: usd(200),
      setupPrice: usd(0),
      documentsRequired: false,
      blocks: nationalBlocks(country, NORTH_AMERICAN_TOLL_FREE_CODES, true),
      geographic: false,
    },
  };
}

export const SANDBOX_OFFERS: Readonly<Record<SupportedCountry, Readonly<Record<NumberType, SandboxOffer>>>> =
  {
    US: northAmericanOffers('US'),
    CA: northAmericanOffers('CA'),
    GB: {
      // UK regulation asks for proof of a local address; the sandbox demands documents to exercise that path.
      local: {
        capabilities: ['voice'],
        monthlyPrice: gbp(100),
        setupPrice: gbp(100),
        documentsRequired: true,
        blocks: geographicBlocks('GB'),
        geographic: true,
      },
      mobile: {
        capabilities: ['voice', 'sms'],
        monthlyPrice: gbp(200),
        setupPrice: gbp(0),
        documentsRequired: false,
        blocks: nationalBlocks('GB', GB_MOBILE_PREFIXES, false),
        geographic: false,
      },
      // UK freephone numbers cannot receive SMS.
      toll_free: {
        capabilities: ['voice'],
        monthlyPrice: gbp(300),
        setupPrice: gbp(0),
        documentsRequired: false,
        blocks: nationalBlocks('GB', GB_TOLL_FREE_CODES, true),
        geographic: false,
      },
    },
  };
