import { type JobName, jobCatalog, type JobPayloads } from '@switchyard/contracts';
import { type JobProducer, type QueueConnection } from '@switchyard/queue';

/**
 * Makes sure the job of that id is pending: a waiting, delayed or running one is left alone, and a finished one
 * (BullMQ keeps them for a while, which would turn adding it again into a no-op) is replaced.
 */
export async function ensurePendingJob<Name extends JobName>(
  connection: QueueConnection,
  jobs: JobProducer,
  name: Name,
  payload: JobPayloads[Name],
  jobId: string,
): Promise<void> {
  const existing = await connection.queue(jobCatalog[name].queue).getJob(jobId);
  if (existing) {
    const state = await existing.getState();
    if (state !== 'completed' && state !== 'failed') return;
    await existing.remove();
  }
  await jobs.enqueue(name, payload, { jobId });
}
