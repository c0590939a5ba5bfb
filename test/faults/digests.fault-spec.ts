/**
 * Digests when things break: the worker killed mid-run, a run fired twice at once, Redis restarted
 * without its data. A member gets at most one digest per period whatever happens (mails are counted per
 * recipient at a real SMTP server), and a run that was interrupted still finishes.
 *
 * Members are seeded with SQL (they never sign in); runs are started by an admin over HTTP
 * (`POST /api/admin/digests/run`) on the built api; the built worker sends them.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '@app/queue';
import { startBuiltApp, startSmtpSink, type SmtpSink, type StartedProcess } from '@test/support';
import { apiEnv, kanjiTag, newMember, promote, startSalon, type Salon, type SignedUp } from '../e2e/fixture';
import type { ApiClient } from '../e2e/http';
import { eventually, sleep } from '../e2e/chat-client';
import { report, startFaultEnvironment, stillRunning, type FaultEnvironment } from './fault-environment';

/** The worker's default DIGEST_SEND_CONCURRENCY: at most this many digests can be cut by a kill. */
const SEND_CONCURRENCY = 32;

let env: FaultEnvironment;
let themeId: string;
let salon: Salon;
let http: ApiClient;
let admin: SignedUp;
const workers: StartedProcess[] = [];
const sinks: SmtpSink[] = [];

beforeAll(async () => {
  env = await startFaultEnvironment();
  // One active theme with a message this week: every member who follows it has something to read.
  const [theme] = await env.query<{ id: string }>(
    `INSERT INTO themes (slug, title, status) VALUES ('faults-digest', '障害試験のテーマ', 'active') RETURNING id`,
  );
  themeId = theme.id;
  await env.query(
    `WITH c AS (INSERT INTO channels (theme_id, slug, name, last_seq) VALUES ($1, 'general', '全体', 1) RETURNING id)
     INSERT INTO messages (channel_id, seq, kind, body) SELECT id, 1, 'user', '今週の話題: 障害試験' FROM c`,
    [themeId],
  );
  salon = await startSalon({ tag: 'digests', env: { LOGIN_RATE_LIMIT_PER_IP: '1000' } });
  http = salon.client;
  admin = await promote(http, await newMember(http, `配信 管理${kanjiTag()}`), 'admin');
  // The admin is not one of the members whose digests are counted.
  const off = await http.patch(
    '/api/members/me/notification-settings',
    { digest: 'off' },
    { token: admin.accessToken },
  );
  if (off.status !== 200)
    throw new Error(`turning the admin's digest off answered ${off.status}: ${off.text}`);
}, 60_000);

afterAll(async () => {
  await Promise.all([stopWorkers(), salon?.stop()]);
  await Promise.all(sinks.map((sink) => sink.close()));
  await env?.teardown();
}, 60_000);

async function sink(replyDelayMs = 0): Promise<SmtpSink> {
  const started = await startSmtpSink({ replyDelayMs });
  sinks.push(started);
  return started;
}

/** The same Redis key prefix for every worker and the cli of this file. */
function digestEnv(smtp: SmtpSink, extra: Record<string, string> = {}): Record<string, string> {
  // Ticks every 2 s: the scheduler's clean-up (interrupted sends) runs soon after the test asks for it.
  return apiEnv('digests', { SMTP_URL: smtp.url, DIGEST_TICK_SECONDS: '2', ...extra });
}

/** Stops the workers of the scenario before (SIGTERM: they finish their jobs), so each scenario has its own. */
async function stopWorkers(): Promise<void> {
  await Promise.all(workers.splice(0).map((started) => started.stop()));
}

async function worker(smtp: SmtpSink, extra: Record<string, string> = {}): Promise<StartedProcess> {
  const started = await startBuiltApp('worker', digestEnv(smtp, extra));
  workers.push(started);
  return started;
}

/**
 * `count` members following the theme, joined just now: an admin run (whose period ends when it starts)
 * is due for them, a scheduled tick is not (their scheduled period ended before they joined).
 */
async function seedMembers(tag: string, count: number): Promise<string[]> {
  const rows = await env.query<{ email: string }>(
    `WITH m AS (
       INSERT INTO members (email, password_hash, display_name, email_verified_at)
       SELECT 'digest-' || $1 || '-' || i || '@faults.example', 'fault suite: no sign-in', '読者 ' || $1 || ' ' || i,
              now()
         FROM generate_series(1, $2::int) AS i
       RETURNING id, email)
     , f AS (INSERT INTO theme_follows (theme_id, member_id) SELECT $3, id FROM m)
     SELECT email FROM m`,
    [tag, count, themeId],
  );
  return rows.map((row) => row.email);
}

/** An admin starts a weekly run; resolves with the run's id. */
async function startRun(): Promise<string> {
  const reply = await http.post<{ id: string }>(
    '/api/admin/digests/run',
    { frequency: 'weekly' },
    { token: admin.accessToken },
  );
  if (reply.status !== 202)
    throw new Error(`POST /api/admin/digests/run answered ${reply.status}: ${reply.text}`);
  return reply.body.id;
}

type Status = 'queued' | 'sending' | 'sent' | 'skipped' | 'failed';

/** The delivery rows of these members, by status. */
async function deliveries(emails: string[]): Promise<Record<Status, number>> {
  const rows = await env.query<{ status: Status; count: string }>(
    `SELECT d.status, count(*) FROM digest_deliveries d JOIN members m ON m.id = d.member_id
      WHERE m.email = ANY($1) GROUP BY d.status`,
    [emails],
  );
  const counts: Record<Status, number> = { queued: 0, sending: 0, sent: 0, skipped: 0, failed: 0 };
  for (const row of rows) counts[row.status] = Number(row.count);
  return counts;
}

/** These members' delivery rows in one status. */
function withStatus(emails: string[], status: Status): Promise<{ email: string; error: string | null }[]> {
  return env.query(
    `SELECT m.email, d.error FROM digest_deliveries d JOIN members m ON m.id = d.member_id
      WHERE m.email = ANY($1) AND d.status = $2`,
    [emails, status],
  );
}

/** Digests per member at the SMTP server (members with none included, as 0). */
function mailsPerMember(smtp: SmtpSink, emails: string[]): Map<string, number> {
  const counts = new Map(emails.map((email) => [email, 0]));
  for (const message of smtp.messages) {
    for (const to of message.to) if (counts.has(to)) counts.set(to, (counts.get(to) ?? 0) + 1);
  }
  return counts;
}

function histogram(counts: Map<string, number>): string {
  const byCount = new Map<number, number>();
  for (const count of counts.values()) byCount.set(count, (byCount.get(count) ?? 0) + 1);
  return [...byCount]
    .sort(([a], [b]) => a - b)
    .map(([mails, members]) => `${members} member(s) × ${mails} mail(s)`)
    .join(', ');
}

/**
 * A look at the digest-schedule queue (a connection of its own, closed after: Redis may be killed between
 * two looks).
 */
async function withScheduleQueue<T>(look: (queue: Queue) => Promise<T>): Promise<T> {
  const queue = new Queue(QUEUES.digestSchedule, {
    connection: { url: env.redis.url },
    prefix: `${apiEnv('digests').REDIS_KEY_PREFIX}bull`,
  });
  queue.on('error', () => undefined);
  try {
    return await look(queue);
  } finally {
    await queue.close();
  }
}

/** Polls an async condition (each check is a query), failing after `timeoutMs`. */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`${what}: not reached within ${timeoutMs} ms`);
    await sleep(200);
  }
}

it('mails nobody twice when the worker is killed (SIGKILL) mid-run and restarted, and the run still finishes', async () => {
  await stopWorkers();
  const members = 240;
  const smtp = await sink(150);
  const emails = await seedMembers('killed', members);
  const first = await worker(smtp);
  const startedAt = Date.now();
  const runId = await startRun();
  await eventually(() => smtp.messages.length >= members / 3, 'a third of the digests sent', 60_000);

  const killedAt = Date.now();
  await first.stop('SIGKILL');
  const mailsAtKill = smtp.messages.length;
  const atKill = await deliveries(emails);
  // Rows left `sending` by the dead worker: digests the kill cut between the claim and the record.
  const cut = (await withStatus(emails, 'sending')).map((row) => row.email);
  const second = await worker(smtp);
  const restartedAt = Date.now();

  // Everything else is sent by the new worker. Jobs the killed worker held come back through BullMQ's
  // stalled-job check (lock expiry, ~30 s): a job that had not yet claimed its row sends then; one whose
  // row is `sending` finds it taken and does nothing.
  await until(
    async () => {
      const counts = await deliveries(emails);
      return counts.queued === 0 && counts.sending === cut.length;
    },
    'every digest not cut by the kill handled',
    90_000,
  );
  const settledAt = Date.now();
  const settled = await deliveries(emails);

  // SMTP may have the mail of a cut digest, so it is never sent again; the scheduler's tick closes it as
  // failed after 15 minutes. The 15 minutes are simulated by backdating those rows; the next tick (every
  // 2 s here) does the rest.
  await env.query(
    `UPDATE digest_deliveries d SET updated_at = now() - interval '16 minutes'
       FROM members m WHERE m.id = d.member_id AND m.email = ANY($1) AND d.status = 'sending'`,
    [cut],
  );
  await until(async () => (await deliveries(emails)).sending === 0, 'interrupted digests closed', 30_000);
  const final = await deliveries(emails);
  const [run] = await env.query<{ enqueued: number; done: boolean }>(
    `SELECT enqueued, finished_enqueuing_at IS NOT NULL AS done FROM digest_runs WHERE id = $1`,
    [runId],
  );
  const interrupted = await withStatus(emails, 'failed');
  const mails = mailsPerMember(smtp, emails);
  const sentRows = await withStatus(emails, 'sent');

  report('worker killed (SIGKILL) mid-digest run, then restarted', {
    'members due': members,
    'SMTP reply delay (ms)': 150,
    'mails when killed': `${mailsAtKill} (${Math.round((killedAt - startedAt) / 100) / 10} s after the run started)`,
    'rows at the kill': JSON.stringify(atKill),
    'restart took (ms)': restartedAt - killedAt,
    'queued rows all handled after the restart (ms)': settledAt - restartedAt,
    'rows then': JSON.stringify(settled),
    'rows after the tick closed the interrupted ones': JSON.stringify(final),
    run: `${run.enqueued} enqueued, enqueuing ${run.done ? 'done' : 'NOT done'}`,
    'cut by the kill (left sending)': cut.length,
    'interrupted (closed as failed)': interrupted.length,
    'of those whose mail SMTP had taken': interrupted.filter((row) => (mails.get(row.email) ?? 0) > 0).length,
    'mails per member': histogram(mails),
    'most mails to one member': Math.max(...mails.values()),
  });

  expect(Math.max(...mails.values())).toBeLessThanOrEqual(1);
  // Every row recorded as sent was mailed once; the run has nothing left pending.
  expect(sentRows.filter((row) => mails.get(row.email) !== 1)).toEqual([]);
  expect(run).toEqual({ enqueued: members, done: true });
  expect(final.queued + final.sending).toBe(0);
  expect(final.sent + final.failed + final.skipped).toBe(members);
  expect(final.skipped).toBe(0);
  expect(cut.length).toBeLessThanOrEqual(SEND_CONCURRENCY);
  expect(interrupted.map((row) => row.email).sort()).toEqual([...cut].sort());
  for (const row of interrupted) expect(row.error).toMatch(/^INTERRUPTED/);
  expect(stillRunning(second)).toBe(true);
}, 180_000);

it('mails every member exactly once when an admin fires a digest run twice at once (two workers, small batches)', async () => {
  await stopWorkers();
  const members = 200;
  const smtp = await sink();
  const emails = await seedMembers('twice', members);
  // Two workers, so that the two runs' enqueuing can run in parallel, interleaving batches of 10 members;
  // no tick in between (the one at start-up is waited out), so both workers are free when the runs come.
  const options = { DIGEST_BATCH_SIZE: '10', DIGEST_TICK_SECONDS: '300' };
  await Promise.all([worker(smtp, options), worker(smtp, options)]);
  await until(
    () =>
      withScheduleQueue(async (queue) => {
        const counts = await queue.getJobCounts('active', 'wait');
        return (counts.active ?? 0) + (counts.wait ?? 0) === 0;
      }),
    'the schedule queue idle',
    15_000,
  );
  const startedAt = Date.now();
  const runIds = await Promise.all([startRun(), startRun()]);
  await until(
    async () => {
      const counts = await deliveries(emails);
      return counts.queued + counts.sending === 0 && counts.sent + counts.skipped + counts.failed === members;
    },
    'both runs finished',
    60_000,
  );
  const finishedAt = Date.now();
  const readRuns = () =>
    env.query<{ id: string; enqueued: number; done: boolean; created_at: Date }>(
      `SELECT id, enqueued, finished_enqueuing_at IS NOT NULL AS done, created_at FROM digest_runs WHERE id = ANY($1)`,
      [runIds],
    );
  await until(async () => (await readRuns()).every((run) => run.done), 'both runs done enqueuing', 10_000);
  const runs = await readRuns();
  const final = await deliveries(emails);
  const mails = mailsPerMember(smtp, emails);

  report('digest run fired twice at once (two POSTs, two workers)', {
    'members due': members,
    'runs started': `${runs.length}, ${Math.abs(runs[0].created_at.getTime() - runs[1].created_at.getTime())} ms apart`,
    'enqueued by each run': runs.map((run) => run.enqueued).join(' + '),
    rows: JSON.stringify(final),
    'both finished after (ms)': finishedAt - startedAt,
    'mails per member': histogram(mails),
    'most mails to one member': Math.max(...mails.values()),
  });

  expect(Math.max(...mails.values())).toBeLessThanOrEqual(1);
  expect(Math.min(...mails.values())).toBe(1);
  expect(final).toEqual({ queued: 0, sending: 0, sent: members, skipped: 0, failed: 0 });
  expect(runs.reduce((sum, run) => sum + run.enqueued, 0)).toBe(members);
}, 120_000);

it('re-creates the digest scheduler when Redis restarts without its data while the worker runs', async () => {
  await stopWorkers();
  const smtp = await sink();
  const running = await worker(smtp, { DIGEST_TICK_SECONDS: '1' });
  const schedulerOf = () =>
    withScheduleQueue(async (queue) => {
      const [scheduler, counts] = await Promise.all([
        queue.getJobScheduler('digest-tick'),
        queue.getJobCounts('completed'),
      ]);
      return { scheduler, completed: counts.completed ?? 0 };
    });
  const clients = async () => {
    const redis = new Redis(env.redis.url, { maxRetriesPerRequest: 1 });
    try {
      return (
        String(await redis.client('LIST'))
          .trim()
          .split('\n').length - 1
      );
    } finally {
      redis.disconnect();
    }
  };

  // Before: the scheduler exists and ticks (which also shows the checks below can see it).
  const before = await schedulerOf();
  let ticked = before;
  await until(async () => (ticked = await schedulerOf()).completed > 0, 'a tick before the restart', 15_000);
  const clientsBefore = await clients();
  const outputBefore = running.output().length;

  const killedAt = Date.now();
  await env.redis.stop('SIGKILL');
  await sleep(1000);
  await env.redis.start();
  const restartedAt = Date.now();

  const BOUND_MS = 15_000;
  let after = await schedulerOf();
  let backAt: number | undefined;
  while (Date.now() - restartedAt < BOUND_MS) {
    after = await schedulerOf();
    if (after.scheduler && after.completed > 0) {
      backAt = Date.now();
      break;
    }
    await sleep(250);
  }
  const clientsAfter = await clients();
  const unhandled =
    running
      .output()
      .slice(outputBefore)
      .match(/Unhandled error event/g)?.length ?? 0;

  report('Redis restarted without its data while the worker runs', {
    'scheduler before': before.scheduler ? `every ${before.scheduler.every} ms` : 'MISSING',
    'ticks completed before': ticked.completed,
    'Redis down (ms)': restartedAt - killedAt,
    'Redis clients before / after': `${clientsBefore} / ${clientsAfter} (equal: the api and the worker reconnected)`,
    'scheduler after the restart': after.scheduler
      ? `back after ${(backAt ?? Date.now()) - restartedAt} ms`
      : `MISSING ${BOUND_MS} ms after the restart`,
    'ticks completed after the restart': after.completed,
    "worker's 'Unhandled error event' lines": unhandled,
    'worker still running': stillRunning(running),
  });

  expect(before.scheduler?.every).toBe(1000);
  expect(stillRunning(running)).toBe(true);
  expect(after.scheduler).toBeDefined();
  expect(after.completed).toBeGreaterThan(0);
}, 90_000);
