import { type JobName, type JobPayloads } from '@switchyard/contracts';

export interface JobContext {
  readonly jobId: string;
  readonly attempt: number;
}

/** One class per job name. Handlers must be idempotent: a job may run more than once. */
export interface JobHandler<Name extends JobName = JobName> {
  readonly jobName: Name;
  handle(payload: JobPayloads[Name], context: JobContext): Promise<void>;
}

export const JOB_HANDLERS = Symbol('JOB_HANDLERS');

export class MissingJobHandlerError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(`No handler registered for job(s): ${missing.join(', ')}`);
    this.name = 'MissingJobHandlerError';
  }
}
