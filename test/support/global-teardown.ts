import { Redis } from 'ioredis';
import { dropDatabase } from './test-database';

/** Leaves nothing behind: drops the run's database and deletes its Redis keys. */
export default async function globalTeardown(): Promise<void> {
  const database = process.env.SALON_TEST_DATABASE;
  const prefix = process.env.REDIS_KEY_PREFIX;
  if (!database || !prefix?.startsWith('test:')) return;
  delete process.env.SALON_TEST_DATABASE;
  await dropDatabase(database);

  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
