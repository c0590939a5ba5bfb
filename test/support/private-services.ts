/**
 * A PostgreSQL cluster and a redis-server of a suite's own (free ports, a temp dir), which the suite may
 * stop, kill and start again; the machine's shared services are never touched. Used by test/faults.
 *
 * PostgreSQL refuses to run as root: when the tests run as root, initdb and postgres run as the
 * `postgres` OS user (Node's spawn `uid`/`gid`), in a temp dir that user owns.
 */
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { freePort } from './api-process';

export interface PrivateService {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:PORT/postgres` or `redis://127.0.0.1:PORT`. */
  readonly url: string;
  readonly running: boolean;
  /** Starts it (again) on the same port; resolves once it answers. PostgreSQL keeps its data, Redis starts empty. */
  start(): Promise<void>;
  /**
   * Stops it with this signal and waits for the exit. PostgreSQL: SIGINT is a fast shutdown (clients are
   * disconnected, the data is kept), SIGQUIT an immediate one (crash recovery at the next start).
   */
  stop(signal?: NodeJS.Signals): Promise<void>;
  /** What the server printed (the last 200 KB). */
  output(): string;
  /** Stops it if running and deletes its temp dir. */
  remove(): Promise<void>;
}

const OUTPUT_LIMIT = 200_000;
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 20_000;
const execFileAsync = promisify(execFile);

/** Children still running when the test process exits are killed, so a crashed suite leaves no server behind. */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

interface Owner {
  uid?: number;
  gid?: number;
}

/** Root runs PostgreSQL as `postgres`; anyone else runs it as themselves. */
function postgresOwner(): Owner {
  if (process.getuid?.() !== 0) return {};
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error('running as root, PostgreSQL needs a `postgres` OS user to run as (none found)');
  }
}

/** PG_BIN, else the newest /usr/lib/postgresql/<version>/bin, else whatever is on PATH. */
function postgresBin(program: string): string {
  if (process.env.PG_BIN) return join(process.env.PG_BIN, program);
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base)
    ? readdirSync(base)
        .filter((version) => existsSync(join(base, version, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  return versions.length ? join(base, versions[0], 'bin', program) : program;
}

/** One server process that can be started and stopped again with the same arguments. */
class ServerProcess implements PrivateService {
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();
  private log = '';

  constructor(
    readonly port: number,
    readonly url: string,
    private readonly dir: string,
    private readonly command: string,
    private readonly args: string[],
    private readonly owner: Owner,
    private readonly ready: () => Promise<boolean>,
    /** The quickest stop that still lets the server clean up after itself. */
    private readonly killSignal: NodeJS.Signals,
  ) {}

  get running(): boolean {
    return this.child !== null;
  }

  output(): string {
    return this.log;
  }

  async start(): Promise<void> {
    if (this.child) throw new Error(`${this.command} is already running`);
    const child = spawn(this.command, this.args, {
      ...this.owner,
      cwd: this.dir,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: this.dir, LC_ALL: 'C.UTF-8' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const append = (chunk: Buffer) => {
      this.log = (this.log + chunk.toString()).slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    let gone = false;
    this.exited = new Promise<void>((resolve) =>
      child.once('exit', () => {
        gone = true;
        live.delete(child);
        if (this.child === child) this.child = null;
        resolve();
      }),
    );
    this.child = child;
    live.add(child);
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await this.ready())) {
      if (gone) throw new Error(`${this.command} exited before it was ready:\n${this.log}`);
      if (Date.now() > deadline)
        throw new Error(`${this.command} not ready after ${READY_TIMEOUT_MS} ms:\n${this.log}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  async remove(): Promise<void> {
    await this.stop(this.killSignal);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A fresh PostgreSQL cluster (trust auth, user `postgres`, UTF-8, fsync off: no test survives a power cut). */
export async function startPrivatePostgres(): Promise<PrivateService> {
  const owner = postgresOwner();
  const dir = mkdtempSync(join(tmpdir(), 'salon-faults-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  if (owner.uid !== undefined && owner.gid !== undefined) chownSync(dir, owner.uid, owner.gid);
  const server = new ServerProcess(
    port,
    url,
    dir,
    postgresBin('postgres'),
    [
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-h',
      '127.0.0.1',
      '-c',
      'fsync=off',
      '-c',
      'full_page_writes=off',
    ],
    owner,
    async () => {
      const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.query('SELECT 1');
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    // Immediate shutdown: the postmaster takes its backends down with it (SIGKILL would orphan them).
    'SIGQUIT',
  );
  try {
    await execFileAsync(
      postgresBin('initdb'),
      ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync'],
      {
        ...owner,
        cwd: dir,
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LC_ALL: 'C.UTF-8' },
      },
    );
    await server.start();
  } catch (error) {
    await server.remove();
    throw error;
  }
  return server;
}

/** A redis-server without persistence: every start is an empty Redis, as after a crash of one without a disk. */
export async function startPrivateRedis(): Promise<PrivateService> {
  const dir = mkdtempSync(join(tmpdir(), 'salon-faults-redis-'));
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const server = new ServerProcess(
    port,
    url,
    dir,
    process.env.REDIS_SERVER_BIN ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    {},
    async () => {
      const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      redis.on('error', () => undefined);
      try {
        await redis.connect();
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      } finally {
        redis.disconnect();
      }
    },
    'SIGKILL',
  );
  try {
    await server.start();
  } catch (error) {
    await server.remove();
    throw error;
  }
  return server;
}
