import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher } from '@switchyard/events';
import { PhoneNumberRepository, type PhoneNumberRecord } from '../infrastructure/phone-number.repository';
import { numberResource } from './number-resource';

export type NumberEventType = 'number.purchased' | 'number.released' | 'number.updated';

@Injectable()
export class NumberEvents {
  constructor(
    @Inject(EventPublisher) private readonly events: EventPublisher,
    @Inject(PhoneNumberRepository) private readonly numbers: PhoneNumberRepository,
  ) {}

  /** Reads the number as it now is and records the event in the caller's transaction; returns the number. */
  async publish(type: NumberEventType, accountId: string, numberId: string): Promise<PhoneNumberRecord> {
    const number = await this.numbers.find(accountId, numberId);
    if (!number) throw new Error(`number ${numberId} vanished before its ${type} event`);
    await this.events.publish(accountId, type, numberResource(number));
    return number;
  }
}
