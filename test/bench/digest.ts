/**
 * Digest benchmark (a script, not a Jest test): one whole weekly digest period for N members (default
 * 10,000), built and sent by the built worker process against a local SMTP sink.
 *
 *   npm run bench:digest                       # 10,000 members, 10 themes, 200,000 messages in the week
 *   npm run bench:digest -- --members 100000   # the issue's large option
 *   npm run bench:digest -- --help             # every option
 *
 * Everything it needs it starts itself: a fresh database `salon_bench_<run>` (migrated with the built
 * migrations, seeded with bulk SQL, dropped at the end), a Redis key prefix of its own (deleted at the end),
 * a counting SMTP sink in this process (test/bench/counting-smtp-sink.ts) and the built worker
 * (dist/apps/worker/src/main.js) as a child process. The run is triggered as an admin's would be: a
 * `digest_runs` row and a `run` job on the digest-schedule queue, what DigestScheduler.startAdminRun does.
 * PostgreSQL and Redis must be running (TEST_DATABASE_ADMIN_URL / REDIS_URL, or the local defaults).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { simpleParser } from 'mailparser';
import { Client } from 'pg';
import { QUEUES, type DigestScheduleJob } from '@app/queue';
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
  type Child,
  type CpuPercent,
  type CpuSnapshot,
} from './harness';
import { adminDatabaseUrl } from '../support/test-database';
import { startCountingSink, type CountingSink } from './counting-smtp-sink';

// ---------------------------------------------------------------------------------------------------------
// Options

interface Options {
  members: number;
  messages: number;
  themes: number;
  channelsPerTheme: number;
  /** DIGEST_SEND_RATE_PER_SECOND for the worker: high by default so BullMQ's limiter does not shape the run. */
  rate: number;
  /** DIGEST_SEND_CONCURRENCY, DATABASE_POOL_SIZE, DIGEST_BATCH_SIZE: the worker's defaults unless given. */
  concurrency: number | null;
  pool: number | null;
  batch: number | null;
  aimSeconds: number;
  aimMembers: number;
  timeout: number;
  profileDir: string | null;
  workerLog: string | null;
  keepDb: boolean;
  /** Worker processes sharing the run (each with DIGEST_SEND_CONCURRENCY jobs). */
  workers: number;
}

const DEFAULTS: Options = {
  members: 10_000,
  messages: 200_000,
  themes: 10,
  channelsPerTheme: 3,
  rate: 100_000,
  concurrency: null,
  pool: null,
  batch: null,
  aimSeconds: 30,
  aimMembers: 10_000,
  timeout: 900,
  profileDir: null,
  workerLog: null,
  keepDb: false,
  workers: 1,
};

const HELP = `Digest benchmark: one weekly period through the built worker, against a counting SMTP sink.

  --members N        members, all weekly, created a month ago (default ${DEFAULTS.members})
  --messages N       messages in the last 7 days, over every channel (default ${DEFAULTS.messages})
  --themes N         themes (default ${DEFAULTS.themes}, one of them private); --channels N per theme (default ${DEFAULTS.channelsPerTheme})
  --rate N           the worker's DIGEST_SEND_RATE_PER_SECOND (default ${DEFAULTS.rate}: does not shape the run;
                     the product default is 200)
  --concurrency N    the worker's DIGEST_SEND_CONCURRENCY (default: the worker's own default)
  --pool N           the worker's DATABASE_POOL_SIZE (default: the worker's own default)
  --batch N          the worker's DIGEST_BATCH_SIZE (default: the worker's own default)
  --aim S            the aim: ${DEFAULTS.aimMembers} digests in under S seconds (default ${DEFAULTS.aimSeconds}); other sizes are
                     compared at the same rate
  --timeout S        give up when the run has not finished after S seconds (default ${DEFAULTS.timeout})
  --profile DIR      run the worker with --cpu-prof, profiles written to DIR
  --worker-log FILE  append the worker's whole output to FILE
  --workers N        worker processes sharing the run (default ${DEFAULTS.workers}); the checks show that no member
                     got two mails, and the CPU line shows each worker
  --keep-db          keep the database at the end (its name is printed) for EXPLAIN and inspection
`;

function parseOptions(argv: string[]): Options {
  exitWithHelpIfAsked(argv, HELP);
  const options: Options = { ...DEFAULTS };
  const numeric: Record<string, keyof Options> = {
    '--members': 'members',
    '--messages': 'messages',
    '--themes': 'themes',
    '--channels': 'channelsPerTheme',
    '--rate': 'rate',
    '--concurrency': 'concurrency',
    '--pool': 'pool',
    '--batch': 'batch',
    '--aim': 'aimSeconds',
    '--timeout': 'timeout',
    '--workers': 'workers',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--keep-db') options.keepDb = true;
    else if (flag === '--profile' || flag === '--worker-log') {
      const value = argv[++i];
      if (!value) throw new UsageError(`${flag} needs a path`);
      if (flag === '--profile') options.profileDir = resolve(value);
      else options.workerLog = value;
    } else if (flag in numeric) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 1) throw new UsageError(`${flag} needs a positive integer`);
      (options as unknown as Record<string, number>)[numeric[flag]] = value;
    } else {
      throw new UsageError(`unknown option ${flag} (see --help)`);
    }
  }
  if (options.members < 10) throw new UsageError('--members must be at least 10');
  return options;
}

// ---------------------------------------------------------------------------------------------------------
// Small helpers

const sec = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(1) : '–');
const dec = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

// ---------------------------------------------------------------------------------------------------------
// The run (test/bench/harness.ts): the worker process, the database and Redis keys, CPU readings

const run = new BenchRun({ errorLevel: 40, stopGraceMs: 20_000 });
const openQueues = new Set<Queue>();
let sinkToClose: CountingSink | null = null;
run.onCleanup(async () => {
  await Promise.all([...openQueues].map((queue) => queue.close().catch(() => undefined)));
  await sinkToClose?.close();
});

/**
 * CPU in % of one core: the worker (and of that, in the kernel: socket writes and reads to PostgreSQL, Redis
 * and SMTP), PostgreSQL, Redis, this process as `bench` (the SMTP sink and the progress polling), other.
 */
type RunCpu = Omit<CpuPercent, 'self'> & {
  bench: number;
  worker: number;
  workerSystem: number;
  perWorker: number[];
};

/** Every worker process's CPU, and of that in the kernel; `worker` is their sum. */
const runCpuSnapshot = (workerPids: (number | undefined)[]) =>
  cpuSnapshot<string>(
    run.database,
    Object.fromEntries(
      workerPids.flatMap((pid, i) => [
        [`w${i}`, { pid }],
        [`w${i}sys`, { pid, which: 'system' as const }],
      ]),
    ),
  );

function runCpu(a: CpuSnapshot<string>, b: CpuSnapshot<string>, workers: number): RunCpu {
  const cpu = cpuBetween(a, b);
  const perWorker = Array.from({ length: workers }, (_, i) => cpu[`w${i}`]);
  const system = Array.from({ length: workers }, (_, i) => cpu[`w${i}sys`]);
  return {
    postgres: cpu.postgres,
    redis: cpu.redis,
    machine: cpu.machine,
    other: cpu.other,
    bench: cpu.self,
    worker: perWorker.reduce((sum, value) => sum + value, 0),
    workerSystem: system.reduce((sum, value) => sum + value, 0),
    perWorker,
  };
}

const connect = (url: string) => run.connect(url);
const disconnect = (client: Client) => run.disconnect(client);

// ---------------------------------------------------------------------------------------------------------
// Seed: bulk SQL, generate_series and INSERT … SELECT, in one session (temporary tables help)

const SURNAMES = [
  '佐藤',
  '鈴木',
  '高橋',
  '田中',
  '伊藤',
  '渡辺',
  '山本',
  '中村',
  '小林',
  '加藤',
  '吉田',
  '山田',
  '佐々木',
  '山口',
  '松本',
  '井上',
  '木村',
  '林',
  '清水',
  '山崎',
  '百瀬',
  '赤羽',
  '上條',
  '古畑',
  '丸山',
  '小松',
  '宮坂',
  '竹内',
  '北原',
  '降旗',
];
const GIVEN_NAMES = [
  '陽菜',
  '結衣',
  '蓮',
  '湊',
  '大翔',
  '葵',
  '陽翔',
  '凛',
  '樹',
  '美咲',
  '翔太',
  '拓海',
  '彩花',
  '健太',
  '真央',
  '悠真',
  '七海',
  '大輝',
  '優花',
  '颯太',
  '千尋',
  '和也',
  '由美',
  '浩二',
  '恵子',
  '誠',
  '直子',
  '隆',
  '智子',
  '学',
];

const THEMES: [slug: string, title: string, titleEn: string][] = [
  ['shiojiri-wine', '塩尻ワインの未来', 'The future of Shiojiri wine'],
  ['kiso-lacquer', '木曽漆器を次の世代へ', 'Kiso lacquerware for the next generation'],
  ['narai-juku', '奈良井宿まちあるき', 'Walking Narai-juku'],
  ['remote-work', '塩尻でリモートワーク', 'Remote work in Shiojiri'],
  ['akiya', '空き家と移住', 'Empty houses and moving here'],
  ['kids-coding', '子どもとプログラミング', 'Kids and coding'],
  ['midoriko', 'みどり湖の自然', 'Nature at Lake Midori'],
  ['shinshu-food', '信州の食と農', 'Food and farming in Shinshu'],
  ['enpark', 'えんぱーく活用会議', 'Making use of Enpark'],
  ['coordinators', 'コーディネーター連絡会', "Coordinators' room"],
];
/** Share of members following each theme (besides the one theme every follower is given). */
const POPULARITY = [0.45, 0.35, 0.3, 0.4, 0.25, 0.2, 0.15, 0.3, 0.2, 0.03];
const CHANNELS: [slug: string, name: string][] = [
  ['general', '雑談'],
  ['ideas', 'アイデア'],
  ['meetups', '集まり'],
  ['links', '資料共有'],
  ['help', '質問'],
];

const OPENERS = [
  '塩尻駅前の空き店舗の件、',
  '木曽漆器の工房見学ですが、',
  '奈良井宿のイベント、',
  '桔梗ヶ原のぶどう畑で',
  'みどり湖の清掃活動は',
  'えんぱーくの会議室、',
  '高ボッチ高原の星空観察会、',
  'サテライトオフィスの下見、',
  '地元の高校生との企画、',
  '空き家バンクの物件ですが、',
  '先週の定例のまとめです。',
  '移住相談会のチラシ、',
  'ワイナリー巡りのバス、',
  'プログラミング教室の教材、',
  '野菜の直売所の件で、',
];
const MIDDLES = [
  '来週の土曜日に見に行けそうです。',
  '見積もりをドライブに置きました。',
  'オンラインで参加したい人が何人かいます。',
  '東京からだと特急あずさで2時間半くらいでした。',
  '雨天の場合は体育館に変更になります。',
  '地域おこし協力隊の方にも声をかけています。',
  '子ども向けの枠を10人分用意できそうです。',
  '写真をたくさん撮ってきました！',
  '市役所の担当の方と話してみたところ、前向きな反応でした。',
  '費用は参加費でまかなえる見込みです。',
  '去年の参加者アンケートの結果も共有しますね。',
  '駐車場が少ないので乗り合いがおすすめです。',
  '漆の塗り直しには2週間ほどかかるそうです。',
  'Slackだと流れてしまうのでこちらに書きます。',
  'We can also host English speakers this time.',
];
const CLOSERS = [
  'よろしくお願いします！',
  'ご意見ください🙏',
  '詳しくは次回の定例で。',
  '参加できる方はリアクションお願いします。',
  '',
  '楽しみです😊',
  '日程調整します。',
];

interface SeedCounts {
  members: number;
  themes: number;
  channels: number;
  follows: number;
  messages: number;
  threads: number;
  replies: number;
  deleted: number;
  system: number;
  mentions: number;
  reads: number;
  events: number;
  rsvps: number;
  previousDigests: number;
  /** Members following no theme: with no salon-wide event in the horizon they have nothing to read. */
  followingNothing: number;
}

async function seed(client: Client, options: Options): Promise<SeedCounts> {
  const q = (sql: string, values: unknown[] = []) => client.query(sql, values);
  const channelCount = options.themes * options.channelsPerTheme;
  const roots = Math.round(options.messages * 0.6);
  const replies = options.messages - roots;
  const hotRoots = Math.max(1, Math.round(roots * 0.02));

  // Members: all weekly (the default), 5% English, 4% in other zones, joined about a month ago.
  await q(
    `INSERT INTO members (email, password_hash, display_name, locale, time_zone, created_at, updated_at,
                          email_verified_at)
     SELECT 'bench-' || i || '@bench.invalid', 'bench: no login',
            ($2::text[])[1 + i % cardinality($2::text[])] || ' ' || ($3::text[])[1 + (i / 7) % cardinality($3::text[])],
            CASE WHEN i % 20 = 3 THEN 'en' ELSE 'ja' END,
            CASE i % 50 WHEN 1 THEN 'Europe/Berlin' WHEN 2 THEN 'America/Los_Angeles' ELSE 'Asia/Tokyo' END,
            now() - interval '30 days' - (i % 500) * interval '1 hour',
            now() - interval '30 days', now() - interval '30 days'
       FROM generate_series(1, $1::int) AS i`,
    [options.members, SURNAMES, GIVEN_NAMES],
  );
  await q(
    `CREATE TEMP TABLE bench_members AS SELECT row_number() OVER (ORDER BY email) AS n, id FROM members`,
  );
  await q(`CREATE UNIQUE INDEX ON bench_members (n)`);

  // Themes (the last of ten is private: only its members follow it) and their channels.
  await q(
    `INSERT INTO themes (slug, title, title_en, summary, status, visibility, created_at, updated_at)
     SELECT ($2::text[])[1 + (t - 1) % cardinality($2::text[])] || CASE WHEN t > cardinality($2::text[]) THEN '-' || t ELSE '' END,
            ($3::text[])[1 + (t - 1) % cardinality($3::text[])] || CASE WHEN t > cardinality($3::text[]) THEN ' ' || t ELSE '' END,
            ($4::text[])[1 + (t - 1) % cardinality($4::text[])],
            '塩尻のこれからを一緒に考えるテーマです。',
            'active', CASE WHEN t % 10 = 0 THEN 'private' ELSE 'public' END,
            now() - interval '90 days', now() - interval '90 days'
       FROM generate_series(1, $1::int) AS t`,
    [options.themes, THEMES.map((t) => t[0]), THEMES.map((t) => t[1]), THEMES.map((t) => t[2])],
  );
  await q(
    `CREATE TEMP TABLE bench_themes AS
     SELECT row_number() OVER (ORDER BY created_at, slug) AS n, id, 0.0::float8 AS popularity FROM themes`,
  );
  await q(`UPDATE bench_themes SET popularity = ($1::float8[])[1 + (n - 1) % cardinality($1::float8[])]`, [
    POPULARITY,
  ]);
  await q(
    `INSERT INTO channels (theme_id, slug, name, created_at)
     SELECT t.id, ($2::text[])[1 + (c - 1) % cardinality($2::text[])] || CASE WHEN c > cardinality($2::text[]) THEN '-' || c ELSE '' END,
            ($3::text[])[1 + (c - 1) % cardinality($3::text[])], now() - interval '90 days'
       FROM bench_themes t CROSS JOIN generate_series(1, $1::int) AS c`,
    [options.channelsPerTheme, CHANNELS.map((c) => c[0]), CHANNELS.map((c) => c[1])],
  );
  await q(
    `CREATE TEMP TABLE bench_channels AS
     SELECT row_number() OVER (ORDER BY t.n, c.slug) AS n, c.id, t.n AS theme_n
       FROM channels c JOIN bench_themes t ON t.id = c.theme_id`,
  );

  // Follows: 2% of members follow nothing; the others one theme by their number plus each theme by its
  // popularity. Most followed three weeks ago; 3% this week (the "new members" of a theme).
  await q(
    `INSERT INTO theme_follows (theme_id, member_id, created_at)
     SELECT t.id, m.id,
            CASE WHEN random() < 0.03 THEN now() - random() * interval '6 days' ELSE now() - interval '21 days' END
       FROM bench_members m CROSS JOIN bench_themes t
      WHERE m.n % 50 <> 7 AND (t.n = 1 + m.n % $1 OR random() < t.popularity)`,
    [options.themes],
  );
  await q(
    `CREATE TEMP TABLE bench_follows AS
     SELECT t.n AS theme_n, f.member_id, row_number() OVER (PARTITION BY t.n ORDER BY f.member_id) AS k
       FROM theme_follows f JOIN bench_themes t ON t.id = f.theme_id`,
  );
  await q(`CREATE UNIQUE INDEX ON bench_follows (theme_n, k)`);
  await q(
    `CREATE TEMP TABLE bench_theme_sizes AS SELECT theme_n, count(*) AS size FROM bench_follows GROUP BY theme_n`,
  );

  // Messages of the last 7 days: 60% thread roots spread over the channels (busier first channels),
  // 40% replies, 80% of them to the 2% "hot" roots, each within 36 hours of its root.
  await q(
    `CREATE TEMP TABLE bench_msgs AS
     SELECT i::bigint AS n, gen_random_uuid() AS id, NULL::bigint AS parent_n,
            1 + floor($2::int * power(random(), 1.6))::int AS ch,
            now() - interval '7 days' + random() * interval '6 days 23 hours' AS created_at,
            random() AS r1, random() AS r2, random() AS r3, (random() * 1e9)::bigint AS pick
       FROM generate_series(1, $1::int) AS i`,
    [roots, channelCount],
  );
  await q(`CREATE UNIQUE INDEX ON bench_msgs (n)`);
  await q(
    `INSERT INTO bench_msgs
     SELECT $1::int + r.i, gen_random_uuid(), p.n, p.ch,
            least(now() - interval '1 minute', p.created_at + random() * interval '36 hours'),
            random(), random(), random(), (random() * 1e9)::bigint
       FROM (SELECT i, CASE WHEN random() < 0.8 THEN 1 + floor($3::int * power(random(), 1.5))
                            ELSE 1 + floor($1::int * random()) END::bigint AS parent
               FROM generate_series(1, $2::int) AS i) r
       JOIN bench_msgs p ON p.n = r.parent`,
    [roots, replies, hotRoots],
  );
  // 2% of user messages mention a follower of the theme (by name, in the body too).
  await q(
    `CREATE TEMP TABLE bench_mentions AS
     SELECT m.n, f.member_id, mem.display_name AS name
       FROM bench_msgs m
       JOIN bench_channels c ON c.n = m.ch
       JOIN bench_theme_sizes s ON s.theme_n = c.theme_n
       JOIN bench_follows f ON f.theme_n = c.theme_n AND f.k = 1 + (m.pick / 7) % s.size
       JOIN members mem ON mem.id = f.member_id
      WHERE m.r3 < 0.02 AND m.r2 >= 0.015`,
  );
  await q(`CREATE UNIQUE INDEX ON bench_mentions (n)`);
  // 1% deleted (body emptied, as the chat does), 0.5% of roots system messages; authors are followers of the
  // theme, a few of them far more active than the rest.
  await q(
    `INSERT INTO messages (id, channel_id, seq, author_id, kind, body, parent_id, created_at, deleted_at)
     SELECT m.id, c.id,
            row_number() OVER (PARTITION BY m.ch ORDER BY m.created_at, m.n),
            CASE WHEN sys THEN NULL ELSE a.member_id END,
            CASE WHEN sys THEN 'system' ELSE 'user' END,
            CASE WHEN del THEN ''
                 WHEN sys THEN '新しいメンバーがテーマに参加しました'
                 ELSE coalesce('@' || mm.name || ' さん、', '')
                      || ($1::text[])[1 + floor(m.r1 * cardinality($1::text[]))::int]
                      || ($2::text[])[1 + (m.pick % cardinality($2::text[]))::int]
                      || CASE WHEN m.r3 > 0.7 THEN ($2::text[])[1 + ((m.pick / 100) % cardinality($2::text[]))::int] ELSE '' END
                      || ($3::text[])[1 + ((m.pick / 10000) % cardinality($3::text[]))::int] END,
            p.id, m.created_at,
            CASE WHEN del THEN least(now(), m.created_at + interval '20 minutes') END
       FROM (SELECT *, r2 < 0.01 AS del, parent_n IS NULL AND n > $4::int AND r2 >= 0.01 AND r2 < 0.015 AS sys
               FROM bench_msgs) m
       JOIN bench_channels c ON c.n = m.ch
       JOIN bench_theme_sizes s ON s.theme_n = c.theme_n
       LEFT JOIN bench_follows a
              ON a.theme_n = c.theme_n AND a.k = 1 + floor(s.size * power((m.pick % 1000003) / 1000003.0, 2))::bigint
       LEFT JOIN bench_msgs p ON p.n = m.parent_n
       LEFT JOIN bench_mentions mm ON mm.n = m.n AND NOT m.del`,
    [OPENERS, MIDDLES, CLOSERS, hotRoots],
  );
  await q(
    `UPDATE messages r SET reply_count = s.replies, last_reply_at = s.last
       FROM (SELECT parent_id, count(*) AS replies, max(created_at) AS last FROM messages
              WHERE parent_id IS NOT NULL AND deleted_at IS NULL GROUP BY parent_id) s
      WHERE r.id = s.parent_id`,
  );
  await q(
    `UPDATE channels c SET last_seq = s.last
       FROM (SELECT channel_id, max(seq) AS last FROM messages GROUP BY channel_id) s WHERE c.id = s.channel_id`,
  );
  await q(
    `INSERT INTO message_mentions (message_id, member_id, channel_id, seq, created_at)
     SELECT msg.id, mm.member_id, msg.channel_id, msg.seq, msg.created_at
       FROM bench_mentions mm JOIN bench_msgs m ON m.n = mm.n JOIN messages msg ON msg.id = m.id
      WHERE msg.deleted_at IS NULL`,
  );
  // Read markers: 40% of (member, channel) pairs, somewhere in the second half of the week's messages.
  await q(
    `INSERT INTO channel_reads (member_id, channel_id, last_read_seq, updated_at)
     SELECT f.member_id, c.id, floor(c.last_seq * (0.5 + random() * 0.5))::bigint, now() - interval '1 day'
       FROM theme_follows f JOIN channels c ON c.theme_id = f.theme_id
      WHERE random() < 0.4`,
  );

  // Events: one per theme in the next two weeks, a second for the first three, one cancelled, one past and a
  // salon-wide one beyond the horizon; RSVPs from a quarter of each theme's followers.
  await q(
    `INSERT INTO events (title, description, starts_at, ends_at, format, venue_name, join_url, theme_id, capacity, status, cancelled_at)
     SELECT e.title, '詳細はテーマのチャンネルで。', e.starts, e.starts + interval '2 hours',
            (ARRAY['onsite', 'online', 'hybrid'])[1 + e.k % 3],
            CASE WHEN e.k % 3 <> 1 THEN (ARRAY['えんぱーく 3階 会議室', '奈良井宿 公民館', '桔梗ヶ原ワイナリー'])[1 + e.k % 3] END,
            CASE WHEN e.k % 3 <> 0 THEN 'https://meet.example.org/salon-' || e.k END,
            e.theme_id, CASE WHEN e.k % 4 = 0 THEN 20 END, e.status,
            CASE WHEN e.status = 'cancelled' THEN now() - interval '1 day' END
       FROM (SELECT t.n AS k, t.id AS theme_id, 'テーマ定例会 #' || t.n AS title,
                    date_trunc('hour', now()) + t.n * interval '1 day' + interval '10 hours' AS starts, 'scheduled' AS status
               FROM bench_themes t
             UNION ALL
             SELECT 100 + t.n, t.id, '現地見学ツアー ' || t.n,
                    date_trunc('hour', now()) + interval '3 days' + t.n * interval '2 days', 'scheduled'
               FROM bench_themes t WHERE t.n <= 3
             UNION ALL
             SELECT 200, t.id, '中止になった勉強会', now() + interval '4 days', 'cancelled' FROM bench_themes t WHERE t.n = 2
             UNION ALL
             SELECT 201, t.id, '先週のワークショップ', now() - interval '3 days', 'scheduled' FROM bench_themes t WHERE t.n = 1
             UNION ALL
             SELECT 202, NULL, '塩尻サロン 年次ミートアップ', now() + interval '20 days', 'scheduled') e`,
  );
  await q(
    `INSERT INTO event_rsvps (event_id, member_id, status)
     SELECT e.id, f.member_id, (ARRAY['going', 'interested', 'not_going'])[1 + floor(random() * 3)::int]
       FROM events e JOIN theme_follows f ON f.theme_id = e.theme_id
      WHERE random() < 0.25`,
  );

  // 80% of members got last week's digest (the sender looks it up to start where it ended).
  await q(
    `INSERT INTO digest_deliveries (member_id, period, frequency, period_start, period_end, status, attempts,
                                    message_id, created_at, updated_at)
     SELECT m.id, to_char(x.e AT TIME ZONE mem.time_zone, 'IYYY-"W"IW'), 'weekly', x.e - interval '7 days', x.e,
            'sent', 1, '<bench-' || m.n || '@bench.invalid>', x.e, x.e
       FROM bench_members m JOIN members mem ON mem.id = m.id
      CROSS JOIN (SELECT date_trunc('hour', now() - interval '7 days') AS e) x
      WHERE m.n % 5 <> 0`,
  );

  // As a database that has been running a while would be: vacuumed (visibility map) and analysed.
  await q('VACUUM ANALYZE');

  const { rows } = await client.query<Record<keyof SeedCounts, string>>(
    `SELECT (SELECT count(*) FROM members) AS members,
            (SELECT count(*) FROM themes) AS themes,
            (SELECT count(*) FROM channels) AS channels,
            (SELECT count(*) FROM theme_follows) AS follows,
            (SELECT count(*) FROM messages) AS messages,
            (SELECT count(*) FROM messages WHERE reply_count > 0) AS threads,
            (SELECT count(*) FROM messages WHERE parent_id IS NOT NULL) AS replies,
            (SELECT count(*) FROM messages WHERE deleted_at IS NOT NULL) AS deleted,
            (SELECT count(*) FROM messages WHERE kind = 'system') AS system,
            (SELECT count(*) FROM message_mentions) AS mentions,
            (SELECT count(*) FROM channel_reads) AS reads,
            (SELECT count(*) FROM events) AS events,
            (SELECT count(*) FROM event_rsvps) AS rsvps,
            (SELECT count(*) FROM digest_deliveries) AS "previousDigests",
            (SELECT count(*) FROM members m WHERE NOT EXISTS
               (SELECT 1 FROM theme_follows f WHERE f.member_id = m.id)) AS "followingNothing"`,
  );
  return Object.fromEntries(
    Object.entries(rows[0]).map(([key, value]) => [key, Number(value)]),
  ) as unknown as SeedCounts;
}

// ---------------------------------------------------------------------------------------------------------
// The run

interface DbStats {
  xacts: number;
  tupReturned: number;
  tupFetched: number;
  tupInserted: number;
  tupUpdated: number;
  blksRead: number;
  blksHit: number;
}

/** pg_stat_database for the run's database, read from another database so the reading is not counted. */
async function dbStats(database: string): Promise<DbStats> {
  const client = new Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    await client.query('SELECT pg_stat_clear_snapshot()');
    const { rows } = await client.query<Record<string, string>>(
      `SELECT xact_commit + xact_rollback AS xacts, tup_returned, tup_fetched, tup_inserted, tup_updated,
              blks_read, blks_hit
         FROM pg_stat_database WHERE datname = $1`,
      [database],
    );
    const row = rows[0];
    return {
      xacts: Number(row.xacts),
      tupReturned: Number(row.tup_returned),
      tupFetched: Number(row.tup_fetched),
      tupInserted: Number(row.tup_inserted),
      tupUpdated: Number(row.tup_updated),
      blksRead: Number(row.blks_read),
      blksHit: Number(row.blks_hit),
    };
  } finally {
    await client.end();
  }
}

/** Rows read per table (seq_tup_read + idx_tup_fetch of pg_stat_user_tables). */
async function tableReads(dbUrl: string): Promise<Map<string, number>> {
  const client = await connect(dbUrl);
  try {
    const { rows } = await client.query<{ relname: string; reads: string }>(
      `SELECT relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) AS reads FROM pg_stat_user_tables`,
    );
    return new Map(rows.map((row) => [row.relname, Number(row.reads)]));
  } finally {
    await disconnect(client);
  }
}

interface Progress {
  enqueued: number;
  enqueuingDone: boolean;
  pending: number;
  sent: number;
  skipped: number;
  failed: number;
}

interface RunResult {
  progress: Progress;
  finished: boolean;
  /** Bench clock: the run row inserted and the `run` job added (t = 0 is just before the insert). */
  triggerMs: number;
  /** Database clock, from the run row's created_at. */
  enqueueDoneMs: number;
  lastFinalMs: number;
  firstSinkMs: number;
  lastSinkMs: number;
  windows: number;
  cpu: RunCpu;
  memory: { peak: number; now: number };
  rssSamples: number[];
  db: DbStats;
  /** Rows read during the run by table, most first (the benchmark's own reads are not in it). */
  tableReads: [string, number][];
  ownStatements: number;
  scheduledRuns: number;
  sinkMessages: number;
  sinkBytes: number;
  sinkConnections: number;
  duplicates: number;
  sentNotReceived: number;
  receivedNotSent: number;
  sample: { subject: string; bytes: number; textChars: number; links: number } | null;
  workerLevels: Record<string, number>;
  workerErrors: string[];
  workerDied: string | null;
}

const COUNTS_SQL = `
  SELECT count(*) FILTER (WHERE status IN ('queued', 'sending')) AS pending,
         count(*) FILTER (WHERE status = 'sent') AS sent,
         count(*) FILTER (WHERE status = 'skipped') AS skipped,
         count(*) FILTER (WHERE status = 'failed') AS failed
    FROM digest_deliveries WHERE run_id = $1`;

async function runPeriod(
  options: Options,
  dbUrl: string,
  workers: Child[],
  sink: CountingSink,
  queues: { schedule: Queue<DigestScheduleJob>; send: Queue },
): Promise<RunResult> {
  const database = run.database ?? '';
  const pids = workers.map((worker) => worker.process.pid);
  const pid = pids[0];
  const anyExited = () => workers.map(exitedEarly).find((died) => died !== null) ?? null;
  const readsBefore = await tableReads(dbUrl);
  await sleep(500);
  const before = await dbStats(database);
  const client = await connect(dbUrl);
  let ownStatements = 0;
  const own = async <T extends Record<string, unknown>>(sql: string, values: unknown[] = []) => {
    ownStatements++;
    return (await client.query<T>(sql, values)).rows;
  };
  const cpuStart = await runCpuSnapshot(pids);
  const t0 = nowMs();
  // What DigestScheduler.startAdminRun does: record the run, then let the worker enqueue it.
  const [{ id: runId }] = await own<{ id: string }>(
    `INSERT INTO digest_runs (frequency, trigger) VALUES ('weekly', 'admin') RETURNING id`,
  );
  await queues.schedule.add('run', { kind: 'run', runId, frequency: 'weekly' }, { jobId: `run-${runId}` });
  const triggerMs = nowMs() - t0;

  // Progress from the run row (one row by key) and BullMQ's job counts in Redis: counting the run's
  // deliveries in PostgreSQL every half second would add work of the benchmark's own to the figures.
  // A send job completes only after its row is final (sent or skipped); a failed job has its row failed.
  // The run is over when every job was added (enqueuing done) and none is left waiting, delayed (a retry)
  // or active. (BullMQ keeps only the last 10,000 completed jobs, so "completed" cannot be counted to N.)
  const rssSamples: number[] = [];
  let enqueued = 0;
  let enqueuingDone = false;
  let finished = false;
  let lastLine = t0;
  let lastSink = 0;
  const deadline = t0 + options.timeout * 1000;
  while (!anyExited()) {
    await sleep(500);
    const [row] = await own<{ enqueued: number; done: boolean }>(
      `SELECT enqueued, finished_enqueuing_at IS NOT NULL AS done FROM digest_runs WHERE id = $1`,
      [runId],
    );
    enqueued = row.enqueued;
    enqueuingDone = row.done;
    const jobs = await queues.send.getJobCounts('failed', 'active', 'wait', 'delayed', 'prioritized');
    rssSamples.push((await memoryMb(pid)).now);
    const left = jobs.active + jobs.wait + jobs.delayed + jobs.prioritized;
    finished = enqueuingDone && left === 0;
    const now = nowMs();
    if (finished || now - lastLine >= 5000) {
      const sinkNow = sink.messages();
      log(
        `  ${sec(now - t0).padStart(6)} s  enqueued ${int(enqueued).padStart(7)}${enqueuingDone ? ' (all)' : '      '}` +
          `  jobs left ${int(left).padStart(7)} (active ${int(jobs.active).padStart(2)})  failed ${int(jobs.failed).padStart(3)}` +
          `  SMTP ${int(sinkNow).padStart(7)} (${int(((sinkNow - lastSink) * 1000) / (now - lastLine))}/s)` +
          `  worker RSS ${int(rssSamples[rssSamples.length - 1])} MB`,
      );
      lastLine = now;
      lastSink = sinkNow;
    }
    if (finished || now > deadline) break;
  }
  const cpu = runCpu(cpuStart, await runCpuSnapshot(pids), workers.length);
  // The largest worker's.
  const memories = await Promise.all(pids.map((one) => memoryMb(one)));
  const memory = {
    peak: Math.max(...memories.map((m) => m.peak)),
    now: Math.max(...memories.map((m) => m.now)),
  };
  const workerDied = anyExited();

  // The worker's and this client's statistics reach pg_stat_database when their sessions end.
  await Promise.all(workers.map((worker) => run.stop(worker)));
  await disconnect(client);
  await sleep(1500);
  const after = await dbStats(database);
  const readsAfter = await tableReads(dbUrl);
  const reads = [...readsAfter]
    .map(([table, count]): [string, number] => [table, count - (readsBefore.get(table) ?? 0)])
    .filter(([, count]) => count > 0)
    .sort((a, b) => b[1] - a[1]);

  // Checks and timings, after the statistics were read (these queries are not counted).
  const check = await connect(dbUrl);
  const [counts] = (await check.query<Record<string, string>>(COUNTS_SQL, [runId])).rows;
  const progress: Progress = {
    enqueued,
    enqueuingDone,
    pending: Number(counts.pending),
    sent: Number(counts.sent),
    skipped: Number(counts.skipped),
    failed: Number(counts.failed),
  };
  finished &&= progress.pending === 0;
  const { rows: timing } = await check.query<Record<string, number | string>>(
    `SELECT extract(epoch FROM r.finished_enqueuing_at - r.created_at) * 1000 AS enqueue_done,
            extract(epoch FROM max(d.updated_at) - r.created_at) * 1000 AS last_final,
            count(DISTINCT (d.period_start, d.period_end)) AS windows,
            (SELECT count(*) FROM digest_runs WHERE trigger = 'schedule') AS scheduled_runs
       FROM digest_runs r LEFT JOIN digest_deliveries d ON d.run_id = r.id WHERE r.id = $1 GROUP BY r.id`,
    [runId],
  );
  const { rows: sentTo } = await check.query<{ email: string }>(
    `SELECT m.email FROM digest_deliveries d JOIN members m ON m.id = d.member_id
      WHERE d.run_id = $1 AND d.status = 'sent'`,
    [runId],
  );
  await disconnect(check);
  const sentEmails = new Set(sentTo.map((row) => row.email.toLowerCase()));
  let duplicates = 0;
  let receivedNotSent = 0;
  for (const [address, count] of sink.perRecipient) {
    duplicates += count - 1;
    if (!sentEmails.has(address)) receivedNotSent++;
  }
  let sentNotReceived = 0;
  for (const email of sentEmails) if (!sink.perRecipient.has(email)) sentNotReceived++;

  let sample: RunResult['sample'] = null;
  const raw = sink.sample();
  if (raw) {
    const parsed = await simpleParser(raw);
    sample = {
      subject: parsed.subject ?? '',
      bytes: raw.length,
      textChars: (parsed.text ?? '').length,
      links: (parsed.html || '').split('<a ').length - 1,
    };
  }
  return {
    progress,
    finished,
    triggerMs,
    enqueueDoneMs: Number(timing[0]?.enqueue_done ?? Number.NaN),
    lastFinalMs: Number(timing[0]?.last_final ?? Number.NaN),
    firstSinkMs: sink.firstAt() - t0,
    lastSinkMs: sink.lastAt() - t0,
    windows: Number(timing[0]?.windows ?? 0),
    cpu,
    memory,
    rssSamples,
    db: {
      xacts: after.xacts - before.xacts,
      tupReturned: after.tupReturned - before.tupReturned,
      tupFetched: after.tupFetched - before.tupFetched,
      tupInserted: after.tupInserted - before.tupInserted,
      tupUpdated: after.tupUpdated - before.tupUpdated,
      blksRead: after.blksRead - before.blksRead,
      blksHit: after.blksHit - before.blksHit,
    },
    tableReads: reads,
    ownStatements,
    scheduledRuns: Number(timing[0]?.scheduled_runs ?? 0),
    sinkMessages: sink.messages(),
    sinkBytes: sink.bytes(),
    sinkConnections: sink.connections(),
    duplicates,
    sentNotReceived,
    receivedNotSent,
    sample,
    workerLevels: workers.reduce<Record<string, number>>((levels, worker) => {
      for (const [level, count] of worker.levels)
        levels[pinoLevel(level)] = (levels[pinoLevel(level)] ?? 0) + count;
      return levels;
    }, {}),
    workerErrors: workers.flatMap((worker) => worker.firstErrors),
    workerDied,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Report

interface Figures {
  processed: number;
  totalMs: number;
  smtpMs: number;
  membersPerSecond: number;
  queriesPerMember: number;
  rowsPerMember: number;
  aimMs: number;
  aimMet: boolean;
  correct: boolean;
  problems: string[];
}

function figures(result: RunResult, options: Options, seeded: SeedCounts): Figures {
  const p = result.progress;
  const processed = p.sent + p.skipped + p.failed;
  const statements = result.db.xacts - result.ownStatements;
  const aimMs = (options.aimSeconds * 1000 * options.members) / options.aimMembers;
  const totalMs = result.lastFinalMs;
  const problems: string[] = [];
  if (!result.finished) problems.push(`the run did not finish: ${p.pending} digests still pending`);
  if (result.workerDied) problems.push(`the worker exited during the run (${result.workerDied})`);
  if (p.enqueued !== options.members)
    problems.push(`${p.enqueued} digests enqueued for ${options.members} members`);
  if (p.failed) problems.push(`${p.failed} failed`);
  if (result.sinkMessages !== p.sent)
    problems.push(`the sink received ${result.sinkMessages} mails for ${p.sent} rows sent`);
  if (result.duplicates) problems.push(`${result.duplicates} mails to a recipient who already had one`);
  if (result.sentNotReceived || result.receivedNotSent)
    problems.push(
      `${result.sentNotReceived} sent rows without a mail, ${result.receivedNotSent} mails without a sent row`,
    );
  if (p.skipped !== seeded.followingNothing)
    problems.push(
      `${p.skipped} skipped, expected ${seeded.followingNothing} (the members following nothing)`,
    );
  if (result.scheduledRuns) problems.push(`${result.scheduledRuns} scheduled tick(s) ran during the run`);
  const correct = problems.length === 0;
  return {
    processed,
    totalMs,
    smtpMs: result.lastSinkMs,
    membersPerSecond: (processed * 1000) / totalMs,
    queriesPerMember: statements / Math.max(1, p.enqueued),
    rowsPerMember: (result.db.tupReturned + result.db.tupFetched) / Math.max(1, p.enqueued),
    aimMs,
    aimMet: correct && totalMs < aimMs,
    correct,
    problems,
  };
}

function summarize(
  result: RunResult,
  options: Options,
  seeded: SeedCounts,
  machine: string,
  env: string,
): void {
  const f = figures(result, options, seeded);
  const p = result.progress;
  const c = result.cpu;
  const rssMax = Math.max(...result.rssSamples.filter(Number.isFinite));
  log('');
  log('== Summary ==');
  log(machine);
  log(env);
  const rows: [string, string][] = [
    ['members (digests enqueued)', `${int(options.members)} (${int(p.enqueued)})`],
    ['sent / skipped / failed', `${int(p.sent)} / ${int(p.skipped)} / ${int(p.failed)}`],
    ['total: run recorded → every row final', `${sec(f.totalMs)} s`],
    ['  run recorded → last mail accepted by SMTP', `${sec(f.smtpMs)} s`],
    ['  run recorded → every digest enqueued', `${sec(result.enqueueDoneMs)} s`],
    ['  run recorded → first mail accepted', `${sec(result.firstSinkMs)} s`],
    ['members/s (processed ÷ total)', dec(f.membersPerSecond, 0)],
    [
      'database statements per member',
      `${dec(f.queriesPerMember)} (${int(result.db.xacts - result.ownStatements)} in all)`,
    ],
    ['rows read per member (tup_returned + tup_fetched)', int(f.rowsPerMember)],
    [
      '  by table (seq + index reads, per member)',
      result.tableReads
        .slice(0, 5)
        .map(([table, count]) => `${table} ${int(count / Math.max(1, p.enqueued))}`)
        .join(', '),
    ],
    ['distinct content windows (period_start, period_end)', int(result.windows)],
    [
      'worker peak RSS (VmHWM) / at the end / max sampled',
      `${int(result.memory.peak)} / ${int(result.memory.now)} / ${int(rssMax)} MB`,
    ],
    [
      'mail: count, average size, SMTP connections',
      `${int(result.sinkMessages)}, ${int(result.sinkBytes / Math.max(1, result.sinkMessages))} bytes, ${result.sinkConnections}`,
    ],
    [
      'CPU % of one core: worker (in the kernel) / postgres / redis / sink+bench / other',
      `${pct(c.worker)}${c.perWorker.length > 1 ? ` [${c.perWorker.map(pct).join(' + ')}]` : ''} (${pct(c.workerSystem)}) / ${pct(c.postgres)} / ${pct(c.redis)} / ${pct(c.bench)} / ${pct(c.other)} (machine ${pct(c.machine)} of ${cpus().length * 100}%)`,
    ],
    ['worker log lines', JSON.stringify(result.workerLevels)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) log(`  ${label.padEnd(width)}  ${value}`);
  for (const line of result.workerErrors) log(`    worker: ${line}`);
  if (result.sample) {
    log(
      `  a digest: 「${result.sample.subject}」 ${int(result.sample.bytes)} bytes, ${int(result.sample.textChars)} characters of text, ${result.sample.links} links`,
    );
  }
  log('');
  log(
    `Checks: ${f.correct ? 'every member sent or skipped exactly once, the sink count equals the sent rows' : 'FAILED'}`,
  );
  for (const problem of f.problems) log(`  !! ${problem}`);
  log(
    `Aim: ${int(options.aimMembers)} digests built and handed to SMTP in under ${options.aimSeconds} s` +
      (options.members === options.aimMembers
        ? ''
        : ` (for ${int(options.members)} members at the same rate: ${sec(f.aimMs)} s)`) +
      `: ${sec(f.totalMs)} s — ${f.aimMet ? 'PASS' : 'MISS'}`,
  );
  if (c.other > 25) {
    log(`  note: other processes used ${pct(c.other)} of a core during the run: the figures are pessimistic`);
  }
  markdown(result, options, seeded, machine, env, f);
}

function markdown(
  result: RunResult,
  options: Options,
  seeded: SeedCounts,
  machine: string,
  env: string,
  f: Figures,
): void {
  const p = result.progress;
  const c = result.cpu;
  const lines = [
    `### Digest run, ${int(options.members)} members, ${new Date().toISOString().slice(0, 10)}`,
    '',
    `${machine}. ${env}.`,
    `Seed: ${int(seeded.members)} members, ${seeded.themes} themes (${seeded.channels} channels), ${int(seeded.follows)} follows, ` +
      `${int(seeded.messages)} messages in the week (${int(seeded.replies)} replies in ${int(seeded.threads)} threads, ` +
      `${int(seeded.deleted)} deleted, ${int(seeded.mentions)} mentions), ${seeded.events} events with ${int(seeded.rsvps)} RSVPs.`,
    '',
    '| figure | value |',
    '| --- | ---: |',
    `| digests sent / skipped / failed | ${int(p.sent)} / ${int(p.skipped)} / ${int(p.failed)} |`,
    `| total: run recorded → every row final | ${sec(f.totalMs)} s |`,
    `| run recorded → last mail accepted by SMTP | ${sec(f.smtpMs)} s |`,
    `| run recorded → every digest enqueued | ${sec(result.enqueueDoneMs)} s |`,
    `| members/s | ${dec(f.membersPerSecond, 0)} |`,
    `| database statements per member | ${dec(f.queriesPerMember)} |`,
    `| rows read per member | ${int(f.rowsPerMember)} |`,
    `| worker peak RSS (VmHWM) | ${int(result.memory.peak)} MB |`,
    `| CPU, % of one core: worker / postgres / redis / sink / other | ${[c.worker, c.postgres, c.redis, c.bench, c.other].map((v) => Math.round(v)).join(' / ')} |`,
    `| mails in the sink (= sent rows), average size | ${int(result.sinkMessages)}, ${int(result.sinkBytes / Math.max(1, result.sinkMessages))} bytes |`,
    '',
    `- Aim: ${int(options.aimMembers)} digests built and handed to SMTP in under ${options.aimSeconds} s` +
      (options.members === options.aimMembers
        ? ''
        : ` (scaled to ${int(options.members)}: ${sec(f.aimMs)} s)`) +
      `: ${sec(f.totalMs)} s — **${f.aimMet ? 'PASS' : 'MISS'}**` +
      (f.correct ? '' : ` (checks failed: ${f.problems.join('; ')})`),
  ];
  logMarkdown(lines);
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const root = repoRoot();
  run.keepDb = options.keepDb;
  run.logChildrenTo(options.workerLog);
  const workerEntry = join(root, 'dist/apps/worker/src/main.js');
  const migrateEntry = join(root, 'dist/libs/database/src/migrate.js');
  if (!existsSync(workerEntry) || !existsSync(migrateEntry)) {
    throw new Error(`${workerEntry} is missing: run \`npm run build\` first (npm run bench:digest does)`);
  }
  const machine = machineDescription('PostgreSQL, Redis and the SMTP sink on the same machine');
  log(`digest benchmark — run ${run.id}, ${new Date().toISOString()}`);
  log(machine);
  await logBackgroundLoad();

  // Database, sink, worker. The worker starts before the seed: its job scheduler runs a first tick at once,
  // which must find nobody due (the admin run below is the only thing that enqueues digests).
  const { database, url: dbUrl } = await run.createDatabase();
  const sink = await startCountingSink();
  sinkToClose = sink;
  const env = run.appEnv(dbUrl, {
    SMTP_URL: sink.url,
    PUBLIC_URL: 'https://salon.example.org',
    LOG_LEVEL: 'info',
    // No second scheduled tick during the run (the first one runs at start-up, before the seed).
    DIGEST_TICK_SECONDS: String(10_000_000),
    DIGEST_SEND_RATE_PER_SECOND: String(options.rate),
    ...(options.concurrency ? { DIGEST_SEND_CONCURRENCY: String(options.concurrency) } : {}),
    ...(options.pool ? { DATABASE_POOL_SIZE: String(options.pool) } : {}),
    ...(options.batch ? { DIGEST_BATCH_SIZE: String(options.batch) } : {}),
  });
  let started = nowMs();
  await run.migrate(root, env);
  log(`database ${database} created and migrated in ${int(nowMs() - started)} ms`);

  const workerArgs = ['--enable-source-maps', workerEntry];
  if (options.profileDir) {
    mkdirSync(options.profileDir, { recursive: true });
    workerArgs.unshift('--cpu-prof', `--cpu-prof-dir=${options.profileDir}`);
  }
  started = nowMs();
  const workers = Array.from({ length: options.workers }, (_, i) =>
    run.spawn(options.workers > 1 ? `worker${i + 1}` : 'worker', workerArgs, env, root),
  );
  const scheduleQueue = new Queue<DigestScheduleJob>(QUEUES.digestSchedule, {
    connection: { url: run.redisUrl, maxRetriesPerRequest: null },
    prefix: `${env.REDIS_KEY_PREFIX}bull`,
  });
  openQueues.add(scheduleQueue);
  for (const deadline = nowMs() + 60_000; ;) {
    for (const worker of workers) {
      const died = exitedEarly(worker);
      if (died) throw new Error(`a worker exited (${died}) before it was ready:\n${worker.tail()}`);
    }
    const counts = await scheduleQueue.getJobCounts('completed', 'failed');
    const ready = workers.every((worker) => /worker ready/.test(worker.tail()));
    if (ready && counts.completed + counts.failed > 0) break;
    if (nowMs() > deadline) throw new Error(`the workers were not ready after 60 s:\n${workers[0].tail()}`);
    await sleep(100);
  }
  log(
    `worker${workers.length > 1 ? 's' : ''} (pid ${workers.map((w) => w.process.pid).join(', ')}) ready, first scheduled tick done, in ${int(nowMs() - started)} ms`,
  );

  started = nowMs();
  const seedClient = await connect(dbUrl);
  const seeded = await seed(seedClient, options);
  await disconnect(seedClient);
  log(
    `seeded in ${sec(nowMs() - started)} s: ${int(seeded.members)} members (${int(seeded.followingNothing)} following nothing), ` +
      `${seeded.themes} themes, ${seeded.channels} channels, ${int(seeded.follows)} follows, ${int(seeded.messages)} messages ` +
      `(${int(seeded.replies)} replies in ${int(seeded.threads)} threads, ${int(seeded.deleted)} deleted, ${int(seeded.system)} system), ` +
      `${int(seeded.mentions)} mentions, ${int(seeded.reads)} read markers, ${seeded.events} events, ${int(seeded.rsvps)} RSVPs, ` +
      `${int(seeded.previousDigests)} digests of last week`,
  );
  const workerEnv =
    `${options.workers > 1 ? `${options.workers} workers` : 'Worker'}: DIGEST_SEND_CONCURRENCY ${options.concurrency ?? 'default'}, DATABASE_POOL_SIZE ${options.pool ?? 'default'}, ` +
    `DIGEST_BATCH_SIZE ${options.batch ?? 'default'}, DIGEST_SEND_RATE_PER_SECOND ${int(options.rate)}; counting SMTP sink ` +
    '(smtp-server, no parsing) in the benchmark process';
  log(workerEnv);
  log('');
  log('admin run for every weekly member:');
  const sendQueue = new Queue(QUEUES.digestSend, {
    connection: { url: run.redisUrl, maxRetriesPerRequest: null },
    prefix: `${env.REDIS_KEY_PREFIX}bull`,
  });
  openQueues.add(sendQueue);
  const result = await runPeriod(options, dbUrl, workers, sink, { schedule: scheduleQueue, send: sendQueue });
  summarize(result, options, seeded, machine, workerEnv);
  log('');
}

run.main(main);
