import {
  type AvailableNumber,
  type NormalizedNumberSearch,
  type NumberType,
  type SupportedCountry,
  ANY_DIGIT,
  countryName,
  describePhoneNumber,
  kindMatchesNumberType,
  mergePrefixPatterns,
  overlayPattern,
  usesNorthAmericanNumbering,
} from '@switchyard/numbers';
import {
  NATIONAL_NUMBER_LENGTH,
  type NumberBlock,
  SANDBOX_OFFERS,
  type SandboxOffer,
} from './sandbox-offers';
import { SeededRandom } from './seeded-random';

/** A block gives up after this many draws in a row that yield nothing new, which bounds hopeless filters. */
const MAX_FRUITLESS_DRAWS = 300;

export interface InventorySearch extends NormalizedNumberSearch {
  readonly country: SupportedCountry;
}

/**
 * Lazily yields the sandbox numbers matching a search, in a stable order: one from each block in turn.
 * The inventory is every valid number of the offered blocks; instead of listing millions, each block draws
 * numbers that already fit the digit filters from a PRNG seeded by the search, and keeps those that
 * libphonenumber's full metadata accepts as valid numbers of the requested type and country.
 */
export function* sandboxInventory(search: InventorySearch): Generator<AvailableNumber> {
  const offer = SANDBOX_OFFERS[search.country][search.type];
  if (!search.capabilities.every((capability) => offer.capabilities.includes(capability))) return;
  yield* roundRobin(blocksFor(offer, search).map((block) => blockNumbers(block, offer, search)));
}

/** North American local and mobile numbers look alike, so the sandbox splits exchanges to give each number one type. */
function isSandboxNumberOfType(country: SupportedCountry, type: NumberType, nationalNumber: string): boolean {
  if (!usesNorthAmericanNumbering(country) || type === 'toll_free') return true;
  const exchange = nationalNumber.slice(3, 6);
  // 555 is reserved for directory services and fiction.
  if (exchange === '555') return false;
  const evenExchange = Number(exchange.at(-1)) % 2 === 0;
  return type === 'local' ? evenExchange : !evenExchange;
}

function blocksFor(offer: SandboxOffer, search: InventorySearch): readonly NumberBlock[] {
  if (search.areaCode === undefined) return offer.blocks;
  const listed = offer.blocks.filter((block) => block.areaCode === search.areaCode);
  if (listed.length > 0 || !offer.geographic) return listed;
  return [{ prefix: search.areaCode, areaCode: search.areaCode, region: countryName(search.country) }];
}

function* blockNumbers(
  block: NumberBlock,
  offer: SandboxOffer,
  search: InventorySearch,
): Generator<AvailableNumber> {
  const template = blockTemplate(block, search);
  if (template === null) return;
  const placements = containsPlacements(template, search.contains);
  if (placements.length === 0) return;

  const random = new SeededRandom([search.country, search.type, template, search.contains ?? ''].join('|'));
  const seen = new Set<string>();
  let fruitlessDraws = 0;
  while (fruitlessDraws < MAX_FRUITLESS_DRAWS) {
    const placed = random.pick(placements);
    const nationalNumber = [...placed]
      .map((char) => (char === ANY_DIGIT ? random.nextDigit() : char))
      .join('');
    const number = seen.has(nationalNumber) ? null : toAvailableNumber(nationalNumber, block, offer, search);
    seen.add(nationalNumber);
    if (number) {
      fruitlessDraws = 0;
      yield number;
    } else {
      fruitlessDraws++;
    }
  }
}

/** The block prefix with the search's anchored filters written in, or null when they cannot all hold. */
function blockTemplate(block: NumberBlock, search: InventorySearch): string | null {
  const prefix = search.nationalPrefix
    ? mergePrefixPatterns(block.prefix, search.nationalPrefix)
    : block.prefix;
  if (prefix === null) return null;
  const template = overlayPattern(ANY_DIGIT.repeat(NATIONAL_NUMBER_LENGTH), prefix, 0);
  if (template === null || search.endsWith === undefined) return template;
  return overlayPattern(template, search.endsWith, NATIONAL_NUMBER_LENGTH - search.endsWith.length);
}

/** Every way of writing the contains pattern into the template. */
function containsPlacements(template: string, contains: string | undefined): string[] {
  if (contains === undefined) return [template];
  const placements: string[] = [];
  for (let offset = 0; offset + contains.length <= template.length; offset++) {
    const placed = overlayPattern(template, contains, offset);
    if (placed !== null) placements.push(placed);
  }
  return placements;
}

function toAvailableNumber(
  nationalNumber: string,
  block: NumberBlock,
  offer: SandboxOffer,
  search: InventorySearch,
): AvailableNumber | null {
  if (!isSandboxNumberOfType(search.country, search.type, nationalNumber)) return null;
  const info = describePhoneNumber(nationalNumber, search.country);
  if (!info.valid || info.e164 === null || !kindMatchesNumberType(info.type, search.type)) return null;
  // Toll-free codes are shared across North America, so libphonenumber files them all under the US.
  const sharedTollFree = search.type === 'toll_free' && usesNorthAmericanNumbering(search.country);
  if (info.country !== search.country && !sharedTollFree) return null;
  return {
    phoneNumber: info.e164,
    country: search.country,
    type: search.type,
    region: block.region,
    ...(block.areaCode && { areaCode: block.areaCode }),
    capabilities: offer.capabilities,
    monthlyPrice: offer.monthlyPrice,
    setupPrice: offer.setupPrice,
    requirements: { documentsRequired: offer.documentsRequired },
  };
}

function* roundRobin<T>(sources: readonly Iterator<T>[]): Generator<T> {
  let active = sources;
  while (active.length > 0) {
    const stillActive: Iterator<T>[] = [];
    for (const source of active) {
      const next = source.next();
      if (next.done) continue;
      yield next.value;
      stillActive.push(source);
    }
    active = stillActive;
  }
}
