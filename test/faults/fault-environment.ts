/**
 * What every fault spec starts with: a PostgreSQL cluster and a redis-server of its own (so it may kill
 * them), a migrated database, and this spec file's process.env pointed at them, so that the built apps
 * it starts, the CLI (`promote`) and the helpers of test/support and test/e2e all use them. Jest gives
 * each spec file its own copy of process.env.
 */
import { appendFileSync } from 'node:fs';
import { Pool, type QueryResultRow } from 'pg';
import {
  createMigratedDatabase,
  startPrivatePostgres,
  startPrivateRedis,
  type PrivateService,
  type StartedProcess,
} from '@test/support';

export interface FaultEnvironment {
  postgres: PrivateService;
  redis: PrivateService;
  databaseUrl: string;
  /** A query on the private database (a small pool of the test's own). */
  query<T extends QueryResultRow>(sql: string, values?: unknown[]): Promise<T[]>;
  /** Stops everything and removes the temp dirs; safe to call after a failed start. */
  teardown(): Promise<void>;
}

export async function startFaultEnvironment(): Promise<FaultEnvironment> {
  const started: PrivateService[] = [];
  let pool: Pool | undefined;
  const teardown = async () => {
    await pool?.end().catch(() => undefined);
    await Promise.all(started.map((service) => service.remove()));
  };
  try {
    const [postgres, redis] = await Promise.all([
      startPrivatePostgres().then((service) => (started.push(service), service)),
      startPrivateRedis().then((service) => (started.push(service), service)),
    ]);
    Object.assign(process.env, {
      NODE_ENV: 'test',
      TEST_DATABASE_ADMIN_URL: postgres.url,
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: 'faults:',
    });
    const { url } = await createMigratedDatabase('faults');
    process.env.DATABASE_URL = url;
    const queries = new Pool({ connectionString: url, max: 2 });
    pool = queries;
    // The suite stops PostgreSQL under this pool too: an idle connection's error is expected then.
    queries.on('error', () => undefined);
    return {
      postgres,
      redis,
      databaseUrl: url,
      query: async <T extends QueryResultRow>(sql: string, values: unknown[] = []) =>
        (await queries.query<T>(sql, values)).rows,
      teardown,
    };
  } catch (error) {
    await teardown();
    throw error;
  }
}

/** Neither exited nor killed (a killed child has exitCode null too). */
export function stillRunning(started: StartedProcess): boolean {
  return started.child.exitCode === null && started.child.signalCode === null;
}

export interface HealthSample {
  at: number;
  /** The HTTP status, or 0 when the request failed or took longer than 2 s. */
  status: number;
}

export interface HealthWatch {
  readonly samples: HealthSample[];
  /** The first sample at or after `since` with this status, waiting up to `timeoutMs` for it. */
  until(status: number, since: number, timeoutMs: number): Promise<HealthSample>;
  stop(): Promise<void>;
}

/** Polls `GET /api/health` every `intervalMs` (one request at a time) until stopped. */
export function watchHealth(baseUrl: string, intervalMs = 100): HealthWatch {
  const samples: HealthSample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      const at = Date.now();
      const status = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2000) }).then(
        async (reply) => {
          await reply.arrayBuffer();
          return reply.status;
        },
        () => 0,
      );
      samples.push({ at, status });
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    samples,
    async until(status, since, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = samples.find((sample) => sample.at >= since && sample.status === status);
        if (found) return found;
        if (Date.now() > deadline) {
          const seen = samples.filter((sample) => sample.at >= since).map((sample) => sample.status);
          throw new Error(
            `/api/health never answered ${status} within ${timeoutMs} ms; since then: ${seen.join(' ')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      stopped = true;
      await loop;
    },
  };
}

export type Figures = Record<string, string | number | boolean>;

/**
 * Prints a scenario's figures (and appends them as a JSON line to $FAULT_FIGURES_FILE when set, for
 * docs/reliability.md). Called before the assertions, so a failing scenario still shows its figures.
 */
export function report(scenario: string, figures: Figures): void {
  const width = Math.max(...Object.keys(figures).map((key) => key.length));
  const lines = Object.entries(figures).map(([key, value]) => `  ${key.padEnd(width)}  ${String(value)}`);
  process.stdout.write(`\n[faults] ${scenario}\n${lines.join('\n')}\n`);
  if (process.env.FAULT_FIGURES_FILE) {
    appendFileSync(
      process.env.FAULT_FIGURES_FILE,
      `${JSON.stringify({ scenario, at: new Date().toISOString(), ...figures })}\n`,
    );
  }
}
