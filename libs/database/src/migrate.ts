import { Client } from 'pg';
import { loadConfig } from '@app/config';
import { createDataSource } from './data-source';

/** Creates DATABASE_URL's database when the server does not have it yet (a fresh machine). */
async function createDatabaseIfMissing(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount) {
      process.stdout.write(`database ${name} exists\n`);
      return;
    }
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}" ENCODING 'UTF8' TEMPLATE template0`);
    process.stdout.write(`created database ${name}\n`);
  } finally {
    await client.end();
  }
}

/** `node migrate.js create|run|revert` — creates the database, or applies / reverts migrations, one transaction each. */
async function main(command: string | undefined): Promise<void> {
  const config = loadConfig();
  if (command === 'create') return createDatabaseIfMissing(config.DATABASE_URL);
  if (command !== 'run' && command !== 'revert') {
    throw new Error('usage: migrate create|run|revert');
  }
  const dataSource = createDataSource(config);
  await dataSource.initialize();
  try {
    if (command === 'run') {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      process.stdout.write(
        applied.length
          ? `applied ${applied.length} migration(s): ${applied.map((m) => m.name).join(', ')}\n`
          : 'database is up to date\n',
      );
    } else {
      await dataSource.undoLastMigration({ transaction: 'each' });
      process.stdout.write('reverted the last migration\n');
    }
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
