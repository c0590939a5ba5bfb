import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';

const logger = new Logger('QueueRestore');

/**
 * Runs `restore` now, and again whenever the queue's Redis connection comes back. What a queue keeps only in
 * Redis (job schedulers, delayed jobs) is gone after Redis restarts without its data; `restore` must be
 * idempotent (upserts, deterministic job ids), since most reconnections find everything still there.
 */
export async function restoreOnReconnect(
  queue: Queue,
  what: string,
  restore: () => Promise<void>,
): Promise<void> {
  await restore();
  queue.getBackend().on('ready', () => {
    restore().catch((error: unknown) => {
      logger.warn({ err: error, queue: queue.name }, `could not restore ${what} after a Redis reconnection`);
    });
  });
}
