import { isWithinSendWindow, nextAllowedInstant, type SendWindow } from '../domain';
import { type MessageRecord, type NewMessage } from '../infrastructure/message.repository';

/** A send window together with the zone its hours are read in: the recipient's. */
export interface ZonedSendWindow extends SendWindow {
  readonly timeZone: string;
}

export function sendWindowOf(message: MessageRecord): ZonedSendWindow | null {
  const { sendWindowStart, sendWindowEnd, sendWindowTimeZone } = message;
  if (sendWindowStart === null || sendWindowEnd === null || sendWindowTimeZone === null) return null;
  return { startLocal: sendWindowStart, endLocal: sendWindowEnd, timeZone: sendWindowTimeZone };
}

export function sendWindowColumns(
  window: ZonedSendWindow | undefined,
): Pick<NewMessage, 'sendWindowStart' | 'sendWindowEnd' | 'sendWindowTimeZone'> {
  return {
    sendWindowStart: window?.startLocal ?? null,
    sendWindowEnd: window?.endLocal ?? null,
    sendWindowTimeZone: window?.timeZone ?? null,
  };
}

/**
 * The next opening of the message's window when `now` lies outside it, else null (no window, or open): a message
 * that became due outside its window, through a late job or a slow queue, waits for the opening instead.
 */
export function sendWindowReopening(message: MessageRecord, now: Date): Date | null {
  const window = sendWindowOf(message);
  if (!window || isWithinSendWindow(now, window, window.timeZone)) return null;
  return nextAllowedInstant(now, window, window.timeZone);
}
