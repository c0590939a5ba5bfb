// Checks that PostgreSQL and Redis answer at DATABASE_URL / REDIS_URL (or the local defaults) and says how to get them.
const { Client } = require('pg');
const { Redis } = require('ioredis');

const databaseUrl = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/shiojiri_salon');
databaseUrl.pathname = '/postgres';
const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

const HOW_TO = `
PostgreSQL (15 or newer, with pg_trgm) and Redis (6.2 or newer) must be reachable. Either:
  - on Debian/Ubuntu: sudo apt-get install -y postgresql postgresql-contrib redis-server
    (allow local connections for the postgres user: trust for 127.0.0.1 in pg_hba.conf, or put a password in DATABASE_URL)
  - or with Docker:   docker compose --env-file docker/.env.example -f docker/compose.yml up -d postgres redis mailpit
    and export DATABASE_URL / REDIS_URL to match (see docker/.env.example).`;

async function checkPostgres() {
  const client = new Client({ connectionString: databaseUrl.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis() {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 3000,
  });
  try {
    await redis.connect();
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

async function main() {
  const problems = [];
  await checkPostgres().catch((error) =>
    problems.push(`PostgreSQL at ${databaseUrl.host}: ${error.message}`),
  );
  await checkRedis().catch((error) => problems.push(`Redis at ${redisUrl}: ${error.message}`));
  if (problems.length) {
    process.stderr.write(
      `Cannot reach the services the platform needs:\n  ${problems.join('\n  ')}\n${HOW_TO}\n`,
    );
    process.exit(1);
  }
}

void main();
