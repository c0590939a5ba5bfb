/**
 * Chat fan-out load benchmark (a script, not a Jest test).
 *
 * N socket.io-client connections (default 1,000) join the channels of one theme (100 per channel), and
 * members send messages at a fixed total rate through the full stack: JWT auth at connection, `message:send`
 * validated, rights checked, stored in PostgreSQL, broadcast through the Redis adapter. Receivers time every
 * delivery (send → `message:new`) and count it per message, so losses and duplicates show. In the same run the
 * same clients and load go to a bare Socket.IO server (test/bench/bare-server.ts: no database, no auth, no
 * adapter) and the two are compared.
 *
 *   npm run bench:chat                  # 1,000 clients: 200 msgs/s fixed step, then the ramp (~5 min)
 *   npm run bench:chat -- --quick       # 200 clients, short steps: a sanity run
 *   npm run bench:chat -- --help        # every option
 *
 * Everything it needs it starts itself: a fresh database (dropped at the end), the built api and the bare
 * server as child processes, a Redis key prefix of its own (deleted at the end). PostgreSQL and Redis must
 * be running (TEST_DATABASE_ADMIN_URL / REDIS_URL, or the local defaults).
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { JwtService } from '@nestjs/jwt';
import argon2 from 'argon2';
import { Client } from 'pg';
import { io, type Socket } from 'socket.io-client';
import {
  BenchRun,
  cpuBetween,
  cpuSnapshot,
  exitedEarly,
  exitWithHelpIfAsked,
  int,
  log,
  logBackgroundLoad,
  logMarkdown,
  machineDescription,
  memoryMb,
  nowMs,
  pct,
  pinoLevel,
  repoRoot,
  sleep,
  UsageError,
  waitReady,
  type Child,
  type CpuPercent,
  type CpuSnapshot,
} from './harness';
import { freePort } from '../support/api-process';

// ---------------------------------------------------------------------------------------------------------
// Options

type Mode = 'both' | 'fixed' | 'ramp';
type ServerKind = 'full' | 'bare';

interface Options {
  clients: number;
  channels: number;
  rate: number;
  seconds: number;
  warmup: number;
  mode: Mode;
  rampStart: number;
  rampStep: number;
  rampSeconds: number;
  maxRate: number;
  p99Limit: number;
  aimP99: number;
  aimRatio: number;
  servers: ServerKind[];
  connectBatch: number;
  poolSize: number;
  drainSeconds: number;
  quick: boolean;
  /** Where to write the servers' whole output (by default only its tail is kept, for errors). */
  serverLog: string | null;
  /** Before a step, wait up to this long for other work on the machine to stop. */
  quietWait: number;
  /** "Other" CPU (% of one core) below which the machine counts as quiet. */
  quietLimit: number;
  /** "Other" CPU during a step above which the step is marked disturbed (and retried once if it failed). */
  disturbLimit: number;
  keepDb: boolean;
  /** Where the api writes its CPU profile (--cpu-prof), or null. */
  profileDir: string | null;
}

const DEFAULTS: Options = {
  clients: 1000,
  channels: 10,
  rate: 200,
  seconds: 10,
  warmup: 2,
  mode: 'both',
  rampStart: 200,
  rampStep: 200,
  rampSeconds: 5,
  maxRate: 6000,
  p99Limit: 100,
  aimP99: 50,
  aimRatio: 0.7,
  servers: ['full', 'bare'],
  connectBatch: 50,
  poolSize: 20,
  drainSeconds: 3,
  quick: false,
  serverLog: null,
  quietWait: 30,
  quietLimit: 15,
  disturbLimit: 25,
  keepDb: false,
  profileDir: null,
};

const QUICK: Partial<Options> = {
  clients: 200,
  channels: 2,
  rate: 100,
  seconds: 3,
  warmup: 1,
  rampSeconds: 2,
  maxRate: 600,
};

const HELP = `Chat fan-out benchmark: full stack vs bare Socket.IO.

  --clients N        connections (default ${DEFAULTS.clients}), spread evenly over the channels
  --channels N       channels of the one theme (default ${DEFAULTS.channels})
  --rate N           total messages/s of the fixed step (default ${DEFAULTS.rate})
  --seconds S        measured seconds of the fixed step (default ${DEFAULTS.seconds})
  --warmup S         seconds sent at the step's rate before measuring (default ${DEFAULTS.warmup})
  --ramp             only the ramp (no fixed step)       --no-ramp   only the fixed step
  --ramp-start N     first ramp rate (default ${DEFAULTS.rampStart}; the fixed step is reused when it matches)
  --ramp-step N      ramp increment in messages/s (default ${DEFAULTS.rampStep})
  --ramp-seconds S   measured seconds per ramp step (default ${DEFAULTS.rampSeconds})
  --max-rate N       the ramp stops here (default ${DEFAULTS.maxRate})
  --p99-limit MS     a ramp step passes with p99 <= this and nothing lost (default ${DEFAULTS.p99Limit})
  --server full|bare|both   which servers to run (default both)
  --connect-batch N  connections opened at once (default ${DEFAULTS.connectBatch})
  --pool N           the api's DATABASE_POOL_SIZE (default ${DEFAULTS.poolSize})
  --drain S          longest wait for late deliveries after a step (default ${DEFAULTS.drainSeconds})
  --server-log FILE  append the servers' output to FILE
  --quiet-wait S     before each step wait up to S s for other processes to go below --quiet-limit
                     (default ${DEFAULTS.quietWait}; 0: never wait)
  --quiet-limit P    CPU of other processes, % of one core, that counts as quiet (default ${DEFAULTS.quietLimit})
  --disturb-limit P  a step during which other processes used more than P% of one core is marked
                     disturbed (*) and, if it failed, run once more (default ${DEFAULTS.disturbLimit})
  --keep-db          keep the database at the end (its name is printed) for inspection
  --profile DIR      run the api with --cpu-prof, its profile written to DIR when it exits
  --quick            sanity run: ${QUICK.clients} clients in ${QUICK.channels} channels, short steps (other flags still apply)
`;

function parseOptions(argv: string[]): Options {
  exitWithHelpIfAsked(argv, HELP);
  const quick = argv.includes('--quick');
  const options: Options = { ...DEFAULTS, ...(quick ? QUICK : {}), quick };
  const numeric: Record<string, keyof Options> = {
    '--clients': 'clients',
    '--channels': 'channels',
    '--rate': 'rate',
    '--seconds': 'seconds',
    '--warmup': 'warmup',
    '--ramp-start': 'rampStart',
    '--ramp-step': 'rampStep',
    '--ramp-seconds': 'rampSeconds',
    '--max-rate': 'maxRate',
    '--p99-limit': 'p99Limit',
    '--connect-batch': 'connectBatch',
    '--pool': 'poolSize',
    '--drain': 'drainSeconds',
    '--quiet-wait': 'quietWait',
    '--quiet-limit': 'quietLimit',
    '--disturb-limit': 'disturbLimit',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--quick') continue;
    if (flag === '--ramp') options.mode = 'ramp';
    else if (flag === '--no-ramp') options.mode = 'fixed';
    else if (flag === '--keep-db') options.keepDb = true;
    else if (flag === '--server') {
      const value = argv[++i];
      if (value !== 'full' && value !== 'bare' && value !== 'both') throw new UsageError(`--server ${value}`);
      options.servers = value === 'both' ? ['full', 'bare'] : [value];
    } else if (flag === '--profile') {
      const value = argv[++i];
      if (!value) throw new UsageError('--profile needs a directory');
      options.profileDir = resolve(value);
    } else if (flag === '--server-log') {
      options.serverLog = argv[++i] ?? null;
      if (!options.serverLog) throw new UsageError('--server-log needs a file');
    } else if (flag in numeric) {
      const value = Number(argv[++i]);
      if (!Number.isFinite(value) || value < 0) throw new UsageError(`${flag} needs a number`);
      (options as unknown as Record<string, number>)[numeric[flag]] = value;
    } else {
      throw new UsageError(`unknown option ${flag}`);
    }
  }
  if (options.clients < 2 * options.channels) throw new UsageError('need at least 2 clients per channel');
  if (options.rate <= 0 || options.rampStep <= 0 || options.rampStart <= 0) {
    throw new UsageError('rates must be positive');
  }
  return options;
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers

async function waitUntil(condition: () => boolean, timeoutMs: number, pollMs = 20): Promise<boolean> {
  const deadline = nowMs() + timeoutMs;
  while (!condition()) {
    if (nowMs() > deadline) return false;
    await sleep(pollMs);
  }
  return true;
}

class Samples {
  private data = new Float64Array(4096);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  sorted(): Float64Array {
    return this.data.slice(0, this.length).sort();
  }
}

/** Nearest-rank percentile of sorted values (NaN when there are none). */
function percentile(sorted: Float64Array, q: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const ms = (value: number) =>
  !Number.isFinite(value) ? '–' : value < 10 ? value.toFixed(1) : Math.round(value).toString();

// ---------------------------------------------------------------------------------------------------------
// The run (test/bench/harness.ts): child processes, the database and Redis keys, CPU readings

const run = new BenchRun({ errorLevel: 50, stopGraceMs: 10_000 });
const sockets = new Set<BenchSocket>();
run.onCleanup(() => {
  for (const socket of sockets) socket.disconnect();
  sockets.clear();
});

/** CPU in % of one core: the load generator (this process), the server process, PostgreSQL, Redis, other. */
type StepCpu = CpuPercent<'server'> & { loadgen: number };

const stepCpuSnapshot = (serverPid: number | undefined) =>
  cpuSnapshot(run.database, { server: { pid: serverPid } });

function stepCpu(a: CpuSnapshot<'server'>, b: CpuSnapshot<'server'>): StepCpu {
  const cpu = cpuBetween(a, b);
  return { ...cpu, loadgen: cpu.self };
}

// ---------------------------------------------------------------------------------------------------------
// The product side: database, seed, api

interface Target {
  kind: ServerKind;
  label: string;
  url: string;
  child: Child;
  channelIds: string[];
  /** Per client index: the access token (the bare server ignores it). */
  tokens: string[];
}

/** 1,000 members with one precomputed password hash, a theme they all follow and its channels. */
async function seed(
  dbUrl: string,
  options: Options,
  jwtSecret: string,
): Promise<{ channelIds: string[]; tokens: string[] }> {
  const passwordHash = await argon2.hash('bench-password-never-used', { type: argon2.argon2id });
  const client = new Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const members = await client.query<{ id: string }>(
      `INSERT INTO members (email, password_hash, display_name)
       SELECT 'bench-' || i || '@bench.invalid', $1, 'ベンチ会員 ' || i FROM generate_series(1, $2::int) AS i
       RETURNING id`,
      [passwordHash, options.clients],
    );
    const theme = await client.query<{ id: string }>(
      `INSERT INTO themes (slug, title, status) VALUES ('bench-fanout', 'ベンチ Fan-out', 'active') RETURNING id`,
    );
    const themeId = theme.rows[0].id;
    const channels = await client.query<{ id: string }>(
      `INSERT INTO channels (theme_id, slug, name)
       SELECT $1, 'bench-' || i, 'Bench ' || i FROM generate_series(1, $2::int) AS i RETURNING id`,
      [themeId, options.channels],
    );
    await client.query(`INSERT INTO theme_follows (theme_id, member_id) SELECT $1, id FROM members`, [
      themeId,
    ]);
    // As a database that has been running a while would have them: statistics for the planner.
    await client.query('ANALYZE');
    const jwt = new JwtService({ secret: jwtSecret });
    const tokens = members.rows.map((member) =>
      jwt.sign(
        { sub: member.id, role: 'member', typ: 'access' },
        { algorithm: 'HS256', expiresIn: 3600, secret: jwtSecret },
      ),
    );
    return { channelIds: channels.rows.map((row) => row.id), tokens };
  } finally {
    await client.end();
  }
}

async function startFullStack(root: string, options: Options): Promise<Target> {
  const apiEntry = join(root, 'dist/apps/api/src/main.js');
  const migrateEntry = join(root, 'dist/libs/database/src/migrate.js');
  if (!existsSync(apiEntry) || !existsSync(migrateEntry)) {
    throw new Error(`${apiEntry} is missing: run \`npm run build\` first (npm run bench:chat does)`);
  }
  const { database, url: dbUrl } = await run.createDatabase();
  const port = await freePort();
  const env = run.appEnv(dbUrl, {
    PORT: String(port),
    DATABASE_POOL_SIZE: String(options.poolSize),
    // The per-member send limit (20 per 10 s by default) and the per-connection event budget must not
    // shape the load.
    CHAT_RATE_LIMIT_MESSAGES: '100000',
    SOCKET_EVENT_BURST: '100000',
    SOCKET_EVENT_RATE_PER_SECOND: '100000',
  });

  let started = nowMs();
  await run.migrate(root, env);
  const seeded = await seed(dbUrl, options, env.JWT_SECRET);
  log(
    `  database ${database}: migrated and seeded ${options.clients} members, 1 theme, ` +
      `${options.channels} channels in ${int(nowMs() - started)} ms`,
  );

  started = nowMs();
  const profile = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const child = run.spawn('api', [...profile, '--enable-source-maps', apiEntry], env, root);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(child, async () => (await fetch(`${url}/api/health`)).ok);
  log(`  api (pid ${child.process.pid}) ready on ${url} in ${int(nowMs() - started)} ms`);
  return { kind: 'full', label: 'full stack', url, child, ...seeded };
}

async function startBare(root: string, options: Options): Promise<Target> {
  const entry = join(__dirname, 'bare-server.js');
  if (!existsSync(entry))
    throw new Error(`${entry} is missing: compile test/bench (npm run bench:chat does)`);
  const port = await freePort();
  const started = nowMs();
  const child = run.spawn('bare server', ['--enable-source-maps', entry, String(port)], {}, root);
  await waitReady(child, () => Promise.resolve(/listening on/.test(child.tail())));
  log(`  bare server (pid ${child.process.pid}) ready on port ${port} in ${int(nowMs() - started)} ms`);
  return {
    kind: 'bare',
    label: 'bare socket.io',
    url: `http://127.0.0.1:${port}`,
    child,
    channelIds: Array.from({ length: options.channels }, () => randomUUID()),
    tokens: Array.from({ length: options.clients }, () => 'bare'),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Clients

interface WireMessage {
  channelId?: string;
  body?: string;
}

interface AckResponse {
  ok?: boolean;
  error?: { code?: string; message?: string };
}

interface ServerEvents {
  'message:new': (message: WireMessage) => void;
  presence: (event: { memberIds?: unknown[] }) => void;
}

interface ClientEvents {
  'channel:join': (payload: { channelId: string }, ack: (response: AckResponse) => void) => void;
  'message:send': (
    payload: { channelId: string; body: string; clientMessageId: string },
    ack: (response: AckResponse) => void,
  ) => void;
}

type BenchSocket = Socket<ServerEvents, ClientEvents>;

interface BenchClient {
  socket: BenchSocket;
  channel: number;
  /** Position among the channel's clients. */
  slot: number;
}

interface Fleet {
  clients: BenchClient[];
  byChannel: BenchClient[][];
  presenceEvents: number;
  presenceIds: number;
  unexpectedDisconnects: number;
  closing: boolean;
  /** How long connecting and joining took. */
  ms: number;
}

interface SentMessage {
  channel: number;
  senderSlot: number;
  body: string;
  measured: boolean;
  received: Uint8Array;
}

/** What receivers and acks write into while a step runs. */
interface StepState {
  messages: Map<string, SentMessage>;
  windowStart: number;
  windowEnd: number;
  latencies: Samples;
  ackLatencies: Samples;
  deliveriesInWindow: number;
  acksInWindow: number;
  pendingAcks: number;
  pendingDeliveries: number;
  duplicates: number;
  misrouted: number;
  echoes: number;
  unknown: number;
  corrupted: number;
  errors: Map<string, number>;
  maxSendLag: number;
  payloadBytes: number;
}

let current: StepState | null = null;
let strayDeliveries = 0;

function onDelivery(client: BenchClient, message: WireMessage): void {
  const receivedAt = nowMs();
  const step = current;
  if (!step) {
    strayDeliveries++;
    return;
  }
  // The sender's clientMessageId travels in the body (`… #<id> t=…`): the api's message:new leaves it out.
  const record = step.messages.get(/ #(\S+) t=/.exec(message?.body ?? '')?.[1] ?? '');
  if (!record) {
    step.unknown++;
    return;
  }
  if (record.channel !== client.channel) {
    step.misrouted++;
    return;
  }
  if (client.slot === record.senderSlot) {
    step.echoes++;
    return;
  }
  if (record.received[client.slot]) {
    step.duplicates++;
    return;
  }
  record.received[client.slot] = 1;
  step.pendingDeliveries--;
  if (receivedAt >= step.windowStart && receivedAt <= step.windowEnd) step.deliveriesInWindow++;
  if (!record.measured) return;
  if (message.body !== record.body) step.corrupted++;
  // The send time travels in the body: `… t=<epoch ms>`.
  const body = message.body ?? '';
  const sentAtWall = Number(body.slice(body.lastIndexOf(' t=') + 3));
  if (Number.isFinite(sentAtWall)) step.latencies.push(performance.timeOrigin + receivedAt - sentAtWall);
  if (!step.payloadBytes) step.payloadBytes = Buffer.byteLength(JSON.stringify(message));
}

function openSocket(url: string, token: string): Promise<BenchSocket> {
  const socket: BenchSocket = io(`${url}/chat`, {
    transports: ['websocket'],
    auth: { token },
    forceNew: true,
    reconnection: false,
    timeout: 60_000,
  });
  sockets.add(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      const code = (error as Error & { data?: { code?: string } }).data?.code ?? '';
      reject(new Error(`connection refused: ${error.message} ${code}`));
    });
  });
}

async function connectFleet(target: Target, options: Options): Promise<Fleet> {
  const started = nowMs();
  const fleet: Fleet = {
    clients: [],
    byChannel: Array.from({ length: options.channels }, () => []),
    presenceEvents: 0,
    presenceIds: 0,
    unexpectedDisconnects: 0,
    closing: false,
    ms: 0,
  };
  let lastReport = started;
  for (let first = 0; first < options.clients; first += options.connectBatch) {
    const batch = Array.from(
      { length: Math.min(options.connectBatch, options.clients - first) },
      (_, k) => first + k,
    );
    await Promise.all(
      batch.map(async (index) => {
        const channel = index % options.channels;
        const socket = await openSocket(target.url, target.tokens[index]);
        const client: BenchClient = { socket, channel, slot: Math.floor(index / options.channels) };
        socket.on('message:new', (message) => onDelivery(client, message));
        socket.on('presence', (event) => {
          fleet.presenceEvents++;
          fleet.presenceIds += Array.isArray(event?.memberIds) ? event.memberIds.length : 0;
        });
        socket.on('disconnect', () => {
          if (!fleet.closing) fleet.unexpectedDisconnects++;
        });
        const ack = await socket.timeout(120_000).emitWithAck('channel:join', {
          channelId: target.channelIds[channel],
        });
        if (ack?.ok !== true) throw new Error(`channel:join refused: ${JSON.stringify(ack)}`);
        fleet.clients[index] = client;
      }),
    );
    if (nowMs() - lastReport > 5000) {
      lastReport = nowMs();
      log(`    … ${first + batch.length}/${options.clients} joined after ${int(lastReport - started)} ms`);
    }
  }
  for (const client of fleet.clients) fleet.byChannel[client.channel][client.slot] = client;
  fleet.ms = nowMs() - started;
  return fleet;
}

function closeFleet(fleet: Fleet): void {
  fleet.closing = true;
  for (const { socket } of fleet.clients) {
    socket.disconnect();
    sockets.delete(socket);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Steps

interface StepResult {
  server: ServerKind;
  label: string;
  rate: number;
  seconds: number;
  offeredDeliveries: number;
  sends: number;
  ackedPerSecond: number;
  deliveredPerSecond: number;
  latency: { count: number; p50: number; p95: number; p99: number; max: number };
  ack: { p50: number; p99: number };
  /** Deliveries missing when the drain time ran out (late or never). */
  lost: number;
  /** Of those, the ones still missing once the server had acked every send (plus a few seconds). */
  neverDelivered: number;
  duplicates: number;
  misrouted: number;
  echoes: number;
  unknown: number;
  corrupted: number;
  errors: Record<string, number>;
  errorCount: number;
  unacked: number;
  maxSendLagMs: number;
  loopDelayP99Ms: number;
  payloadBytes: number;
  cpu: StepCpu;
  /** p99 within the limit, every message delivered once, no error, throughput kept up. */
  pass: boolean;
  /** Other processes used more than --disturb-limit of CPU during the step. */
  disturbed: boolean;
}

const FILLER = '塩尻の木曽漆器とワインの話、次の集まりでしましょう。Let us talk about it at the next meetup.';
let messageCounter = 0;

/** Deliveries not (yet) received: per message, every member of its channel but the sender. */
function missingDeliveries(step: StepState): number {
  let missing = 0;
  for (const record of step.messages.values()) {
    for (let slot = 0; slot < record.received.length; slot++) {
      if (slot !== record.senderSlot && !record.received[slot]) missing++;
    }
  }
  return missing;
}

/**
 * Sends at `rate` for warm-up + measured seconds (open loop: a send never waits for an earlier one), then
 * waits for late deliveries and acks and summarises the measured window.
 */
async function runStep(
  target: Target,
  fleet: Fleet,
  options: Options,
  rate: number,
  seconds: number,
  label: string,
): Promise<StepResult> {
  const channels = fleet.byChannel.length;
  const nextSender = new Array<number>(channels).fill(0);
  const step: StepState = {
    messages: new Map(),
    windowStart: Number.POSITIVE_INFINITY,
    windowEnd: Number.POSITIVE_INFINITY,
    latencies: new Samples(),
    ackLatencies: new Samples(),
    deliveriesInWindow: 0,
    acksInWindow: 0,
    pendingAcks: 0,
    pendingDeliveries: 0,
    duplicates: 0,
    misrouted: 0,
    echoes: 0,
    unknown: 0,
    corrupted: 0,
    errors: new Map(),
    maxSendLag: 0,
    payloadBytes: 0,
  };
  current = step;
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });

  const send = (index: number, dueAt: number) => {
    const channel = index % channels;
    const members = fleet.byChannel[channel];
    const senderSlot = nextSender[channel]++ % members.length;
    const sender = members[senderSlot];
    const clientMessageId = `b${++messageCounter}`;
    const emittedAt = nowMs();
    const body = `${FILLER} #${clientMessageId} t=${(performance.timeOrigin + emittedAt).toFixed(3)}`;
    const measured = dueAt >= step.windowStart;
    step.messages.set(clientMessageId, {
      channel,
      senderSlot,
      body,
      measured,
      received: new Uint8Array(members.length),
    });
    step.pendingAcks++;
    step.pendingDeliveries += members.length - 1;
    if (measured) step.maxSendLag = Math.max(step.maxSendLag, emittedAt - dueAt);
    sender.socket
      .emitWithAck('message:send', { channelId: target.channelIds[channel], body, clientMessageId })
      .then(
        (ack) => {
          const at = nowMs();
          step.pendingAcks--;
          if (ack?.ok === true) {
            if (measured) step.ackLatencies.push(at - emittedAt);
            if (at >= step.windowStart && at <= step.windowEnd) step.acksInWindow++;
          } else {
            const code = ack?.error?.code ?? 'NO_CODE';
            step.errors.set(code, (step.errors.get(code) ?? 0) + 1);
          }
        },
        (error: unknown) => {
          step.pendingAcks--;
          const code = error instanceof Error ? error.message : 'ACK_FAILED';
          step.errors.set(code, (step.errors.get(code) ?? 0) + 1);
        },
      );
  };

  const warmupMs = options.warmup * 1000;
  const windowMs = seconds * 1000;
  const interval = 1000 / rate;
  const total = Math.round((rate * (warmupMs + windowMs)) / 1000);
  const cpuStart = await stepCpuSnapshot(target.child.process.pid);
  const started = nowMs();
  step.windowStart = started + warmupMs;
  step.windowEnd = started + warmupMs + windowMs;
  let sent = 0;
  let measuring = false;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = nowMs();
      if (!measuring && now >= step.windowStart) {
        measuring = true;
        loopDelay.enable();
      }
      while (sent < total && started + sent * interval <= now) {
        send(sent, started + sent * interval);
        sent++;
      }
      if (sent >= total) return resolve();
      setTimeout(tick, Math.max(0, started + sent * interval - nowMs()));
    };
    tick();
  });
  await sleep(Math.max(0, step.windowEnd - nowMs()));
  loopDelay.disable();
  const cpuEnd = await stepCpuSnapshot(target.child.process.pid);
  const cpu = stepCpu(cpuStart, cpuEnd);

  // Late deliveries: wait until every message reached every receiver and was acked, or the drain time.
  await waitUntil(() => step.pendingAcks === 0 && step.pendingDeliveries === 0, options.drainSeconds * 1000);

  const lost = missingDeliveries(step);
  let measuredSends = 0;
  let offeredDeliveries = 0;
  for (const record of step.messages.values()) if (record.measured) measuredSends++;
  for (const members of fleet.byChannel) offeredDeliveries += (rate / channels) * (members.length - 1);
  const latencies = step.latencies.sorted();
  const acks = step.ackLatencies.sorted();
  const errorCount = [...step.errors.values()].reduce((sum, count) => sum + count, 0);
  const unacked = step.pendingAcks;
  const deliveredPerSecond = step.deliveriesInWindow / seconds;
  const result: StepResult = {
    server: target.kind,
    label,
    rate,
    seconds,
    offeredDeliveries,
    sends: measuredSends,
    ackedPerSecond: step.acksInWindow / seconds,
    deliveredPerSecond,
    latency: {
      count: latencies.length,
      p50: percentile(latencies, 0.5),
      p95: percentile(latencies, 0.95),
      p99: percentile(latencies, 0.99),
      max: latencies.length ? latencies[latencies.length - 1] : Number.NaN,
    },
    ack: { p50: percentile(acks, 0.5), p99: percentile(acks, 0.99) },
    lost,
    neverDelivered: lost,
    duplicates: step.duplicates,
    misrouted: step.misrouted,
    echoes: step.echoes,
    unknown: step.unknown,
    corrupted: step.corrupted,
    errors: Object.fromEntries(step.errors),
    errorCount,
    unacked,
    maxSendLagMs: step.maxSendLag,
    loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
    payloadBytes: step.payloadBytes,
    cpu,
    pass: false,
    disturbed: cpu.other > options.disturbLimit,
  };
  result.pass =
    result.latency.p99 <= options.p99Limit &&
    lost === 0 &&
    step.duplicates === 0 &&
    step.misrouted === 0 &&
    step.echoes === 0 &&
    step.corrupted === 0 &&
    errorCount === 0 &&
    unacked === 0 &&
    deliveredPerSecond >= 0.9 * offeredDeliveries;

  // Before the next step: let an overloaded server finish what it was sent (bounded), then tell deliveries
  // that were only late from those that never came, and count duplicates that came late.
  await waitUntil(() => step.pendingAcks === 0, 60_000);
  if (lost) await waitUntil(() => step.pendingDeliveries === 0, 5_000);
  current = null;
  result.neverDelivered = missingDeliveries(step);
  result.duplicates = step.duplicates;
  result.pass &&= step.duplicates === 0;
  await sleep(500);
  return result;
}

/** Other processes' CPU (% of one core) over one second, with the server idle or finishing its backlog. */
async function otherLoad(target: Target): Promise<number> {
  const before = await stepCpuSnapshot(target.child.process.pid);
  await sleep(1000);
  return cpuBetween(before, await stepCpuSnapshot(target.child.process.pid)).other;
}

async function waitForQuiet(target: Target, options: Options): Promise<void> {
  if (options.quietWait <= 0) return;
  const started = nowMs();
  let other = await otherLoad(target);
  if (other <= options.quietLimit) return;
  process.stdout.write(`${' '.repeat(16)}(other processes use ${pct(other)} of a core: waiting… `);
  while (other > options.quietLimit && nowMs() - started < options.quietWait * 1000) {
    other = await otherLoad(target);
  }
  const waited = ((nowMs() - started) / 1000).toFixed(0);
  log(
    other <= options.quietLimit
      ? `quiet after ${waited} s)`
      : `still ${pct(other)} after ${waited} s, going on)`,
  );
}

/** A step after waiting for a quiet machine; a failed step that other processes disturbed runs once more. */
async function measuredStep(
  target: Target,
  fleet: Fleet,
  options: Options,
  rate: number,
  seconds: number,
  label: string,
): Promise<StepResult> {
  await waitForQuiet(target, options);
  const result = await runStep(target, fleet, options, rate, seconds, label);
  printStep(result, target.label);
  if (result.pass || !result.disturbed || exitedEarly(target.child)) return result;
  log(`${' '.repeat(16)}↳ disturbed and failed: once more`);
  await waitForQuiet(target, options);
  const again = await runStep(target, fleet, options, rate, seconds, `${label}²`);
  printStep(again, target.label);
  return again;
}

// ---------------------------------------------------------------------------------------------------------
// Output

const COLUMNS: [string, number][] = [
  ['server', 14],
  ['step', 8],
  ['msgs/s', 7],
  ['acked/s', 8],
  ['deliv/s', 9],
  ['p50', 6],
  ['p95', 6],
  ['p99', 6],
  ['max', 6],
  ['ack50', 6],
  ['ack99', 6],
  ['lost', 6],
  ['dup', 4],
  ['err', 5],
  ['lag', 5],
  ['cpu% gen/srv/pg/rds/other', 26],
  ['', 4],
];

function row(cells: string[]): string {
  return cells
    .map((cell, i) => (i < 2 ? cell.padEnd(COLUMNS[i][1]) : cell.padStart(COLUMNS[i][1])))
    .join(' ');
}

function printHeader(): void {
  log(row(COLUMNS.map(([name]) => name)));
}

/** Every step run, in order, retries included: the Markdown lists them all. */
const printed: StepResult[] = [];

function printStep(result: StepResult, targetLabel: string): void {
  printed.push(result);
  const { cpu } = result;
  const cpuCell = [cpu.loadgen, cpu.server, cpu.postgres, cpu.redis, cpu.other]
    .map((value) => Math.round(value))
    .join('/');
  log(
    row([
      targetLabel,
      result.label,
      int(result.rate),
      int(result.ackedPerSecond),
      int(result.deliveredPerSecond),
      ms(result.latency.p50),
      ms(result.latency.p95),
      ms(result.latency.p99),
      ms(result.latency.max),
      ms(result.ack.p50),
      ms(result.ack.p99),
      int(result.lost),
      int(result.duplicates),
      int(result.errorCount + result.unacked),
      ms(result.maxSendLagMs),
      cpuCell,
      (result.pass ? 'ok' : 'FAIL') + (result.disturbed ? '*' : ''),
    ]),
  );
  const oddities = [
    result.misrouted && `${result.misrouted} misrouted`,
    result.echoes && `${result.echoes} echoed to sender`,
    result.corrupted && `${result.corrupted} corrupted`,
    result.unknown && `${result.unknown} unknown/late from an earlier step`,
    result.lost &&
      `${result.lost} deliveries missing when the drain ended: ${result.lost - result.neverDelivered} came later, ` +
        `${result.neverDelivered} never`,
    result.unacked && `${result.unacked} unacked when the drain ended`,
    Object.keys(result.errors).length && `errors ${JSON.stringify(result.errors)}`,
    result.loopDelayP99Ms > 50 && `load generator event-loop delay p99 ${ms(result.loopDelayP99Ms)} ms`,
    result.disturbed && `* disturbed: other processes used ${pct(result.cpu.other)} of a core`,
    !result.pass &&
      result.cpu.loadgen >= 90 &&
      `the load generator used ${pct(result.cpu.loadgen)} of its core: it, not only the server, is the limit here`,
  ].filter(Boolean);
  if (oddities.length) log(`${' '.repeat(16)}↳ ${oddities.join('; ')}`);
}

interface ServerReport {
  target: { kind: ServerKind; label: string };
  connectMs: number;
  presenceEvents: number;
  presenceIds: number;
  /** Presence events the clients received after they had all joined (during the steps). */
  presenceDuringSteps: number;
  unexpectedDisconnects: number;
  fixed: StepResult | null;
  ramp: StepResult[];
  best: StepResult | null;
  /** True when the ramp stopped at --max-rate while still passing (the real limit is higher). */
  capped: boolean;
  /** The ramp's lowest failing step above the best one: what stopped the ramp. */
  limit: StepResult | null;
  serverRssMb: number;
  serverLogLevels: Record<string, number>;
  serverErrors: string[];
  /** Set when the server process exited before the benchmark stopped it. */
  serverDied: string | null;
}

async function exercise(target: Target, options: Options): Promise<ServerReport> {
  if (exitedEarly(target.child)) {
    throw new Error(
      `${target.label} exited before its turn (${exitedEarly(target.child)}):\n${target.child.tail()}`,
    );
  }
  log(`  connecting ${options.clients} clients to ${target.label} (${options.connectBatch} at a time)…`);
  const fleet = await connectFleet(target, options);
  log(
    `  ${options.clients} joined in ${int(fleet.ms)} ms` +
      (fleet.presenceEvents
        ? `; meanwhile the clients received ${int(fleet.presenceEvents)} presence events ` +
          `carrying ${int(fleet.presenceIds)} member ids`
        : ''),
  );
  const report: ServerReport = {
    target: { kind: target.kind, label: target.label },
    connectMs: fleet.ms,
    presenceEvents: fleet.presenceEvents,
    presenceIds: fleet.presenceIds,
    presenceDuringSteps: 0,
    unexpectedDisconnects: 0,
    fixed: null,
    ramp: [],
    best: null,
    capped: false,
    limit: null,
    serverRssMb: Number.NaN,
    serverLogLevels: {},
    serverErrors: [],
    serverDied: null,
  };
  printHeader();
  if (options.mode !== 'ramp') {
    report.fixed = await measuredStep(target, fleet, options, options.rate, options.seconds, 'fixed');
  }
  if (options.mode !== 'fixed') {
    const step = (rate: number, label: string) =>
      measuredStep(target, fleet, options, rate, options.rampSeconds, label);
    let lastPass: StepResult | null = null;
    let firstFail: StepResult | null = null;
    // Up from --ramp-start by --ramp-step until a step fails.
    for (let rate = options.rampStart; rate <= options.maxRate && !exitedEarly(target.child);) {
      const reuse = report.fixed && report.fixed.rate === rate ? report.fixed : null;
      const result = reuse ?? (await step(rate, 'ramp'));
      report.ramp.push(result);
      if (!result.pass) {
        firstFail = result;
        break;
      }
      lastPass = result;
      rate += options.rampStep;
    }
    // When even the first rate failed: halve it until a rate passes.
    const floor = Math.max(10, options.rampStep / 8);
    for (let rate = Math.floor((firstFail?.rate ?? 0) / 2); !lastPass && rate >= floor;) {
      if (exitedEarly(target.child)) break;
      const result = await step(rate, 'down');
      report.ramp.push(result);
      if (result.pass) lastPass = result;
      else {
        firstFail = result;
        rate = Math.floor(rate / 2);
      }
    }
    // One refinement between the last passing and the first failing rate.
    if (lastPass && firstFail && !exitedEarly(target.child)) {
      const gap = firstFail.rate - lastPass.rate;
      const grain = gap >= 200 ? 50 : 10;
      const middle = Math.round((lastPass.rate + firstFail.rate) / 2 / grain) * grain;
      if (gap >= 2 * grain && middle > lastPass.rate && middle < firstFail.rate) {
        const result = await step(middle, 'refine');
        report.ramp.push(result);
        if (result.pass) lastPass = result;
      }
    }
    report.best = lastPass;
    report.capped = !firstFail && lastPass !== null;
    report.limit =
      report.ramp
        .filter((r) => !r.pass && r.rate > (lastPass?.rate ?? 0))
        .sort((x, y) => x.rate - y.rate)[0] ?? null;
  }
  report.unexpectedDisconnects = fleet.unexpectedDisconnects;
  report.presenceDuringSteps = fleet.presenceEvents - report.presenceEvents;
  report.serverRssMb = (await memoryMb(target.child.process.pid)).now;
  report.serverDied = exitedEarly(target.child);
  if (report.serverDied) {
    log(`  !! ${target.label} server exited during the run (${report.serverDied}); its last output:`);
    log(target.child.tail().slice(-4000).replace(/^/gm, '     | '));
  }
  // Stop the server before closing the clients (see cleanup), then count what it logged.
  fleet.closing = true;
  await run.stop(target.child);
  closeFleet(fleet);
  report.serverLogLevels = Object.fromEntries(
    [...target.child.levels].map(([level, count]) => [pinoLevel(level), count]),
  );
  report.serverErrors = target.child.firstErrors;
  if (fleet.unexpectedDisconnects)
    log(`  ${fleet.unexpectedDisconnects} client(s) were disconnected during the run`);
  return report;
}

function verdict(ok: boolean): string {
  return ok ? 'PASS' : 'MISS';
}

function fixedAim(result: StepResult | null, options: Options): boolean {
  return (
    !!result &&
    result.latency.p99 < options.aimP99 &&
    result.lost === 0 &&
    result.duplicates === 0 &&
    result.errorCount === 0 &&
    result.unacked === 0
  );
}

function summarize(reports: ServerReport[], options: Options, machine: string): void {
  const full = reports.find((r) => r.target.kind === 'full');
  const bare = reports.find((r) => r.target.kind === 'bare');
  const perChannel = options.clients / options.channels;
  log('');
  log('== Summary ==');
  log(machine);
  log(
    `${options.clients} clients in ${options.channels} channels of ${perChannel}; ` +
      `deliveries per message = members in channel − 1`,
  );
  for (const report of reports) {
    const r = report.fixed;
    log('');
    log(`${report.target.label}:`);
    log(
      `  connect + join of ${options.clients}: ${int(report.connectMs)} ms` +
        (report.presenceEvents
          ? ` (${int(report.presenceEvents)} presence events, ${int(report.presenceIds)} ids pushed to the clients)`
          : '') +
        `; presence events during the steps: ${int(report.presenceDuringSteps)}`,
    );
    if (r) {
      log(
        `  fixed ${int(r.rate)} msgs/s (${int(r.offeredDeliveries)} deliveries/s offered): delivered ${int(r.deliveredPerSecond)}/s, ` +
          `latency p50 ${ms(r.latency.p50)} / p95 ${ms(r.latency.p95)} / p99 ${ms(r.latency.p99)} / max ${ms(r.latency.max)} ms, ` +
          `ack p50 ${ms(r.ack.p50)} / p99 ${ms(r.ack.p99)} ms, not delivered within the drain ${r.lost} (never ${r.neverDelivered}), duplicated ${r.duplicates}, errors ${r.errorCount + r.unacked}`,
      );
      log(
        `  payload of message:new ≈ ${r.payloadBytes} bytes; CPU: load generator ${pct(r.cpu.loadgen)}, server ${pct(r.cpu.server)}` +
          (report.target.kind === 'full'
            ? `, postgres ${pct(r.cpu.postgres)}, redis ${pct(r.cpu.redis)}`
            : '') +
          `, other processes ${pct(r.cpu.other)}; machine ${pct(r.cpu.machine)} of ${cpus().length * 100}% (% of one core)`,
      );
    }
    if (options.mode !== 'fixed') {
      const b = report.best;
      log(
        b
          ? `  ramp: highest rate with p99 ≤ ${options.p99Limit} ms and nothing lost: ${int(b.rate)} msgs/s → ` +
              `${int(b.deliveredPerSecond)} deliveries/s (p99 ${ms(b.latency.p99)} ms)${report.capped ? ` — still passing at --max-rate, the limit is higher` : ''}`
          : `  ramp: no rate passed (p99 ≤ ${options.p99Limit} ms, nothing lost)`,
      );
    }
    if (report.limit && report.limit.cpu.loadgen >= 90) {
      log(
        `  the ramp stopped at ${int(report.limit.rate)} msgs/s with the load generator at ${pct(report.limit.cpu.loadgen)} ` +
          `of its core: this server's own limit is higher than measured here`,
      );
    }
    log(
      `  server RSS at the end ${int(report.serverRssMb)} MB; server log lines ${JSON.stringify(report.serverLogLevels)}`,
    );
    for (const line of report.serverErrors) log(`    server error: ${line}`);
  }
  log('');
  log('Aims:');
  if (full && options.mode !== 'ramp') {
    log(
      `  full stack at ${options.rate} msgs/s: p99 < ${options.aimP99} ms, no loss or duplicate: ` +
        verdict(fixedAim(full.fixed, options)),
    );
  }
  const ratio =
    full?.best && bare?.best ? full.best.deliveredPerSecond / bare.best.deliveredPerSecond : Number.NaN;
  if (full && bare && options.mode !== 'fixed') {
    log(
      `  highest delivery rate at p99 ≤ ${options.p99Limit} ms, full stack / bare: ` +
        `${int(full.best?.deliveredPerSecond ?? 0)} / ${int(bare.best?.deliveredPerSecond ?? 0)} = ` +
        `${Number.isFinite(ratio) ? ratio.toFixed(2) : '–'} (aim ≥ ${options.aimRatio}): ` +
        verdict(ratio >= options.aimRatio) +
        (bare.capped || (bare.limit && bare.limit.cpu.loadgen >= 90)
          ? ' (the bare figure is limited by the load generator: the true ratio is lower)'
          : ''),
    );
  }
  const disturbed = printed.filter((r) => r.disturbed);
  if (disturbed.length) {
    log(
      `  note: ${disturbed.length} of ${printed.length} steps ran while other processes used more than ` +
        `${options.disturbLimit}% of a core (marked *): on a shared machine their figures are pessimistic`,
    );
  }
  markdown(reports, options, machine, ratio);
}

function markdown(reports: ServerReport[], options: Options, machine: string, ratio: number): void {
  const lines: string[] = [];
  lines.push(`### Chat fan-out, ${new Date().toISOString().slice(0, 10)}`);
  lines.push('');
  lines.push(
    `${machine}. ${options.clients} clients in ${options.channels} channels of ${options.clients / options.channels}.`,
  );
  lines.push('');
  lines.push(
    '| server | step | msgs/s | deliveries/s | p50 ms | p95 ms | p99 ms | max ms | ack p99 ms | lost | dup | errors | CPU % server / pg / loadgen / other |',
  );
  lines.push('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of printed) {
    const label = reports.find((report) => report.target.kind === r.server)?.target.label ?? r.server;
    const cpu = [r.cpu.server, r.server === 'full' ? r.cpu.postgres : Number.NaN, r.cpu.loadgen, r.cpu.other];
    lines.push(
      `| ${label} | ${r.label}${r.pass ? '' : ' ✗'}${r.disturbed ? ' *' : ''} | ${int(r.rate)} | ${int(r.deliveredPerSecond)} | ` +
        `${ms(r.latency.p50)} | ${ms(r.latency.p95)} | ${ms(r.latency.p99)} | ${ms(r.latency.max)} | ${ms(r.ack.p99)} | ` +
        `${r.lost}${r.lost ? ` (${r.neverDelivered} never)` : ''} | ${r.duplicates} | ${r.errorCount + r.unacked} | ${cpu.map((v) => (Number.isFinite(v) ? Math.round(v) : '–')).join(' / ')} |`,
    );
  }
  lines.push('');
  lines.push(
    '✗ failed the step (p99 over the limit, or a loss, duplicate or error); * disturbed: other processes on the machine ' +
      `used more than ${options.disturbLimit}% of a core during the step; ² the step run again after a disturbed failure. ` +
      `lost: deliveries missing ${options.drainSeconds} s after the last send (never: still missing once every send was acked); ` +
      'errors: error acks plus acks still missing then. Latencies from send to `message:new`, over the measured window.',
  );
  const full = reports.find((r) => r.target.kind === 'full');
  const bare = reports.find((r) => r.target.kind === 'bare');
  lines.push('');
  if (full && options.mode !== 'ramp' && full.fixed) {
    lines.push(
      `- Fixed ${options.rate} msgs/s, full stack: p99 ${ms(full.fixed.latency.p99)} ms, lost ${full.fixed.lost} ` +
        `(${full.fixed.neverDelivered} never delivered), ` +
        `duplicated ${full.fixed.duplicates} — aim p99 < ${options.aimP99} ms with no loss: **${verdict(fixedAim(full.fixed, options))}**`,
    );
  }
  if (options.mode !== 'fixed') {
    for (const report of reports) {
      lines.push(
        `- Highest delivery rate with p99 ≤ ${options.p99Limit} ms, ${report.target.label}: ` +
          (report.best
            ? `${int(report.best.deliveredPerSecond)}/s (${int(report.best.rate)} msgs/s)${report.capped ? ', not reached by --max-rate' : ''}`
            : 'none'),
      );
    }
    if (full && bare) {
      lines.push(
        `- Ratio full stack / bare: ${Number.isFinite(ratio) ? ratio.toFixed(2) : '–'} — aim ≥ ${options.aimRatio}: **${verdict(ratio >= options.aimRatio)}**` +
          (bare.capped || (bare.limit && bare.limit.cpu.loadgen >= 90)
            ? ' (the bare figure is limited by the load generator, so the true ratio is lower)'
            : ''),
      );
    }
  }
  logMarkdown(lines);
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const root = repoRoot();
  run.keepDb = options.keepDb;
  run.logChildrenTo(options.serverLog);
  const machine = machineDescription('load generator on the same machine');
  log(`chat fan-out benchmark — run ${run.id}, ${new Date().toISOString()}`);
  log(machine);
  log(
    `${options.clients} clients, ${options.channels} channels; fixed ${options.rate} msgs/s × ${options.seconds} s ` +
      `(warm-up ${options.warmup} s); ramp from ${options.rampStart} by ${options.rampStep} × ${options.rampSeconds} s ` +
      `up to ${options.maxRate}; mode ${options.mode}; servers ${options.servers.join(', ')}`,
  );
  log(
    'columns: latencies in ms (send → message:new), ack = send → ack, lost/dup = deliveries, err = error or missing acks, ' +
      'lag = worst load-generator delay behind schedule (ms), cpu % of one core (other = processes not part of the run)',
  );
  await logBackgroundLoad();

  const reports: ServerReport[] = [];
  // The bare server starts first and idles until its turn: nothing it needs can go missing meanwhile
  // (a concurrent `npm run build` in the same work tree empties dist/).
  let bare: Target | null = null;
  if (options.servers.includes('bare')) {
    log('');
    log('bare Socket.IO server (no database, no auth, no adapter):');
    bare = await startBare(root, options);
  }
  if (options.servers.includes('full')) {
    log('');
    log('full stack (api + PostgreSQL + Redis adapter):');
    const target = await startFullStack(root, options);
    reports.push(await exercise(target, options));
  }
  if (bare) {
    log('');
    log('bare Socket.IO server (no database, no auth, no adapter):');
    reports.push(await exercise(bare, options));
  }
  if (strayDeliveries) log(`(${strayDeliveries} deliveries arrived between steps)`);
  summarize(reports, options, machine);
  log('');
}

run.main(main);
