import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

const logger = new Logger('Redis');
/** During an outage ioredis reports every reconnect attempt: one line per client per this many ms is enough. */
const REPEAT_MS = 10_000;

/**
 * Gives a client an error listener (without one, ioredis prints "Unhandled error event" for every failed
 * reconnect), logging the first failure of an outage, a reminder every REPEAT_MS, and the recovery.
 */
export function watchRedisErrors<T extends Redis>(client: T, name: string): T {
  let failingSince: number | null = null;
  let lastLogged = 0;
  client.on('error', (error: Error) => {
    const now = Date.now();
    failingSince ??= now;
    if (now - lastLogged < REPEAT_MS) return;
    lastLogged = now;
    logger.warn(
      { client: name, err: error, failingForMs: now - failingSince },
      `Redis (${name}) unreachable`,
    );
  });
  client.on('ready', () => {
    if (failingSince === null) return;
    logger.log({ client: name, outageMs: Date.now() - failingSince }, `Redis (${name}) reachable again`);
    failingSince = null;
    lastLogged = 0;
  });
  return client;
}
