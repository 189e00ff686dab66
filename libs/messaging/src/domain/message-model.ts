import { NUMBER_TYPES, type NumberType } from '@switchyard/numbers';

export const MESSAGE_CHANNELS = ['sms', 'mms'] as const;
export type MessageChannel = (typeof MESSAGE_CHANNELS)[number];

export const MESSAGE_DIRECTIONS = ['outbound', 'inbound'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

/** The kinds of number a message can come from: the numbers we sell, plus short codes leased for messaging. */
export const MESSAGING_NUMBER_TYPES = [...NUMBER_TYPES, 'short_code'] as const;
export type MessagingNumberType = NumberType | 'short_code';
