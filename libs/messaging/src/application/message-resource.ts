import { type MessageRecord } from '../infrastructure/message.repository';
import { sendWindowOf, type ZonedSendWindow } from './send-window';

function sendWindowResource(window: ZonedSendWindow | null) {
  return window && { start: window.startLocal, end: window.endLocal, timeZone: window.timeZone };
}

/** A message as the REST API and events show it. */
export function messageResource(message: MessageRecord) {
  return {
    id: message.id,
    object: 'message' as const,
    direction: message.direction,
    from: message.from,
    to: message.to,
    text: message.text,
    media: message.mediaIds.map((id, index) => ({
      id,
      contentType: message.mediaContentTypes[index]!,
      sizeBytes: message.mediaSizeBytes[index]!,
    })),
    status: message.status,
    encoding: message.encoding,
    segments: message.segments,
    cost: { amount: message.costAmount, currency: message.currency },
    numberId: message.numberId,
    conversationId: message.conversationId,
    sendAt: message.sendAt?.toISOString() ?? null,
    sentAt: message.sentAt?.toISOString() ?? null,
    sendWindow: sendWindowResource(sendWindowOf(message)),
    carrierMessageId: message.carrierMessageId,
    errorCode: message.errorCode,
    errorMessage: message.errorMessage,
    createdAt: message.createdAt.toISOString(),
    updatedAt: message.updatedAt.toISOString(),
  };
}

export type MessageResource = ReturnType<typeof messageResource>;
