import { type SupportedCountry, isSupportedCountry } from './supported-countries';

/** A national destination code tied to a place; codes are written without trunk prefix ("20" for London's 020). */
export interface GeographicAreaCode {
  readonly areaCode: string;
  readonly region: string;
}

/** Well-known geographic codes; it names places for display and seeds the sandbox inventory, it is not exhaustive. */
export const GEOGRAPHIC_AREA_CODES: Readonly<Record<SupportedCountry, readonly GeographicAreaCode[]>> = {
  US: [
    { areaCode: '201', region: 'Jersey City, NJ' },
    { areaCode: '202', region: 'Washington, DC' },
    { areaCode: '206', region: 'Seattle, WA' },
    { areaCode: '212', region: 'New York, NY' },
    { areaCode: '213', region: 'Los Angeles, CA' },
    { areaCode: '214', region: 'Dallas, TX' },
    { areaCode: '215', region: 'Philadelphia, PA' },
    { areaCode: '216', region: 'Cleveland, OH' },
    { areaCode: '303', region: 'Denver, CO' },
    { areaCode: '305', region: 'Miami, FL' },
    { areaCode: '312', region: 'Chicago, IL' },
    { areaCode: '313', region: 'Detroit, MI' },
    { areaCode: '314', region: 'St. Louis, MO' },
    { areaCode: '317', region: 'Indianapolis, IN' },
    { areaCode: '404', region: 'Atlanta, GA' },
    { areaCode: '408', region: 'San Jose, CA' },
    { areaCode: '412', region: 'Pittsburgh, PA' },
    { areaCode: '414', region: 'Milwaukee, WI' },
    { areaCode: '415', region: 'San Francisco, CA' },
    { areaCode: '502', region: 'Louisville, KY' },
    { areaCode: '503', region: 'Portland, OR' },
    { areaCode: '504', region: 'New Orleans, LA' },
    { areaCode: '510', region: 'Oakland, CA' },
    { areaCode: '512', region: 'Austin, TX' },
    { areaCode: '602', region: 'Phoenix, AZ' },
    { areaCode: '612', region: 'Minneapolis, MN' },
    { areaCode: '614', region: 'Columbus, OH' },
    { areaCode: '615', region: 'Nashville, TN' },
    { areaCode: '617', region: 'Boston, MA' },
    { areaCode: '619', region: 'San Diego, CA' },
    { areaCode: '646', region: 'New York, NY' },
    { areaCode: '702', region: 'Las Vegas, NV' },
    { areaCode: '704', region: 'Charlotte, NC' },
    { areaCode: '713', region: 'Houston, TX' },
    { areaCode: '718', region: 'Brooklyn, NY' },
    { areaCode: '720', region: 'Denver, CO' },
    { areaCode: '801', region: 'Salt Lake City, UT' },
    { areaCode: '808', region: 'Honolulu, HI' },
    { areaCode: '813', region: 'Tampa, FL' },
    { areaCode: '816', region: 'Kansas City, MO' },
    { areaCode: '907', region: 'Anchorage, AK' },
    { areaCode: '919', region: 'Raleigh, NC' },
  ],
  CA: [
    { areaCode: '204', region: 'Winnipeg, MB' },
    { areaCode: '306', region: 'Regina, SK' },
    { areaCode: '403', region: 'Calgary, AB' },
    { areaCode: '416', region: 'Toronto, ON' },
    { areaCode: '418', region: 'Quebec City, QC' },
    { areaCode: '514', region: 'Montreal, QC' },
    { areaCode: '604', region: 'Vancouver, BC' },
    { areaCode: '613', region: 'Ottawa, ON' },
    { areaCode: '647', region: 'Toronto, ON' },
    { areaCode: '780', region: 'Edmonton, AB' },
    { areaCode: '902', region: 'Halifax, NS' },
  ],
  GB: [
    { areaCode: '20', region: 'London' },
    { areaCode: '113', region: 'Leeds' },
    { areaCode: '114', region: 'Sheffield' },
    { areaCode: '115', region: 'Nottingham' },
    { areaCode: '116', region: 'Leicester' },
    { areaCode: '117', region: 'Bristol' },
    { areaCode: '118', region: 'Reading' },
    { areaCode: '121', region: 'Birmingham' },
    { areaCode: '131', region: 'Edinburgh' },
    { areaCode: '141', region: 'Glasgow' },
    { areaCode: '151', region: 'Liverpool' },
    { areaCode: '161', region: 'Manchester' },
    { areaCode: '191', region: 'Newcastle upon Tyne' },
    { areaCode: '1223', region: 'Cambridge' },
    { areaCode: '1224', region: 'Aberdeen' },
    { areaCode: '1273', region: 'Brighton' },
    { areaCode: '1382', region: 'Dundee' },
    { areaCode: '1865', region: 'Oxford' },
    { areaCode: '24', region: 'Coventry' },
    { areaCode: '28', region: 'Belfast' },
    { areaCode: '29', region: 'Cardiff' },
  ],
};

/** The listed area code a national significant number starts with (longest match wins). */
export function findGeographicAreaCode(
  country: string,
  nationalNumber: string,
): GeographicAreaCode | undefined {
  const codes = isSupportedCountry(country) ? GEOGRAPHIC_AREA_CODES[country] : [];
  return codes
    .filter(({ areaCode }) => nationalNumber.startsWith(areaCode))
    .reduce<GeographicAreaCode | undefined>(
      (longest, code) => (longest && longest.areaCode.length >= code.areaCode.length ? longest : code),
      undefined,
    );
}
