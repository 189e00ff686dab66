import { type NumberRouting, type OwnedNumber } from './carrier.port';

/** Applies a routing change to a held number: undefined keeps the current value, null removes it. */
export function applyNumberRouting(owned: OwnedNumber, routing: NumberRouting): OwnedNumber {
  const voiceConnectionId =
    routing.voiceConnectionId === undefined ? owned.voiceConnectionId : routing.voiceConnectionId;
  const messagingProfileId =
    routing.messagingProfileId === undefined ? owned.messagingProfileId : routing.messagingProfileId;
  return {
    phoneNumber: owned.phoneNumber,
    ...(voiceConnectionId && { voiceConnectionId }),
    ...(messagingProfileId && { messagingProfileId }),
  };
}
