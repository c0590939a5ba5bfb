/**
 * The benchmarks' harness (chat-fanout.ts and digest.ts): a run's resources (child processes, its database
 * and Redis keys) and their clean-up, CPU and memory readings from /proc (Linux), the background load
 * measured before a run (the baseline the machine gives), the formats of the printed figures, and the
 * process wiring (Ctrl-C cleans up, a bad option exits with 2).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, readFileSync, type WriteStream } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { createDatabase, databaseUrl, dropDatabase } from '../support/test-database';

// ---------------------------------------------------------------------------------------------------------
// Time and figures

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const nowMs = () => performance.now();
export const int = (value: number) =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '–';
export const pct = (value: number) => (Number.isFinite(value) ? `${Math.round(value)}%` : '–');

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The lines to paste into docs/benchmarks.md, between markers. */
export function logMarkdown(lines: string[]): void {
  log('');
  log('---- Markdown for docs/benchmarks.md ----');
  for (const line of lines) log(line);
  log('---- end ----');
}

/** `2 cores (AMD EPYC), 24 GiB, Node v20.20.2, <where>`. */
export function machineDescription(where: string): string {
  return (
    `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown cpu'}), ` +
    `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${where}`
  );
}

export function pinoLevel(level: number): string {
  return (
    (
      { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' } as Record<number, string>
    )[level] ?? String(level)
  );
}

/** A bad command line: the run exits with 2. */
export class UsageError extends Error {}

/** `--help` or `-h` anywhere: prints the help and exits with 0. */
export function exitWithHelpIfAsked(argv: string[], help: string): void {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(help);
    process.exit(0);
  }
}

export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (name === 'shiojiri-salon') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root from ' + __dirname);
    dir = parent;
  }
}

// ---------------------------------------------------------------------------------------------------------
// CPU and memory from /proc (Linux): this process, the ones a benchmark watches, PostgreSQL, Redis, the machine

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

async function processTicks(pid: number, which: 'all' | 'system' = 'all'): Promise<number> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (which === 'all' ? Number(fields[11]) : 0) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/**
 * PostgreSQL as far as this run uses it (the backends connected to the run's database plus the server's
 * own background processes) and redis-server. Backends of other databases count as "other".
 */
async function serviceTicks(
  database: string | null,
): Promise<{ postgres: Map<number, number>; redis: Map<number, number> }> {
  const totals = { postgres: new Map<number, number>(), redis: new Map<number, number>() };
  const entries = await readdir('/proc').then(
    (all) => all.filter((entry) => /^\d+$/.test(entry)),
    () => [] as string[],
  );
  await Promise.all(
    entries.map(async (pid) => {
      const comm = await readFile(`/proc/${pid}/comm`, 'utf8').then(
        (text) => text.trim(),
        () => '',
      );
      if (comm === 'redis-server') {
        totals.redis.set(Number(pid), await processTicks(Number(pid)));
      } else if (comm === 'postgres') {
        const title = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
        const isBackend = /\(\d+\)/.test(title) || title.includes('[local]');
        if (isBackend && !(database && title.includes(` ${database} `))) return;
        totals.postgres.set(Number(pid), await processTicks(Number(pid)));
      }
    }),
  );
  return totals;
}

async function machineTicks(): Promise<{ busy: number; total: number }> {
  try {
    const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
    const values = line.trim().split(/\s+/).slice(1, 9).map(Number);
    const total = values.reduce((sum, value) => sum + value, 0);
    return { busy: total - values[3] - values[4], total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

/**
 * Processes a benchmark watches, by the name its figures give them. `system` reads only the time in the
 * kernel (a part of another entry's, so it is not subtracted again from the machine's).
 */
export type Watched<Name extends string> = Record<
  Name,
  { pid: number | undefined; which?: 'all' | 'system' }
>;

export interface CpuSnapshot<Name extends string = never> {
  at: number;
  self: NodeJS.CpuUsage;
  watched: Watched<Name>;
  ticks: Record<Name, number>;
  /** Ticks per process, so a process that exits in between cannot make a sum go down. */
  postgres: Map<number, number>;
  redis: Map<number, number>;
  machineBusy: number;
  machineTotal: number;
}

/**
 * Average CPU over an interval in % of one core (200% is both cores busy): this process (`self`), each
 * watched process by its name, PostgreSQL, Redis, the machine, and `other`: the machine less all of those,
 * other work on the machine (e.g. someone's build) that skews the run.
 */
export type CpuPercent<Name extends string = never> = Record<Name, number> & {
  self: number;
  postgres: number;
  redis: number;
  machine: number;
  other: number;
};

export async function cpuSnapshot<Name extends string = never>(
  database: string | null,
  watched = {} as Watched<Name>,
): Promise<CpuSnapshot<Name>> {
  const names = Object.keys(watched) as Name[];
  const [services, machine, ...ticks] = await Promise.all([
    serviceTicks(database),
    machineTicks(),
    ...names.map((name) => {
      const { pid, which } = watched[name];
      return pid ? processTicks(pid, which) : Promise.resolve(0);
    }),
  ]);
  return {
    at: nowMs(),
    self: process.cpuUsage(),
    watched,
    ticks: Object.fromEntries(names.map((name, index) => [name, ticks[index]])) as Record<Name, number>,
    postgres: services.postgres,
    redis: services.redis,
    machineBusy: machine.busy,
    machineTotal: machine.total,
  };
}

export function cpuBetween<Name extends string>(
  a: CpuSnapshot<Name>,
  b: CpuSnapshot<Name>,
): CpuPercent<Name> {
  const seconds = (b.at - a.at) / 1000;
  const ticks = (value: number) => (value / CLK_TCK / seconds) * 100;
  // Processes in both snapshots count their difference, new ones (a pool's fresh connection) all of theirs;
  // the last ticks of one that exited in between are lost (an undercount, never a negative).
  const grown = (before: Map<number, number>, after: Map<number, number>) =>
    [...after].reduce((sum, [pid, value]) => sum + Math.max(0, value - (before.get(pid) ?? 0)), 0);
  const self = ((b.self.user + b.self.system - a.self.user - a.self.system) / 1e6 / seconds) * 100;
  const watched = (Object.keys(b.ticks) as Name[]).map(
    (name) => [name, ticks(b.ticks[name] - (a.ticks[name] ?? 0))] as const,
  );
  const postgres = ticks(grown(a.postgres, b.postgres));
  const redis = ticks(grown(a.redis, b.redis));
  const machine =
    b.machineTotal > a.machineTotal
      ? ((b.machineBusy - a.machineBusy) / (b.machineTotal - a.machineTotal)) * 100 * cpus().length
      : Number.NaN;
  const counted = watched
    .filter(([name]) => (b.watched[name].which ?? 'all') === 'all')
    .reduce((sum, [, value]) => sum + value, self + postgres + redis);
  return {
    ...(Object.fromEntries(watched) as Record<Name, number>),
    self,
    postgres,
    redis,
    machine,
    other: Math.max(0, machine - counted),
  };
}

/** The machine's load over 2 s before the run starts anything: figures taken on a busy machine are lower. */
export async function logBackgroundLoad(): Promise<void> {
  const before = await cpuSnapshot(null);
  await sleep(2000);
  const background = cpuBetween(before, await cpuSnapshot(null));
  log(
    `background load before the run: ${pct(background.machine)} of ${cpus().length * 100}%` +
      (background.machine > 20
        ? ' — the machine is busy with other work: figures will be lower than on a quiet one'
        : ''),
  );
}

/** VmHWM (peak resident set) and VmRSS of a live process, in MB. */
export async function memoryMb(pid: number | undefined): Promise<{ peak: number; now: number }> {
  const none = { peak: Number.NaN, now: Number.NaN };
  if (!pid) return none;
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => {
      const match = new RegExp(`${name}:\\s+(\\d+) kB`).exec(status);
      return match ? Number(match[1]) / 1024 : Number.NaN;
    };
    return { peak: field('VmHWM'), now: field('VmRSS') };
  } catch {
    return none;
  }
}

// ---------------------------------------------------------------------------------------------------------
// A run: child processes, its database and Redis keys, clean-up

export interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
  /** The last 64 KB of stdout + stderr. */
  tail: () => string;
  /** pino levels seen (json logs): 40 warn, 50 error, 60 fatal. */
  levels: Map<number, number>;
  /** The first few log lines at `errorLevel` or above. */
  firstErrors: string[];
}

export interface BenchRunOptions {
  /** The pino level from which a child's log line is kept in `firstErrors` (40 warn, 50 error). */
  errorLevel: number;
  /** How long a stopped child may take to exit after SIGTERM before it is killed. */
  stopGraceMs: number;
}

export class BenchRun {
  readonly id = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  readonly redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  database: string | null = null;
  redisPrefix: string | null = null;
  /** Keep the database at the end (its name is printed) for inspection. */
  keepDb = false;
  private logFile: WriteStream | null = null;
  private readonly children = new Set<Child>();
  private readonly closers: (() => unknown)[] = [];
  private readonly clients = new Set<Client>();
  private cleaning: Promise<void> | null = null;
  private stopping = false;

  constructor(private readonly options: BenchRunOptions) {}

  /** Appends the children's whole output to `path` (by default only its tail is kept, for errors). */
  logChildrenTo(path: string | null): void {
    if (path) this.logFile = createWriteStream(path, { flags: 'a' });
  }

  /** Runs after the children have stopped, in the order given (sockets, queues, clients, sinks). */
  onCleanup(close: () => unknown): void {
    this.closers.push(close);
  }

  /**
   * `existing` (a database kept by an earlier run, measured again: kept at the end too) with a Redis key
   * prefix of this run, or a new database (createDatabase).
   */
  async useDatabase(
    existing: string | null,
  ): Promise<{ database: string; url: string; redisPrefix: string }> {
    if (!existing) return this.createDatabase();
    this.database = existing;
    this.redisPrefix = `bench:${this.id}:`;
    this.keepDb = true;
    return { database: existing, url: databaseUrl(existing), redisPrefix: this.redisPrefix };
  }

  /**
   * The environment of the built api or worker on the run's database and Redis prefix: production mode, fresh
   * secrets, JSON logs at warn; `settings` adds to it or overrides it (PORT, pool size, SMTP, …).
   */
  appEnv(databaseUrl: string, settings: Record<string, string> = {}): Record<string, string> {
    if (!this.redisPrefix) throw new Error('appEnv before useDatabase or createDatabase');
    return {
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: this.redisUrl,
      REDIS_KEY_PREFIX: this.redisPrefix,
      JWT_SECRET: randomBytes(32).toString('hex'),
      JWT_REFRESH_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      ...settings,
    };
  }

  /** A PostgreSQL connection of the benchmark's own, ended at clean-up unless disconnected before. */
  async connect(url: string): Promise<Client> {
    const client = new Client({ connectionString: url });
    await client.connect();
    this.clients.add(client);
    return client;
  }

  async disconnect(client: Client): Promise<void> {
    this.clients.delete(client);
    await client.end();
  }

  /** `salon_bench_<run>`, created empty, and the Redis key prefix `bench:<run>:`; both removed at the end. */
  async createDatabase(): Promise<{ database: string; url: string; redisPrefix: string }> {
    const database = `salon_bench_${this.id}`;
    await createDatabase(database);
    this.database = database;
    this.redisPrefix = `bench:${this.id}:`;
    return { database, url: databaseUrl(database), redisPrefix: this.redisPrefix };
  }

  /** The built migrations, run against `env.DATABASE_URL`. */
  async migrate(root: string, env: Record<string, string>): Promise<void> {
    const child = this.spawn('migrate', [join(root, 'dist/libs/database/src/migrate.js'), 'run'], env, root);
    const code = await child.exited;
    if (code !== 0) throw new Error(`migrations failed (exit ${code}):\n${child.tail()}`);
  }

  spawn(name: string, args: string[], env: Record<string, string>, cwd: string): Child {
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let tail = '';
    let partial = '';
    const levels = new Map<number, number>();
    const firstErrors: string[] = [];
    this.logFile?.write(`---- ${name}: ${args.join(' ')}\n`);
    const take = (chunk: Buffer) => {
      this.logFile?.write(chunk);
      const text = chunk.toString();
      tail = (tail + text).slice(-65536);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        try {
          const entry = JSON.parse(line) as { level?: number; msg?: string; err?: { message?: string } };
          if (typeof entry.level !== 'number') continue;
          levels.set(entry.level, (levels.get(entry.level) ?? 0) + 1);
          if (entry.level >= this.options.errorLevel && firstErrors.length < 5) {
            firstErrors.push(`${entry.msg ?? ''}${entry.err?.message ? `: ${entry.err.message}` : ''}`);
          }
        } catch {
          // not a log line
        }
      }
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', take);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const handle: Child = { name, process: child, exited, tail: () => tail, levels, firstErrors };
    this.children.add(handle);
    void exited.then(() => this.children.delete(handle));
    return handle;
  }

  async stop(child: Child, graceMs = this.options.stopGraceMs): Promise<void> {
    if (child.process.exitCode !== null || child.process.signalCode !== null) return;
    child.process.kill('SIGTERM');
    const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs);
    await child.exited;
    clearTimeout(timer);
  }

  /**
   * Stops the children, then runs the clean-up steps, drops the database (unless kept) and deletes the
   * Redis keys; safe to call twice.
   */
  cleanup(): Promise<void> {
    this.cleaning ??= (async () => {
      // The servers first: closing 1,000 sockets against a live api makes it broadcast presence for each.
      await Promise.all([...this.children].map((child) => this.stop(child)));
      for (const close of this.closers) await close();
      await Promise.all([...this.clients].map((client) => client.end().catch(() => undefined)));
      if (this.database && this.keepDb) {
        log(`kept database ${this.database} (${databaseUrl(this.database)}); drop it when done`);
      } else if (this.database) {
        await dropDatabase(this.database).then(
          () => log(`dropped database ${this.database}`),
          (error: unknown) => log(`could not drop database ${this.database}: ${String(error)}`),
        );
      }
      if (this.redisPrefix) {
        await deleteRedisKeys(this.redisUrl, this.redisPrefix).then(
          (count) => log(`deleted ${count} Redis key(s) under ${this.redisPrefix}`),
          (error: unknown) => log(`could not delete Redis keys ${this.redisPrefix}*: ${String(error)}`),
        );
      }
      this.logFile?.end();
    })();
    return this.cleaning;
  }

  /**
   * Runs the benchmark as the process's work: exit 0 after it and the clean-up, 1 on a failure, 2 on a
   * UsageError, 130 on Ctrl-C or SIGTERM (which clean up first).
   */
  main(body: () => Promise<void>): void {
    const interrupted = (signal: NodeJS.Signals) => {
      this.stopping = true;
      log(`\n${signal}: stopping and cleaning up…`);
      void this.cleanup().finally(() => process.exit(130));
    };
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
    body()
      .then(() => this.cleanup())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          // After Ctrl-C the run fails on closed connections: the cleanup already under way is what matters.
          if (this.stopping) return;
          process.stderr.write(
            `benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
          );
          void this.cleanup().finally(() => process.exit(error instanceof UsageError ? 2 : 1));
        },
      );
  }
}

/** Why a child is no longer running, or null while it runs. */
export function exitedEarly(child: Child): string | null {
  const { exitCode, signalCode } = child.process;
  return exitCode !== null ? `exit code ${exitCode}` : signalCode !== null ? `signal ${signalCode}` : null;
}

/** Waits until `probe` answers true, failing when the child exits first or after `timeoutMs`. */
export async function waitReady(
  child: Child,
  probe: () => Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = nowMs() + timeoutMs;
  for (;;) {
    const died = exitedEarly(child);
    if (died) throw new Error(`${child.name} exited (${died}) before it was ready:\n${child.tail()}`);
    if (await probe().catch(() => false)) return;
    if (nowMs() > deadline)
      throw new Error(`${child.name} not ready after ${timeoutMs} ms:\n${child.tail()}`);
    await sleep(100);
  }
}

async function deleteRedisKeys(url: string, prefix: string): Promise<number> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await redis.connect();
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
