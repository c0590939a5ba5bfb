import type { JobsOptions } from 'bullmq';

/**
 * The contract between api (producers) and worker (processors): queue names, job names and payloads
 * are declared here and nowhere else. Event reminders and digests add their queues here.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};
