import { loadConfig } from '@app/config';
import { createDataSource } from '@app/database';
import { createDatabase, databaseUrl, dropDatabase } from './test-database';

/**
 * A database of its own, migrated, for a suite whose subject is global (e.g. a scheduler that walks
 * every member): other suites' rows in the run's shared database cannot disturb it.
 */
export async function createMigratedDatabase(
  tag: string,
): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${process.env.SALON_TEST_DATABASE ?? 'salon_test'}_${tag}`;
  await dropDatabase(name);
  await createDatabase(name);
  const url = databaseUrl(name);
  const dataSource = createDataSource(loadConfig({ ...process.env, DATABASE_URL: url }));
  await dataSource.initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  await dataSource.destroy();
  return { url, drop: () => dropDatabase(name) };
}
