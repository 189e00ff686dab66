import { describePhoneNumber, usesNorthAmericanNumbering } from '@switchyard/numbers';
import { zoneNamed } from './zoned-time';

const NEW_YORK = 'America/New_York';
const CHICAGO = 'America/Chicago';
const DENVER = 'America/Denver';
const PHOENIX = 'America/Phoenix';
const LOS_ANGELES = 'America/Los_Angeles';
const TORONTO = 'America/Toronto';
const VANCOUVER = 'America/Vancouver';
const EDMONTON = 'America/Edmonton';
const REGINA = 'America/Regina';
const WINNIPEG = 'America/Winnipeg';
const HALIFAX = 'America/Halifax';

/**
 * The zone nearly everyone with a North American area code lives in. Codes are unique across the US and
 * Canada, so one table serves both; codes split between zones are left out and fall back to the country's.
 */
export const AREA_CODE_TIME_ZONES: Readonly<Record<string, string>> = {
  // United States
  '201': NEW_YORK,
  '202': NEW_YORK,
  '205': CHICAGO,
  '206': LOS_ANGELES,
  '210': CHICAGO,
  '212': NEW_YORK,
  '213': LOS_ANGELES,
  '214': CHICAGO,
  '215': NEW_YORK,
  '216': NEW_YORK,
  '225': CHICAGO,
  '253': LOS_ANGELES,
  '281': CHICAGO,
  '303': DENVER,
  '305': NEW_YORK,
  '307': DENVER,
  '310': LOS_ANGELES,
  '312': CHICAGO,
  '313': 'America/Detroit',
  '314': CHICAGO,
  '317': 'America/Indiana/Indianapolis',
  '323': LOS_ANGELES,
  '346': CHICAGO,
  '385': DENVER,
  '402': CHICAGO,
  '404': NEW_YORK,
  '405': CHICAGO,
  '406': DENVER,
  '408': LOS_ANGELES,
  '412': NEW_YORK,
  '414': CHICAGO,
  '415': LOS_ANGELES,
  '425': LOS_ANGELES,
  '469': CHICAGO,
  '480': PHOENIX,
  '501': CHICAGO,
  '502': 'America/Kentucky/Louisville',
  '503': LOS_ANGELES,
  '504': CHICAGO,
  '505': DENVER,
  '510': LOS_ANGELES,
  '512': CHICAGO,
  '515': CHICAGO,
  '520': PHOENIX,
  '601': CHICAGO,
  '602': PHOENIX,
  '612': CHICAGO,
  '614': NEW_YORK,
  '615': CHICAGO,
  '617': NEW_YORK,
  '619': LOS_ANGELES,
  '623': PHOENIX,
  '626': LOS_ANGELES,
  '646': NEW_YORK,
  '650': LOS_ANGELES,
  '651': CHICAGO,
  '682': CHICAGO,
  '702': LOS_ANGELES,
  '704': NEW_YORK,
  '713': CHICAGO,
  '714': LOS_ANGELES,
  '718': NEW_YORK,
  '719': DENVER,
  '720': DENVER,
  '725': LOS_ANGELES,
  '737': CHICAGO,
  '773': CHICAGO,
  '801': DENVER,
  '808': 'Pacific/Honolulu',
  '813': NEW_YORK,
  '816': CHICAGO,
  '817': CHICAGO,
  '818': LOS_ANGELES,
  '832': CHICAGO,
  '858': LOS_ANGELES,
  '872': CHICAGO,
  '901': CHICAGO,
  '907': 'America/Anchorage',
  '909': LOS_ANGELES,
  '913': CHICAGO,
  '915': DENVER,
  '916': LOS_ANGELES,
  '918': CHICAGO,
  '919': NEW_YORK,
  '928': PHOENIX,
  '949': LOS_ANGELES,
  '971': LOS_ANGELES,
  '972': CHICAGO,
  // Canada
  '204': WINNIPEG,
  '289': TORONTO,
  '306': REGINA,
  '343': TORONTO,
  '403': EDMONTON,
  '416': TORONTO,
  '418': TORONTO,
  '431': WINNIPEG,
  '437': TORONTO,
  '438': TORONTO,
  '450': TORONTO,
  '506': 'America/Moncton',
  '514': TORONTO,
  '519': TORONTO,
  '587': EDMONTON,
  '604': VANCOUVER,
  '613': TORONTO,
  '639': REGINA,
  '647': TORONTO,
  '709': 'America/St_Johns',
  '778': VANCOUVER,
  '780': EDMONTON,
  '782': HALIFAX,
  '825': EDMONTON,
  '902': HALIFAX,
  '905': TORONTO,
};

/** Where a country's zone is unknown from the number, the zone most of its people live in. */
export const COUNTRY_TIME_ZONES: Readonly<Record<string, string>> = {
  US: NEW_YORK,
  CA: TORONTO,
  GB: 'Europe/London',
};

export type TimeZoneSource = 'recipient' | 'area_code' | 'country';

export interface RecipientTimeZone {
  readonly timeZone: string;
  /** Whether the zone was given for the recipient, or guessed from the area code or the country. */
  readonly source: TimeZoneSource;
}

/**
 * The zone in which to read a recipient's send window: the one known for the recipient, else a guess from
 * the number. Null when nothing is known, so the caller can fall back to the account's zone.
 */
export function recipientTimeZone(
  phoneNumber: string,
  knownTimeZone?: string | null,
): RecipientTimeZone | null {
  if (knownTimeZone) return { timeZone: zoneNamed(knownTimeZone).name, source: 'recipient' };
  const { country, nationalNumber } = describePhoneNumber(phoneNumber);
  if (!country) return null;
  const areaCodeZone =
    usesNorthAmericanNumbering(country) && nationalNumber
      ? AREA_CODE_TIME_ZONES[nationalNumber.slice(0, 3)]
      : undefined;
  if (areaCodeZone) return { timeZone: areaCodeZone, source: 'area_code' };
  const countryZone = COUNTRY_TIME_ZONES[country];
  return countryZone ? { timeZone: countryZone, source: 'country' } : null;
}
