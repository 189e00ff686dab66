/**
 * Every queue and job the apps agree on. Payloads carry ids, never resource bodies: Postgres is the truth and a job
 * re-reads what it needs, so a lost or replayed job cannot carry stale data.
 */
export const queueNames = {
  maintenance: 'maintenance',
  events: 'events',
  webhooks: 'webhooks',
  numbers: 'numbers',
  messages: 'messages',
  /** Carrier callbacks have their own queue, so a backlog of scheduled sends never delays a delivery report. */
  carrierCallbacks: 'carrier-callbacks',
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
   * `resendOf` names the logged delivery a user asked to send again: a single attempt, without automatic retries.
   */
  'webhooks.deliver': {
    readonly accountId: string;
    readonly eventId: string;
    readonly endpointId: string;
    readonly attempt: number;
    readonly deferral: number;
    readonly resendOf?: string;
  };
  /** Settles number orders whose outcome was not recorded (a crash mid-purchase, a pending carrier order). */
  'numbers.reconcile-orders': Record<string, never>;
  /** Releases at the carrier the numbers whose release grace period is over. */
  'numbers.release-due': Record<string, never>;
  /**
   * Submits one outbound message to the carrier once it is due; job id = message id. A message waiting for its
   * pacing slot gets a job of its own due at that slot (`slotDueAt`, epoch ms), whose id names the slot.
   */
  'messages.dispatch': {
    readonly accountId: string;
    readonly messageId: string;
    readonly slotDueAt?: number;
  };
  /** Re-arms from Postgres the dispatch jobs of due (or soon due) messages that Redis lost. */
  'messages.reconcile': Record<string, never>;
  /** Applies one verified carrier callback stored by the api; job id = the stored callback's id. */
  'messages.process-callback': { readonly callbackId: string };
  /** Re-enqueues stored carrier callbacks not applied yet, which Redis lost. */
  'messages.reconcile-callbacks': Record<string, never>;
  /** Enrolls the next chunk of a running campaign's audience, from the cursor kept on the campaign row. */
  'campaigns.enroll': { readonly accountId: string; readonly campaignId: string };
  /** Resumes enrollments Redis lost and completes campaigns whose every message reached a final state. */
  'campaigns.reconcile': Record<string, never>;
}

export type JobName = keyof JobPayloads;

export const jobCatalog: { readonly [Name in JobName]: { readonly queue: QueueName } } = {
  'maintenance.purge-idempotency-records': { queue: queueNames.maintenance },
  'maintenance.purge-events': { queue: queueNames.maintenance },
  'maintenance.purge-webhook-deliveries': { queue: queueNames.maintenance },
  'events.fan-out': { queue: queueNames.events },
  'webhooks.deliver': { queue: queueNames.webhooks },
  'numbers.reconcile-orders': { queue: queueNames.numbers },
  'numbers.release-due': { queue: queueNames.numbers },
  'messages.dispatch': { queue: queueNames.messages },
  'messages.reconcile': { queue: queueNames.messages },
  'messages.process-callback': { queue: queueNames.carrierCallbacks },
  'messages.reconcile-callbacks': { queue: queueNames.carrierCallbacks },
  'campaigns.enroll': { queue: queueNames.messages },
  'campaigns.reconcile': { queue: queueNames.messages },
};

export const jobNames = Object.keys(jobCatalog) as JobName[];
