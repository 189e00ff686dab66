import { type Money } from '@switchyard/numbers';
import { PriceNotFoundError } from './messaging.errors';
import {
  MESSAGE_CHANNELS,
  MESSAGE_DIRECTIONS,
  type MessageChannel,
  type MessageDirection,
  type MessagingNumberType,
} from './message-model';

export interface MessageRoute {
  /** ISO 3166-1 alpha-2 of the number we send from or receive on. */
  readonly country: string;
  readonly numberType: MessagingNumberType;
  readonly direction: MessageDirection;
  readonly channel: MessageChannel;
}

/** What one billable unit of a route costs: an SMS segment, or a whole MMS message. */
export interface MessagePrice extends MessageRoute {
  readonly unitPrice: Money;
}

export interface CostEstimateRequest extends Omit<MessageRoute, 'direction'> {
  readonly direction?: MessageDirection;
  /** SMS segments per message; ignored for MMS, which carriers bill per message. */
  readonly segments: number;
  /** How many such messages; defaults to one. */
  readonly messages?: number;
}

export interface CostEstimate {
  readonly unitPrice: Money;
  readonly billableUnits: number;
  readonly total: Money;
}

/** Minor units per billable unit, by direction. */
type DirectionPrices = Readonly<Record<MessageDirection, number>>;

function pricesFor(
  country: string,
  numberType: MessagingNumberType,
  currency: string,
  channels: Partial<Record<MessageChannel, DirectionPrices>>,
): MessagePrice[] {
  return MESSAGE_CHANNELS.flatMap((channel) => {
    const amounts = channels[channel];
    if (!amounts) return [];
    return MESSAGE_DIRECTIONS.map((direction) => ({
      country,
      numberType,
      direction,
      channel,
      unitPrice: { amount: amounts[direction], currency },
    }));
  });
}

const NORTH_AMERICAN_SMS = { outbound: 1, inbound: 1 };
const NORTH_AMERICAN_MMS = { outbound: 3, inbound: 2 };

/**
 * Default retail prices, rounded to whole minor units. GB has only SMS routes from mobile numbers: its
 * geographic and freephone numbers cannot text, and its carriers offer no application-to-person MMS.
 */
export const DEFAULT_MESSAGE_PRICES: readonly MessagePrice[] = [
  ...(['US', 'CA'] as const).flatMap((country) => {
    const currency = country === 'US' ? 'USD' : 'CAD';
    return [
      ...pricesFor(country, 'local', currency, { sms: NORTH_AMERICAN_SMS, mms: NORTH_AMERICAN_MMS }),
      ...pricesFor(country, 'mobile', currency, { sms: NORTH_AMERICAN_SMS, mms: NORTH_AMERICAN_MMS }),
      ...pricesFor(country, 'toll_free', currency, { sms: NORTH_AMERICAN_SMS, mms: NORTH_AMERICAN_MMS }),
      ...pricesFor(country, 'short_code', currency, {
        sms: NORTH_AMERICAN_SMS,
        mms: { outbound: 2, inbound: 2 },
      }),
    ];
  }),
  ...pricesFor('GB', 'mobile', 'GBP', { sms: { outbound: 4, inbound: 1 } }),
];

export function findMessagePrice(
  route: MessageRoute,
  prices: readonly MessagePrice[] = DEFAULT_MESSAGE_PRICES,
): MessagePrice {
  const country = route.country.toUpperCase();
  const price = prices.find(
    (candidate) =>
      candidate.country === country &&
      candidate.numberType === route.numberType &&
      candidate.direction === route.direction &&
      candidate.channel === route.channel,
  );
  if (!price) throw new PriceNotFoundError({ ...route, country });
  return price;
}

/** What sending (or receiving) the messages will cost; throws {@link PriceNotFoundError} for a route not offered. */
export function estimateCost(
  { direction = 'outbound', segments, messages = 1, ...route }: CostEstimateRequest,
  prices: readonly MessagePrice[] = DEFAULT_MESSAGE_PRICES,
): CostEstimate {
  const { unitPrice } = findMessagePrice({ ...route, direction }, prices);
  const billableUnits = (route.channel === 'mms' ? 1 : segments) * messages;
  return {
    unitPrice,
    billableUnits,
    total: { amount: unitPrice.amount * billableUnits, currency: unitPrice.currency },
  };
}
