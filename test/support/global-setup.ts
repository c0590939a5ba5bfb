import './register-paths';
import { loadConfig } from '@app/config';
import { createDataSource } from '@app/database';
import { createDatabase, databaseUrl } from './test-database';

/**
 * One database and one Redis key prefix per test run, shared by the integration and e2e projects;
 * the environment set here reaches every test worker and every process the tests start.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.SALON_TEST_RUN) return;
  const run = `${Date.now().toString(36)}_${process.pid}`;
  const database = `salon_test_${run}`;
  await createDatabase(database);

  Object.assign(process.env, {
    SALON_TEST_RUN: run,
    SALON_TEST_DATABASE: database,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(database),
    REDIS_KEY_PREFIX: `test:${run}:`,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });

  const dataSource = createDataSource(loadConfig());
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
}
