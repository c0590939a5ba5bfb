import { loadConfig } from '@app/config';
import { createDatabase, databaseUrl, dropDatabase } from '@test/support';
import { createDataSource } from './data-source';
import { migrations } from './migrations';

describe('migrations', () => {
  const name = `salon_test_migrations_${Date.now().toString(36)}_${process.pid}`;

  beforeAll(() => createDatabase(name));
  afterAll(() => dropDatabase(name));

  it('apply, revert completely and apply again on an empty database', async () => {
    const dataSource = createDataSource(loadConfig({ ...process.env, DATABASE_URL: databaseUrl(name) }));
    await dataSource.initialize();
    try {
      expect(await dataSource.runMigrations({ transaction: 'each' })).toHaveLength(migrations.length);
      for (let i = 0; i < migrations.length; i += 1)
        await dataSource.undoLastMigration({ transaction: 'each' });
      const tables = await dataSource.query<unknown[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'schema_migrations'`,
      );
      expect(tables).toEqual([]);
      expect(await dataSource.runMigrations({ transaction: 'each' })).toHaveLength(migrations.length);
      expect(await dataSource.showMigrations()).toBe(false);
    } finally {
      await dataSource.destroy();
    }
  });
});
