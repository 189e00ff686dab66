export * from './domain';
export * from './numbers.module';
export { CARRIER } from './application/numbers-settings';
export { NumberAccess } from './application/number-access';
export { NumberOrderService } from './application/number-order.service';
export { NumberReleaseService } from './application/number-release.service';
export { ReconcileNumberOrdersJob } from './jobs/reconcile-number-orders.job';
export { ReleaseDueNumbersJob } from './jobs/release-due-numbers.job';
