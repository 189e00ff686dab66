import { DomainError } from '@switchyard/errors';
import { type MessageRepository, type SenderNumber } from '../infrastructure/message.repository';

/** The account's number `from`, if the caller may send from it (`usable`: an agent's shared numbers); else 422. */
export async function requireSender(
  messages: MessageRepository,
  accountId: string,
  from: string,
  usable: ReadonlySet<string> | undefined,
): Promise<SenderNumber> {
  const sender = await messages.findSender(accountId, from, usable);
  if (!sender) {
    throw new DomainError(
      'unprocessable',
      'sender_not_allowed',
      `${from} is not a number you may send from.`,
    );
  }
  return sender;
}

/** 422 `sender_without_sms` / `sender_without_mms` unless the number can send on that channel. */
export function assertSenderCan(sender: SenderNumber, channel: 'sms' | 'mms'): void {
  if (!sender.capabilities.includes(channel)) {
    throw new DomainError(
      'unprocessable',
      `sender_without_${channel}`,
      `${sender.phoneNumber} cannot send ${channel.toUpperCase()}.`,
    );
  }
}
