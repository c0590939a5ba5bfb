import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsconfig-paths';
import { createDatabase, databaseUrl } from './test-database';

const root = join(__dirname, '..', '..');

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

  // Global setup runs outside Jest's module mapper: resolve the @app/* aliases for the migration code.
  const { compilerOptions } = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const unregister = register({ baseUrl: root, paths: compilerOptions.paths });
  try {
    const { createDataSource } = await import('../../libs/database/src/data-source');
    const { loadConfig } = await import('../../libs/config/src/env.schema');
    const dataSource = createDataSource(loadConfig());
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    await dataSource.destroy();
  } finally {
    unregister();
  }
}
