import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, newId } from '@switchyard/contracts';
import { DomainError } from '@switchyard/errors';
import { Database } from '@switchyard/prisma';
import {
  type AvailableNumber,
  type CarrierOrder,
  type CarrierPort,
  CarrierUnavailableError,
  describePhoneNumber,
  NumberNoLongerAvailableError,
  NumbersDomainError,
  needsRequirementSubmission,
  numberTypeCandidates,
  ORDER_SETTLE_MS,
  parseE164OrThrow,
  regulatoryRequirementFor,
  assertSupportedCountry,
  type SupportedCountry,
} from '../domain';
import {
  type NumberReference,
  PhoneNumberRepository,
  type PhoneNumberRecord,
} from '../infrastructure/phone-number.repository';
import { RequirementSubmissionRepository } from '../infrastructure/requirement-submission.repository';
import { NumberEvents } from './number-events';
import { asDomainError, numberNotAvailable, translatingNumbersErrors } from './numbers-errors';
import { CARRIER, NUMBERS_SETTINGS, type NumbersSettings } from './numbers-settings';

/** Rows one reconciler run looks at; the next scheduled run takes the rest. */
const reconcileBatchSize = 100;

export interface NumberPurchase {
  readonly phoneNumber: string;
  readonly friendlyName?: string;
}

/** What to do with an order whose carrier call had no definite answer. */
type UnansweredOrder =
  /** A customer waits: the order fails at once and the reconciler checks later what the carrier did. */
  | 'fail'
  /** Nobody waits (documents just got approved): the number goes back to waiting, and is ordered again later. */
  | 'retry_later';

/**
 * Buying numbers, as a saga: a local row holds the number (`ordering`; a partial unique index lets one account win a
 * race), the carrier order carries the row id as its reference, and the outcome moves the row to `active` with its
 * `number.purchased` event in one transaction, or to `failed`. Whatever a crash leaves half done, the reconciler
 * settles by asking the carrier about the reference.
 */
@Injectable()
export class NumberOrderService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(PhoneNumberRepository) private readonly numbers: PhoneNumberRepository,
    @Inject(RequirementSubmissionRepository) private readonly submissions: RequirementSubmissionRepository,
    @Inject(NumberEvents) private readonly events: NumberEvents,
    @Inject(CARRIER) private readonly carrier: CarrierPort,
    @Inject(NUMBERS_SETTINGS) private readonly settings: NumbersSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async purchase(accountId: string, purchase: NumberPurchase): Promise<PhoneNumberRecord> {
    const phoneNumber = await translatingNumbersErrors(
      () => parseE164OrThrow(purchase.phoneNumber),
      'phoneNumber',
    );
    const info = describePhoneNumber(phoneNumber);
    const country = await translatingNumbersErrors(
      () => assertSupportedCountry(info.country ?? 'unknown'),
      'phoneNumber',
    );
    const offer = await this.offerOf(phoneNumber, country);
    if (!offer) throw numberNotAvailable(phoneNumber);
    const waitsForDocuments =
      needsRequirementSubmission(
        regulatoryRequirementFor(country, offer.type),
        offer.requirements?.documentsRequired === true,
      ) && !(await this.submissions.hasApproved(accountId, country, offer.type));
    const now = this.clock.now();
    const held = await this.numbers.insertHeld({
      id: newId('number', now.getTime()),
      accountId,
      phoneNumber,
      country,
      type: offer.type,
      region: offer.region,
      areaCode: offer.areaCode ?? null,
      capabilities: offer.capabilities,
      monthlyPriceAmount: offer.monthlyPrice.amount,
      setupPriceAmount: offer.setupPrice.amount,
      currency: offer.monthlyPrice.currency,
      status: waitsForDocuments ? 'pending_documents' : 'ordering',
      carrier: this.carrier.name,
      friendlyName: purchase.friendlyName ?? null,
      orderedAt: now,
      createdAt: now,
    });
    if (!held) throw numberNotAvailable(phoneNumber);
    if (waitsForDocuments) return held;
    const ordered = await this.order(held, 'fail');
    if (ordered.status === 'failed') {
      throw new DomainError(
        'unprocessable',
        'number_order_failed',
        `The carrier failed the order: ${ordered.failureReason}`,
        {
          details: { numberId: ordered.id, reason: ordered.failureReason },
        },
      );
    }
    return ordered;
  }

  /** Orders every number of the account that waits for documents of this country and type, now approved. */
  async orderWaitingNumbers(
    accountId: string,
    country: string,
    type: AvailableNumber['type'],
  ): Promise<void> {
    for (const numberId of await this.numbers.waitingForDocuments(accountId, country, type)) {
      // A carrier outage leaves the number waiting; the reconciler orders it on a later run.
      await this.orderIfDocumentsApproved(accountId, numberId).catch(() => undefined);
    }
  }

  /** One run of the reconciler: settles stale orders and orders numbers whose documents were approved meanwhile. */
  async reconcile(): Promise<void> {
    const settledBefore = new Date(this.clock.now().getTime() - ORDER_SETTLE_MS);
    const failures: unknown[] = [];
    for (const reference of await this.numbers.ordersToReconcile(settledBefore, reconcileBatchSize)) {
      await this.settle(reference).catch((error: unknown) => failures.push(error));
    }
    for (const { accountId, id } of await this.numbers.allWaitingForDocuments(reconcileBatchSize)) {
      await this.orderIfDocumentsApproved(accountId, id).catch((error: unknown) => failures.push(error));
    }
    if (failures.length > 0) {
      throw new AggregateError(failures, `${failures.length} number order(s) could not be reconciled`);
    }
  }

  /** The carrier's offer of exactly this number, which gives its type, price and requirements; null when not on sale. */
  private async offerOf(phoneNumber: string, country: SupportedCountry): Promise<AvailableNumber | null> {
    const info = describePhoneNumber(phoneNumber);
    for (const type of numberTypeCandidates(info.type)) {
      const offers = await translatingNumbersErrors(() =>
        this.carrier.searchNumbers({
          country,
          type,
          ...(info.areaCode && { areaCode: info.areaCode }),
          startsWith: info.nationalNumber ?? undefined,
          limit: 5,
        }),
      );
      const offer = offers.find((candidate) => candidate.phoneNumber === phoneNumber);
      if (offer) return offer;
    }
    return null;
  }

  private async orderIfDocumentsApproved(accountId: string, numberId: string): Promise<void> {
    const number = await this.numbers.find(accountId, numberId);
    if (number?.status !== 'pending_documents') return;
    if (!(await this.submissions.hasApproved(accountId, number.country, number.type))) return;
    const orderedAt = this.clock.now();
    if (
      !(await this.numbers.transition(accountId, numberId, ['pending_documents'], {
        status: 'ordering',
        orderedAt,
      }))
    ) {
      return;
    }
    await this.order({ ...number, status: 'ordering', orderedAt }, 'retry_later');
  }

  /** Places the carrier order of a row in `ordering` and records the outcome. */
  private async order(held: PhoneNumberRecord, unanswered: UnansweredOrder): Promise<PhoneNumberRecord> {
    let order: CarrierOrder;
    try {
      order = await this.carrier.orderNumber({
        phoneNumber: held.phoneNumber,
        reference: held.id,
        routing: this.settings.orderRouting,
      });
    } catch (error) {
      await this.recordOrderError(held, error, unanswered);
      throw asDomainError(error, 'phoneNumber');
    }
    return this.recordOrder(held.accountId, held.id, order);
  }

  private async recordOrderError(
    held: PhoneNumberRecord,
    error: unknown,
    unanswered: UnansweredOrder,
  ): Promise<void> {
    // Without a definite answer the carrier may have taken the order after all.
    const outcomeUnknown = !(error instanceof NumbersDomainError) || error instanceof CarrierUnavailableError;
    if (outcomeUnknown && unanswered === 'retry_later') {
      await this.numbers.transition(held.accountId, held.id, ['ordering'], { status: 'pending_documents' });
      return;
    }
    await this.numbers.transition(held.accountId, held.id, ['ordering'], {
      status: 'failed',
      failureReason: failureReasonOf(error),
      carrierCheckPending: outcomeUnknown,
    });
  }

  /** Records a carrier order's outcome; repeating it, or racing the reconciler, changes nothing more. */
  private async recordOrder(
    accountId: string,
    numberId: string,
    order: CarrierOrder,
  ): Promise<PhoneNumberRecord> {
    if (order.status === 'success') {
      await this.database.transaction(async () => {
        const activated = await this.numbers.transition(accountId, numberId, ['ordering'], {
          status: 'active',
          carrierOrderId: order.orderId,
          purchasedAt: this.clock.now(),
        });
        if (activated) await this.events.publish('number.purchased', accountId, numberId);
      });
    } else {
      await this.numbers.transition(accountId, numberId, ['ordering'], {
        carrierOrderId: order.orderId,
        ...(order.status === 'failure' && {
          status: 'failed',
          failureReason: order.failureReason ?? 'The carrier failed the order.',
        }),
      });
    }
    const number = await this.numbers.find(accountId, numberId);
    if (!number) throw new Error(`number ${numberId} vanished while its order was recorded`);
    return number;
  }

  /** Asks the carrier what became of an order we have no outcome for. */
  private async settle({ accountId, id }: NumberReference): Promise<void> {
    const number = await this.numbers.find(accountId, id);
    if (!number) return;
    const order = await translatingNumbersErrors(() => this.carrier.getOrder({ reference: id }));
    if (number.status === 'ordering') {
      if (order) {
        await this.recordOrder(accountId, id, order);
        return;
      }
      await this.numbers.transition(accountId, id, ['ordering'], {
        status: 'failed',
        failureReason: 'The carrier has no order for this number.',
      });
      return;
    }
    // A failure reported while the carrier was unreachable: if it sold us the number after all, give it back.
    if (order?.status === 'pending') return;
    const heldElsewhere = (await this.numbers.heldAmong([number.phoneNumber])).has(number.phoneNumber);
    if (order?.status === 'success' && !heldElsewhere) {
      await translatingNumbersErrors(() => this.carrier.releaseNumber(number.phoneNumber));
    }
    await this.numbers.transition(accountId, id, ['failed'], { carrierCheckPending: false });
  }
}

function failureReasonOf(error: unknown): string {
  if (error instanceof NumberNoLongerAvailableError) return 'The number is no longer available.';
  if (error instanceof CarrierUnavailableError || !(error instanceof NumbersDomainError)) {
    return 'The carrier could not be reached; nothing was bought.';
  }
  return error.message;
}
