import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@switchyard/contracts';
import { ConflictError, NotFoundError } from '@switchyard/errors';
import { Database } from '@switchyard/prisma';
import { type CarrierPort, releasePlanFor, releaseTimeAfter } from '../domain';
import {
  type NumberReference,
  PhoneNumberRepository,
  type PhoneNumberRecord,
} from '../infrastructure/phone-number.repository';
import { NumberEvents } from './number-events';
import { translatingNumbersErrors } from './numbers-errors';
import { CARRIER, NUMBERS_SETTINGS, type NumbersSettings } from './numbers-settings';

const releaseBatchSize = 100;

/**
 * Releasing with a grace period: DELETE marks a number `releasing` until `releaseAt`, during which it can be
 * restored; the scheduled job then gives it back to the carrier and records `number.released`.
 */
@Injectable()
export class NumberReleaseService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(PhoneNumberRepository) private readonly numbers: PhoneNumberRepository,
    @Inject(NumberEvents) private readonly events: NumberEvents,
    @Inject(CARRIER) private readonly carrier: CarrierPort,
    @Inject(NUMBERS_SETTINGS) private readonly settings: NumbersSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async release(accountId: string, numberId: string): Promise<PhoneNumberRecord> {
    return this.database.transaction(async () => {
      const number = await this.existing(accountId, numberId);
      const now = this.clock.now();
      switch (releasePlanFor(number.status)) {
        case 'unchanged':
          return number;
        case 'refuse':
          throw new ConflictError(
            'number_not_releasable',
            `A number that is ${number.status} cannot be released.`,
            {
              numberStatus: number.status,
            },
          );
        case 'cancel':
          await this.move(number, { status: 'released', releasedAt: now });
          return this.events.publish('number.released', accountId, numberId);
        case 'schedule':
          await this.move(number, {
            status: 'releasing',
            releaseAt: releaseTimeAfter(now, this.settings.releaseGraceHours),
          });
          return this.events.publish('number.updated', accountId, numberId);
      }
    });
  }

  async restore(accountId: string, numberId: string): Promise<PhoneNumberRecord> {
    return this.database.transaction(async () => {
      const number = await this.existing(accountId, numberId);
      if (number.status !== 'releasing') {
        throw new ConflictError(
          'number_not_releasing',
          `Only a releasing number can be restored; this one is ${number.status}.`,
          {
            numberStatus: number.status,
          },
        );
      }
      await this.move(number, { status: 'active', releaseAt: null });
      return this.events.publish('number.updated', accountId, numberId);
    });
  }

  /** Gives every number whose grace period is over back to the carrier. */
  async releaseDue(): Promise<void> {
    const failures: unknown[] = [];
    for (const reference of await this.numbers.dueForRelease(this.clock.now(), releaseBatchSize)) {
      await this.releaseAtCarrier(reference).catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) {
      throw new AggregateError(failures, `${failures.length} number(s) could not be released at the carrier`);
    }
  }

  /**
   * Marks the number released, releases it at the carrier and records the event in one transaction: the row stays
   * locked meanwhile, so a restore waits and then finds it released, and a carrier failure rolls everything back
   * for the next run (releasing at the carrier twice is harmless).
   */
  private async releaseAtCarrier({ accountId, id }: NumberReference): Promise<void> {
    await this.database.transaction(async () => {
      const now = this.clock.now();
      const number = await this.numbers.find(accountId, id);
      if (number?.status !== 'releasing' || number.releaseAt === null || number.releaseAt > now) return;
      if (
        !(await this.numbers.transition(accountId, id, ['releasing'], {
          status: 'released',
          releasedAt: now,
        }))
      )
        return;
      await translatingNumbersErrors(() => this.carrier.releaseNumber(number.phoneNumber));
      await this.events.publish('number.released', accountId, id);
    });
  }

  private async existing(accountId: string, numberId: string): Promise<PhoneNumberRecord> {
    const number = await this.numbers.find(accountId, numberId);
    if (!number) throw new NotFoundError('number', numberId);
    return number;
  }

  private async move(
    number: PhoneNumberRecord,
    changes: Parameters<PhoneNumberRepository['transition']>[3],
  ): Promise<void> {
    if (!(await this.numbers.transition(number.accountId, number.id, [number.status], changes))) {
      throw new ConflictError('number_changed', 'The number changed meanwhile; read it again and retry.');
    }
  }
}
