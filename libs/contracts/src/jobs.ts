/**
 * Every queue and job the apps agree on. Payloads carry ids, never resource bodies: Postgres is the truth and a job
 * re-reads what it needs, so a lost or replayed job cannot carry stale data.
 */
export const queueNames = {
  maintenance: 'maintenance',
  events: 'events',
  webhooks: 'webhooks',
} as const;

export type QueueName = (typeof queueNames)[keyof typeof queueNames];

export interface JobPayloads {
  /** Deletes idempotency records past their retention. */
  'maintenance.purge-idempotency-records': Record<string, never>;
  /** Deletes events past their retention. */
  'maintenance.purge-events': Record<string, never>;
  /** Deletes webhook delivery attempts past their retention. */
  'maintenance.purge-webhook-deliveries': Record<string, never>;
  /** Hands one committed event to its consumers (webhook endpoints); job id = event id. */
  'events.fan-out': { readonly accountId: string; readonly eventId: string };
  /**
   * One attempt to deliver one event to one endpoint. `attempt` counts the tries (1 first); `deferral` counts the
   * times this attempt waited for the endpoint's concurrency limit, so each hop has its own deterministic job id.
   */
  'webhooks.deliver': {
    readonly accountId: string;
    readonly eventId: string;
    readonly endpointId: string;
    readonly attempt: number;
    readonly deferral: number;
  };
}

export type JobName = keyof JobPayloads;

export const jobCatalog: { readonly [Name in JobName]: { readonly queue: QueueName } } = {
  'maintenance.purge-idempotency-records': { queue: queueNames.maintenance },
  'maintenance.purge-events': { queue: queueNames.maintenance },
  'maintenance.purge-webhook-deliveries': { queue: queueNames.maintenance },
  'events.fan-out': { queue: queueNames.events },
  'webhooks.deliver': { queue: queueNames.webhooks },
};

export const jobNames = Object.keys(jobCatalog) as JobName[];
