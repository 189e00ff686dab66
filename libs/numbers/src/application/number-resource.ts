import {
  type Money,
  type NumberHandling,
  type NumberStatus,
  type NumberType,
  recordingPolicyOf,
} from '../domain';
import { type PhoneNumberRecord } from '../infrastructure/phone-number.repository';

/** A number as the REST API returns it and as `number.*` events carry it. */
export type NumberResource = {
  id: string;
  object: 'number';
  phoneNumber: string;
  country: string;
  type: NumberType;
  region: string;
  areaCode: string | null;
  capabilities: string[];
  status: NumberStatus;
  friendlyName: string | null;
  description: string | null;
  tags: string[];
  voice: NumberHandling | null;
  messaging: NumberHandling | null;
  sharedWith: { userIds: string[]; teamIds: string[] };
  monthlyPrice: Money;
  setupPrice: Money;
  carrier: string;
  failureReason: string | null;
  purchasedAt: string | null;
  releaseAt: string | null;
  releasedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export function numberResource(number: PhoneNumberRecord): NumberResource {
  return {
    id: number.id,
    object: 'number',
    phoneNumber: number.phoneNumber,
    country: number.country,
    type: number.type,
    region: number.region,
    areaCode: number.areaCode,
    capabilities: [...number.capabilities],
    status: number.status,
    friendlyName: number.friendlyName,
    description: number.description,
    tags: [...number.tags],
    // Flow handlings saved before recording policies existed show the default they behave by.
    voice:
      number.voice?.type === 'flow'
        ? { ...number.voice, recording: recordingPolicyOf(number.voice) }
        : number.voice,
    messaging: number.messaging,
    sharedWith: { userIds: [...number.sharedUserIds], teamIds: [...number.sharedTeamIds] },
    monthlyPrice: { amount: number.monthlyPriceAmount, currency: number.currency },
    setupPrice: { amount: number.setupPriceAmount, currency: number.currency },
    carrier: number.carrier,
    failureReason: number.failureReason,
    purchasedAt: number.purchasedAt?.toISOString() ?? null,
    releaseAt: number.releaseAt?.toISOString() ?? null,
    releasedAt: number.releasedAt?.toISOString() ?? null,
    createdAt: number.createdAt.toISOString(),
    updatedAt: number.updatedAt.toISOString(),
  };
}
