import { Inject, Injectable } from '@nestjs/common';
import { type JobHandler } from '@switchyard/queue';
import { NumberOrderService } from '../application/number-order.service';

/** Scheduled: settles orders without a recorded outcome; each row changes at most once, so runs may overlap. */
@Injectable()
export class ReconcileNumberOrdersJob implements JobHandler<'numbers.reconcile-orders'> {
  readonly jobName = 'numbers.reconcile-orders' as const;

  constructor(@Inject(NumberOrderService) private readonly orders: NumberOrderService) {}

  async handle(): Promise<void> {
    await this.orders.reconcile();
  }
}
