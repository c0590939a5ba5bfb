/**
 * KPI benchmark (a script, not a Jest test): GET /api/admin/kpis and its CSV tables over HTTP through the
 * built api, on three years of a large salon.
 *
 *   npm run bench:kpis                           # 100,000 members, 10,000,000 activity days
 *   npm run bench:kpis -- --members 20000 --days-rows 1000000   # a quicker, smaller run
 *   npm run bench:kpis -- --help                 # every option
 *
 * It creates a fresh database `salon_bench_<run>` (built migrations), seeds it with server-side bulk SQL
 * (INSERT … SELECT over generate_series; activity_days' primary key and index are dropped for the load and
 * built after it, then VACUUM ANALYZE), starts the built api (dist/apps/api/src/main.js) and times each request
 * `--repeat` times after one warm-up, one at a time: p50 and max. Then each repository statement is run from
 * this process, one at a time, for the 3-year range: PostgreSQL's share. The database is dropped at the end
 * unless --keep-db. PostgreSQL and Redis must be running (TEST_DATABASE_ADMIN_URL / REDIS_URL or the defaults).
 */
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { type Client } from 'pg';
import type { DataSource } from 'typeorm';
import { KpisRepository } from '../../libs/kpis/src/kpis.repository';
import {
  BenchRun,
  cpuBetween,
  cpuSnapshot,
  exitWithHelpIfAsked,
  int,
  log,
  logBackgroundLoad,
  logMarkdown,
  machineDescription,
  nowMs,
  pct,
  repoRoot,
  UsageError,
  waitReady,
} from './harness';
import { freePort } from '../support/api-process';

interface Options {
  members: number;
  daysRows: number;
  years: number;
  projects: number;
  events: number;
  digestMembers: number;
  repeat: number;
  keepDb: boolean;
  database: string | null;
  engagedIndex: boolean;
}

const DEFAULTS: Options = {
  members: 100_000,
  daysRows: 10_000_000,
  years: 3,
  projects: 200,
  events: 600,
  digestMembers: 10_000,
  repeat: 5,
  keepDb: false,
  database: null,
  engagedIndex: true,
};

const HELP = `npm run bench:kpis -- [options]
  --members N         members (default ${DEFAULTS.members})
  --days-rows N       activity_days rows over the years (default ${DEFAULTS.daysRows})
  --projects N        projects with 10–40 participants (default ${DEFAULTS.projects})
  --events N          events with 20–60 RSVPs (default ${DEFAULTS.events})
  --digest-members N  members getting a weekly digest every week (default ${DEFAULTS.digestMembers})
  --repeat N          timed requests per measure, after one warm-up (default ${DEFAULTS.repeat})
  --without-engaged-index  measure without the partial index activity_days (member_id, day) WHERE engaged
                      (migration 1765600000000), as the figures were before it
  --keep-db           keep the database at the end (its name is printed)
  --database NAME     measure an existing (kept) benchmark database again, without seeding
`;

function parseOptions(argv: string[]): Options {
  exitWithHelpIfAsked(argv, HELP);
  const options = { ...DEFAULTS };
  const numeric: Record<string, keyof Options> = {
    '--members': 'members',
    '--days-rows': 'daysRows',
    '--projects': 'projects',
    '--events': 'events',
    '--digest-members': 'digestMembers',
    '--repeat': 'repeat',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--keep-db') options.keepDb = true;
    else if (arg === '--without-engaged-index') options.engagedIndex = false;
    else if (arg === '--database') options.database = argv[++i] ?? null;
    else if (numeric[arg]) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new UsageError(`${arg} needs a positive integer`);
      (options as unknown as Record<string, number>)[numeric[arg]] = value;
    } else throw new UsageError(`unknown option ${arg}\n${HELP}`);
  }
  if (options.digestMembers > options.members) throw new UsageError('--digest-members exceeds --members');
  return options;
}

const run = new BenchRun({ errorLevel: 50, stopGraceMs: 10_000 });

/** Member k's id: deterministic, so every table can be filled with SQL alone. */
const MEMBER_ID = (k: string) => `('00000000-0000-4000-8000-' || lpad(to_hex(${k}), 12, '0'))::uuid`;

/** A Tokyo day `YYYY-MM-DD`, `days` from now. */
function tokyoDay(days = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(
    new Date(Date.now() + days * 86_400_000),
  );
}

async function timed(client: Client, label: string, sql: string, params: unknown[] = []): Promise<void> {
  const started = nowMs();
  const result = await client.query(sql, params);
  log(
    `  ${label}: ${result.rowCount === null ? '' : `${int(result.rowCount)} rows, `}${((nowMs() - started) / 1000).toFixed(1)} s`,
  );
}

/** The seed, all in PostgreSQL. The last day is yesterday in Tokyo; the first is `years` years before. */
async function seed(client: Client, options: Options, first: string, last: string): Promise<void> {
  const m = options.members;
  await timed(
    client,
    'members',
    // Joined over the three years and half a year before them; every 50th has left.
    `INSERT INTO members (id, email, password_hash, display_name, created_at, deleted_at)
     SELECT ${MEMBER_ID('k')}, 'bench-' || k || '@example.test', 'x', 'bench ' || k,
            ($1::date - 180 + ((k::bigint * 7919) % ($2::date - $1::date + 180))::int)::timestamp AT TIME ZONE 'Asia/Tokyo'
              + make_interval(secs => k % 86400),
            CASE WHEN k % 50 = 0 THEN now() END
       FROM generate_series(1, $3::int) AS k`,
    [first, last, m],
  );
  await client.query(`UPDATE members SET role = 'admin' WHERE id = ${MEMBER_ID('1')}`);

  // activity_days: per day the same number of rows, members chosen by a step coprime with 100,000-ish sizes
  // (distinct within a day); three in ten rows engaged. Keys and index built after the load; the summaries'
  // triggers are off for it and the summaries rebuilt once at the end (as a migration of old data does).
  await client.query(`ALTER TABLE activity_days DISABLE TRIGGER USER`);
  await client.query(`ALTER TABLE activity_days DROP CONSTRAINT activity_days_pkey`);
  await client.query(`DROP INDEX activity_days_member_idx`);
  const { rows } = await client.query<{ days: number }>(`SELECT $2::date - $1::date + 1 AS days`, [
    first,
    last,
  ]);
  const days = rows[0].days;
  const perDay = Math.min(m, Math.round(options.daysRows / days));
  const started = nowMs();
  for (let offset = 0; offset < days; offset += 61) {
    await client.query(
      `INSERT INTO activity_days (day, member_id, visited, engaged)
       SELECT $1::date + i, ${MEMBER_ID('1 + ((i::bigint * 7919 + j::bigint * 104729) % $4::int)')},
              true, j % 10 < 3
         FROM generate_series($2::int, least($2::int + 60, $3::int - 1)) AS i,
              generate_series(1, $5::int) AS j`,
      [first, offset, days, m, perDay],
    );
    process.stdout.write(`\r  activity_days: ${int(Math.min(offset + 61, days) * perDay)} rows`);
  }
  log(`, ${((nowMs() - started) / 1000).toFixed(1)} s`);
  await timed(
    client,
    'activity_days primary key',
    `ALTER TABLE activity_days ADD PRIMARY KEY (day, member_id)`,
  );
  await timed(
    client,
    'activity_days_member_idx',
    `CREATE INDEX activity_days_member_idx ON activity_days (member_id, day)`,
  );
  await client.query(`ALTER TABLE activity_days ENABLE TRIGGER USER`);
  await timed(
    client,
    'activity summaries (activity_summaries_rebuild)',
    `SELECT activity_summaries_rebuild()`,
  );

  await timed(
    client,
    'themes',
    `INSERT INTO themes (slug, title) SELECT 'bench-' || k, 'テーマ ' || k FROM generate_series(1, 20) AS k`,
  );
  await timed(
    client,
    'projects (3 months each, ending over the years)',
    `INSERT INTO projects (theme_id, title, starts_on, ends_on, status)
     SELECT (SELECT id FROM themes ORDER BY slug OFFSET k % 20 LIMIT 1), 'プロジェクト ' || k,
            $1::date + (k * ($2::date - $1::date) / $3::int) - 90, $1::date + (k * ($2::date - $1::date) / $3::int), 'ended'
       FROM generate_series(1, $3::int) AS k`,
    [first, last, options.projects],
  );
  await timed(
    client,
    'project participants (10–40 each)',
    `INSERT INTO project_participants (project_id, member_id, role)
     SELECT p.id, ${MEMBER_ID('1 + ((n * 104729 + j * 7919)::bigint % $1::int)')}, 'side_job_professional'
       FROM (SELECT id, row_number() OVER (ORDER BY ends_on, id) AS n FROM projects) p,
            generate_series(1, 10 + (p.n * 7 % 31)::int) AS j
     ON CONFLICT DO NOTHING`,
    [m],
  );
  await timed(
    client,
    'events',
    `INSERT INTO events (title, starts_at, ends_at, format, status)
     SELECT 'イベント ' || k, s, s + interval '2 hours', 'onsite', CASE WHEN k % 40 = 0 THEN 'cancelled' ELSE 'scheduled' END
       FROM generate_series(1, $3::int) AS k,
            LATERAL (SELECT (($1::date + (k * ($2::date - $1::date) / $3::int))::timestamp + interval '19 hours')
                            AT TIME ZONE 'Asia/Tokyo' AS s) AS t`,
    [first, last, options.events],
  );
  await timed(
    client,
    'event RSVPs (20–60 each, 7 in 10 going checked in)',
    `INSERT INTO event_rsvps (event_id, member_id, status, checked_in_at)
     SELECT e.id, ${MEMBER_ID('1 + ((e.n * 7919 + j * 104729)::bigint % $1::int)')},
            CASE WHEN j % 8 = 0 THEN 'interested' ELSE 'going' END,
            CASE WHEN j % 8 <> 0 AND j % 10 < 7 THEN e.starts_at END
       FROM (SELECT id, starts_at, row_number() OVER (ORDER BY starts_at, id) AS n FROM events) e,
            generate_series(1, 20 + (e.n * 13 % 41)::int) AS j
     ON CONFLICT DO NOTHING`,
    [m],
  );
  await timed(
    client,
    'digest deliveries (weekly, Monday 08:00 Tokyo)',
    `INSERT INTO digest_deliveries (member_id, period, frequency, period_start, period_end, status, updated_at)
     SELECT ${MEMBER_ID('k')}, to_char(w, 'IYYY-"W"IW'), 'weekly',
            (w - interval '7 days')::timestamp AT TIME ZONE 'Asia/Tokyo', w::timestamp AT TIME ZONE 'Asia/Tokyo',
            CASE WHEN k % 20 = 0 THEN 'skipped' ELSE 'sent' END,
            (w + interval '8 hours')::timestamp AT TIME ZONE 'Asia/Tokyo'
       FROM generate_series(date_trunc('week', $1::date + 7)::date, $2::date, interval '7 days') AS w,
            generate_series(1, $3::int) AS k`,
    [first, last, options.digestMembers],
  );
  await timed(
    client,
    'digest clicks (1 in 8) and unsubscribes (1 in 800; the rows counted)',
    `WITH c AS (INSERT INTO digest_clicks (member_id, period, first_clicked_at)
                SELECT member_id, period, updated_at + interval '3 hours' FROM digest_deliveries
                 WHERE status = 'sent' AND (hashtext(member_id::text || period) % 8) = 0 RETURNING 1)
     INSERT INTO digest_unsubscribes (member_id, period, unsubscribed_at)
     SELECT member_id, period, updated_at + interval '5 hours' FROM digest_deliveries
      WHERE status = 'sent' AND (hashtext(member_id::text || period) % 400) = 1`,
  );
  await timed(client, 'VACUUM ANALYZE', `VACUUM ANALYZE`);
}

interface Measure {
  label: string;
  path: string;
}

interface Result {
  measure: Measure;
  /** The warm-up request: for the first request of a run, digest periods not yet kept are counted. */
  first: number;
  latencies: number[];
  bytes: number;
  cpu: { api: number; postgres: number; machine: number };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};
const ms = (value: number) => (Number.isFinite(value) ? String(Math.round(value)) : '–');

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const root = repoRoot();
  run.keepDb = options.keepDb;
  const apiEntry = join(root, 'dist/apps/api/src/main.js');
  if (!existsSync(apiEntry)) throw new Error(`${apiEntry} is missing: run \`npm run build\` first`);
  const machine = machineDescription('PostgreSQL, Redis and the api on the same machine');
  log(`KPI benchmark — run ${run.id}, ${new Date().toISOString()}`);
  log(machine);
  await logBackgroundLoad();

  const last = tokyoDay(-1);
  const [y, mo, d] = last.split('-').map(Number);
  const first = new Date(Date.UTC(y - options.years, mo - 1, d + 1)).toISOString().slice(0, 10);
  const yearAgo = new Date(Date.UTC(y - 1, mo - 1, d + 1)).toISOString().slice(0, 10);

  const { database, url: dbUrl } = await run.useDatabase(options.database);
  const port = await freePort();
  const env = run.appEnv(dbUrl, { PORT: String(port) });
  const client = await run.connect(dbUrl);
  if (!options.database) {
    let started = nowMs();
    await run.migrate(root, env);
    log(`database ${database} created and migrated in ${int(nowMs() - started)} ms`);
    started = nowMs();
    log(`seeding ${first} … ${last}:`);
    await seed(client, options, first, last);
    log(`seeded in ${((nowMs() - started) / 1000).toFixed(1)} s`);
  } else {
    log(`measuring ${database} again (not seeded)`);
  }
  // The partial index of migration 1765600000000 is in the schema; --without-engaged-index measures the
  // figures without it (as before that migration).
  await client.query(`DROP INDEX IF EXISTS activity_days_engaged_idx`);
  if (options.engagedIndex) {
    await timed(
      client,
      'index activity_days_engaged_idx',
      `CREATE INDEX activity_days_engaged_idx ON activity_days (member_id, day) WHERE engaged`,
    );
    await client.query(`VACUUM ANALYZE activity_days`);
  }
  const { rows: sizes } = await client.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM members) AS members, (SELECT count(*) FROM activity_days) AS activity_days,
            (SELECT count(*) FROM activity_days WHERE engaged) AS engaged,
            (SELECT count(*) FROM project_participants) AS participants, (SELECT count(*) FROM events) AS events,
            (SELECT count(*) FROM event_rsvps) AS rsvps, (SELECT count(*) FROM digest_deliveries) AS deliveries,
            pg_size_pretty(pg_table_size('activity_days')) AS table_size,
            pg_size_pretty(pg_indexes_size('activity_days')) AS index_size`,
  );
  const s = sizes[0];
  const seeded =
    `${int(Number(s.members))} members, ${int(Number(s.activity_days))} activity days (${int(Number(s.engaged))} engaged; ` +
    `table ${s.table_size}, indexes ${s.index_size}), ${int(Number(s.participants))} project participations, ` +
    `${int(Number(s.events))} events with ${int(Number(s.rsvps))} RSVPs, ${int(Number(s.deliveries))} digest deliveries` +
    (options.engagedIndex ? ', the schema as it is' : ', without the partial index on engaged days');
  log(seeded);
  // Every run's first request counts the closed digest periods afresh (a kept database keeps them otherwise).
  await client.query(`TRUNCATE kpi_digest_periods`);

  const jwt = new JwtService({ secret: env.JWT_SECRET });
  const { rows: adminRows } = await client.query<{ id: string }>(
    `SELECT id FROM members WHERE role = 'admin' LIMIT 1`,
  );
  const token = jwt.sign(
    { sub: adminRows[0].id, role: 'admin', typ: 'access' },
    { algorithm: 'HS256', expiresIn: 3600 * 4, secret: env.JWT_SECRET },
  );

  const started = nowMs();
  const api = run.spawn('api', ['--enable-source-maps', apiEntry], env, root);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(api, async () => (await fetch(`${url}/api/health`)).ok);
  log(
    `api (pid ${api.process.pid}) ready in ${int(nowMs() - started)} ms; ${options.repeat} timed requests per measure after 1 warm-up, one at a time`,
  );

  const measures: Measure[] = [
    { label: `kpis, 1 year (${yearAgo} … ${last})`, path: `/api/admin/kpis?from=${yearAgo}&to=${last}` },
    { label: `kpis, 3 years (${first} … ${last})`, path: `/api/admin/kpis?from=${first}&to=${last}` },
    ...['involved', 'active', 'retention', 'alumni', 'events', 'digests'].map((table) => ({
      label: `kpis.csv ${table}, 3 years`,
      path: `/api/admin/kpis.csv?from=${first}&to=${last}&table=${table}`,
    })),
  ];
  const results: Result[] = [];
  for (const measure of measures) {
    const get = async () => {
      const response = await fetch(`${url}${measure.path}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const body = await response.arrayBuffer();
      if (response.status !== 200)
        throw new Error(`${measure.path} answered ${response.status}: ${Buffer.from(body).toString()}`);
      return body.byteLength;
    };
    const t0 = nowMs();
    await get();
    const first = nowMs() - t0;
    const before = await cpuSnapshot(run.database, { api: { pid: api.process.pid } });
    const latencies: number[] = [];
    let bytes = 0;
    for (let i = 0; i < options.repeat; i++) {
      const t0 = nowMs();
      bytes = await get();
      latencies.push(nowMs() - t0);
    }
    const cpu = cpuBetween(before, await cpuSnapshot(run.database, { api: { pid: api.process.pid } }));
    const result = {
      measure,
      first,
      latencies,
      bytes,
      cpu: { api: cpu.api, postgres: cpu.postgres, machine: cpu.machine },
    };
    results.push(result);
    log(
      `${measure.label.padEnd(48)} first ${ms(first).padStart(5)} ms  p50 ${ms(quantile(latencies, 0.5)).padStart(5)} ms  max ${ms(Math.max(...latencies)).padStart(5)} ms  ` +
        `${int(bytes)} B  CPU api ${pct(cpu.api)} pg ${pct(cpu.postgres)} machine ${pct(cpu.machine)}`,
    );
  }

  // PostgreSQL's share: each statement alone, from here, 3-year range, best of 3.
  log('');
  log('repository statements alone (3 years, best of 3):');
  const db = {
    query: async (sql: string, params: unknown[] = []) =>
      (await client.query<Record<string, unknown>>(sql, params)).rows,
    transaction: async (work: (manager: unknown) => Promise<unknown>) => {
      await client.query('BEGIN');
      try {
        return await work(db);
      } finally {
        await client.query('COMMIT');
      }
    },
  };
  const repository = new KpisRepository(db as unknown as DataSource);
  const statements: [string, () => Promise<unknown>][] = [
    ['getFiscalYears', () => repository.getFiscalYears(first, last)],
    ['getCohorts', () => repository.getCohorts(first, last)],
    ['getEndedProjects', () => repository.getEndedProjects(last)],
    ['countReactivations', () => repository.countReactivations(first, last)],
    ['getActiveAt', () => repository.getActiveAt(last)],
    ['getActiveDays', () => repository.getActiveDays(first, last)],
    ['getEvents', () => repository.getEvents(first, last)],
    ['countRepeatAttendees', () => repository.countRepeatAttendees(first, last)],
    ['getDigestPeriods', () => repository.getDigestPeriods(first, last)],
  ];
  const statementTimes: [string, number][] = [];
  for (const [name, call] of statements) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = nowMs();
      await call();
      times.push(nowMs() - t0);
    }
    statementTimes.push([name, Math.min(...times)]);
    log(`  ${name.padEnd(22)} ${ms(Math.min(...times)).padStart(5)} ms`);
  }

  // The baseline, same run: what the summaries replace, read from activity_days itself as the figures were
  // before migration 1765700000000 (each 3 years, best of 3), and the digest periods with none kept.
  log('');
  log('baseline — the same figures from activity_days, and digest periods counted afresh:');
  const baseline: [string, () => Promise<unknown>][] = [
    [
      'series (activity_days)',
      () =>
        db.query(
          `SELECT day, count(*) FILTER (WHERE visited), count(*) FILTER (WHERE engaged) FROM activity_days
            WHERE day BETWEEN $1::date AND $2::date GROUP BY day`,
          [first, last],
        ),
    ],
    [
      'involved by year (activity_days)',
      () =>
        db.query(
          `SELECT fiscal_year, count(*) FROM (SELECT member_id, date_part('year', day::timestamp - interval '3 months') AS fiscal_year
             FROM activity_days WHERE engaged AND day <= $1::date GROUP BY 1, 2) y GROUP BY 1`,
          [last],
        ),
    ],
    [
      'reactivations (activity_days)',
      () =>
        db.query(
          `SELECT count(DISTINCT member_id) FROM (SELECT member_id, day, lag(day) OVER (PARTITION BY member_id ORDER BY day) AS previous
             FROM activity_days WHERE engaged AND day <= $2::date) e WHERE day >= $1::date AND day - previous > 90`,
          [first, last],
        ),
    ],
    [
      'getDigestPeriods (none kept)',
      async () => {
        await client.query(`TRUNCATE kpi_digest_periods`);
        return repository.getDigestPeriods(first, last);
      },
    ],
  ];
  for (const [name, call] of baseline) {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = nowMs();
      await call();
      times.push(nowMs() - t0);
    }
    statementTimes.push([`baseline: ${name}`, Math.min(...times)]);
    log(`  ${name.padEnd(34)} ${ms(Math.min(...times)).padStart(6)} ms`);
  }

  const slowest = Math.max(
    ...results.filter((r) => r.measure.path.includes('kpis?')).map((r) => Math.max(...r.latencies)),
  );
  logMarkdown([
    `### KPIs, ${new Date().toISOString().slice(0, 10)}`,
    '',
    `${machine}. ${seeded}. ${options.repeat} requests per measure after a warm-up, one at a time.`,
    '',
    '| request | first ms | p50 ms | max ms | bytes | CPU api / pg / machine % |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.measure.label} | ${ms(r.first)} | ${ms(quantile(r.latencies, 0.5))} | ${ms(Math.max(...r.latencies))} | ${int(r.bytes)} | ` +
        `${[r.cpu.api, r.cpu.postgres, r.cpu.machine].map((v) => Math.round(v)).join(' / ')} |`,
    ),
    '',
    '| statement (3 years, alone) | ms |',
    '| --- | ---: |',
    ...statementTimes.map(([name, time]) => `| ${name} | ${ms(time)} |`),
  ]);
  log(`(machine CPU has ${cpus().length * 100}%) slowest /api/admin/kpis: ${ms(slowest)} ms`);
}

run.main(main);
