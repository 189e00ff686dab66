/**
 * Every queue and job the apps agree on. Payloads carry ids, never resource bodies: Postgres is the truth and a job
 * re-reads what it needs, so a lost or replayed job cannot carry stale data.
 */
export const queueNames = {
  maintenance: 'maintenance',
} as const;

export type QueueName = (typeof queueNames)[keyof typeof queueNames];

export interface JobPayloads {
  /** Deletes idempotency records past their retention. */
  'maintenance.purge-idempotency-records': Record<string, never>;
}

export type JobName = keyof JobPayloads;

export const jobCatalog: { readonly [Name in JobName]: { readonly queue: QueueName } } = {
  'maintenance.purge-idempotency-records': { queue: queueNames.maintenance },
};

export const jobNames = Object.keys(jobCatalog) as JobName[];
