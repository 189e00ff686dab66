import { Inject, Injectable } from '@nestjs/common';
import { type CarrierPort, describePhoneNumber, type NumberLookup, type PhoneNumberInfo } from '../domain';
import { CARRIER } from './numbers-settings';

export interface PhoneNumberReport extends PhoneNumberInfo {
  /** Null when the carrier offers no lookup, the number is not valid, or the carrier could not answer. */
  readonly carrier: Omit<NumberLookup, 'phoneNumber'> | null;
}

@Injectable()
export class PhoneNumberToolsService {
  constructor(@Inject(CARRIER) private readonly carrier: CarrierPort) {}

  async describe(input: string, country?: string): Promise<PhoneNumberReport> {
    const info = describePhoneNumber(input, country);
    return { ...info, carrier: info.valid && info.e164 ? await this.lookUp(info.e164) : null };
  }

  /** A lookup is a nicety on top of the numbering plan, so a failing one leaves the answer without it. */
  private async lookUp(e164: string): Promise<PhoneNumberReport['carrier']> {
    if (!this.carrier.lookupNumber) return null;
    try {
      const { phoneNumber: _phoneNumber, ...lookup } = await this.carrier.lookupNumber(e164);
      return lookup;
    } catch {
      return null;
    }
  }
}
