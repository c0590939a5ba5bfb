/**
 * History and search benchmark (a script, not a Jest test): a year of chat, N messages (default 1,000,000)
 * in 100 channels, read through the built api over HTTP by 20 concurrent members.
 *
 *   npm run bench:history                          # 1,000,000 messages
 *   npm run bench:history -- --messages 100000     # the small size, to show the figures stay flat
 *   npm run bench:history -- --help                # every option
 *
 * Everything it needs it starts itself: a fresh database `salon_bench_<run>` (migrated with the built
 * migrations, seeded with bulk SQL: the messages' secondary indexes are dropped for the load and built
 * again after it, then VACUUM ANALYZE; dropped at the end unless --keep-db), a Redis key prefix of its own
 * and the built api (dist/apps/api/src/main.js) as a child process.
 *
 * Each measure runs alone: `--readers` members (default 20) each send the measure's request, wait for the
 * whole answer, pause `--think` ms and send the next, until `--requests` answers were timed (after a
 * warm-up). Then the repository's statements for a sample of the same requests are run once more under
 * EXPLAIN (ANALYZE) from this process, one at a time: PostgreSQL's share of a request.
 * PostgreSQL and Redis must be running (TEST_DATABASE_ADMIN_URL / REDIS_URL, or the local defaults).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import { type Client } from 'pg';
import type { DataSource } from 'typeorm';
import { MessagesRepository } from '../../libs/chat/src/messages.repository';
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
  nowMs,
  pct,
  repoRoot,
  UsageError,
  waitReady,
  type Child,
} from './harness';
import { freePort } from '../support/api-process';

// ---------------------------------------------------------------------------------------------------------
// Options

interface Options {
  messages: number;
  readers: number;
  requests: number;
  warmup: number;
  think: number;
  explain: number;
  pool: number;
  only: string[] | null;
  keepDb: boolean;
  apiLog: string | null;
  /** Run the api with --cpu-prof, its profile written to this directory. */
  profileDir: string | null;
  /** An existing benchmark database (kept by an earlier run) to measure again, without seeding. */
  database: string | null;
}

const DEFAULTS: Options = {
  messages: 1_000_000,
  readers: 20,
  requests: 2_000,
  warmup: 200,
  think: 0,
  explain: 40,
  pool: 10,
  only: null,
  keepDb: false,
  apiLog: null,
  profileDir: null,
  database: null,
};

const THEMES = 20;
const CHANNELS_PER_THEME = 5;
const MEMBERS = 2_000;
const PAGE = 50;

/** Search terms, by how often the seed writes them (the real share is measured and printed). */
const TERMS = {
  rare: 'ざざむし', // about 1 message in 10,000
  common: '塩尻', // about 6%
  four: '奈良井宿', // about 1%
  english: 'workshop', // about 1.5%
};

const HELP = `History and search benchmark: a year of chat read through the built api by concurrent members.

  --messages N     messages in 100 channels over a year (default ${int(DEFAULTS.messages)})
  --readers N      concurrent members reading (default ${DEFAULTS.readers})
  --requests N     timed requests per measure (default ${int(DEFAULTS.requests)}), after --warmup N (default ${DEFAULTS.warmup})
  --think MS       each reader's pause between an answer and its next request (default ${DEFAULTS.think}: back to back)
  --explain N      requests per measure re-run under EXPLAIN ANALYZE for the database's share (default ${DEFAULTS.explain})
  --pool N         the api's DATABASE_POOL_SIZE (default ${DEFAULTS.pool})
  --only a,b       only these measures (latest, before, thread, catchup, rare, common, four, english)
  --api-log FILE   append the api's whole output to FILE
  --profile DIR    run the api with --cpu-prof, its profile written to DIR when it stops
  --keep-db        keep the database at the end (its name is printed) for EXPLAIN and inspection
  --database NAME  measure a database kept by an earlier run again (migrated to the built migrations, not
                   seeded, kept at the end); --messages is then what it holds
`;

function parseOptions(argv: string[]): Options {
  exitWithHelpIfAsked(argv, HELP);
  const options: Options = { ...DEFAULTS };
  const numeric: Record<string, keyof Options> = {
    '--messages': 'messages',
    '--readers': 'readers',
    '--requests': 'requests',
    '--warmup': 'warmup',
    '--think': 'think',
    '--explain': 'explain',
    '--pool': 'pool',
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--keep-db') options.keepDb = true;
    else if (flag === '--api-log') {
      const value = argv[++i];
      if (!value) throw new UsageError(`${flag} needs a path`);
      options.apiLog = value;
    } else if (flag === '--profile') {
      const value = argv[++i];
      if (!value) throw new UsageError(`${flag} needs a directory`);
      options.profileDir = resolve(value);
    } else if (flag === '--database') {
      const value = argv[++i];
      if (!value || !/^salon_bench_\w+$/.test(value))
        throw new UsageError(`${flag} needs a salon_bench_… name`);
      options.database = value;
    } else if (flag === '--only') {
      const value = argv[++i];
      if (!value) throw new UsageError(`${flag} needs a list of measures`);
      options.only = value.split(',');
    } else if (flag in numeric) {
      const value = Number(argv[++i]);
      if (!Number.isInteger(value) || value < 0) throw new UsageError(`${flag} needs an integer ≥ 0`);
      (options as unknown as Record<string, number>)[numeric[flag]] = value;
    } else {
      throw new UsageError(`unknown option ${flag} (see --help)`);
    }
  }
  if (options.messages < 20_000) throw new UsageError('--messages must be at least 20,000');
  if (options.readers < 1 || options.requests < 1)
    throw new UsageError('--readers and --requests must be ≥ 1');
  return options;
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(value < 10 ? 2 : 1) : '–');

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

// ---------------------------------------------------------------------------------------------------------
// The run

const run = new BenchRun({ errorLevel: 50, stopGraceMs: 10_000 });
/** Statements prepared on the EXPLAIN connection (see runMeasure). */
const explainPrepared = new Set<string>();
const connect = (url: string) => run.connect(url);
const disconnect = (client: Client) => run.disconnect(client);

// ---------------------------------------------------------------------------------------------------------
// Seed: bulk SQL in one session

const JA_OPENERS = [
  '駅前の空き店舗の件、',
  '木曽漆器の工房見学ですが、',
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
  '昨日の打ち合わせ、',
];
const JA_MIDDLES = [
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
  '議事録はこちらに書いておきます。',
  '資料の第2版を上げました。',
  'レンタサイクルも使えるようです。',
];
const JA_CLOSERS = [
  'よろしくお願いします！',
  'ご意見ください🙏',
  '詳しくは次回の定例で。',
  '参加できる方はリアクションお願いします。',
  '',
  '楽しみです😊',
  '日程調整します。',
];
/** Phrases with 塩尻 (the common term) and with 奈良井宿 (the four-character one). */
const SHIOJIRI = [
  '塩尻駅の東口で集合です。',
  '塩尻ワインの新酒が出ました。',
  '塩尻市の補助金の件、',
  '塩尻峠から見た景色がきれいでした。',
];
const NARAI = ['奈良井宿の古民家で', '奈良井宿まつりの手伝い、', '奈良井宿の宿場祭りは'];
const RARE = ['ざざむしの佃煮を初めて食べました。', '天竜川のざざむし漁の話、'];
const EN = [
  'Thanks for sharing the slides!',
  'I can join online next Saturday.',
  'The bus leaves the station at 9:30.',
  'Could someone translate the flyer?',
  'Great photos from the winery tour.',
  'Let me check the budget and get back to you.',
  'Is there parking near the venue?',
  'I uploaded the notes to the shared drive.',
];
const EN_WORKSHOP = ['The lacquer workshop is full, sorry.', 'Who is running the coding workshop?'];
const EMOJI = ['👍', '🙏', '😊', '🎉', '👀', '🍇'];

interface SeedCounts {
  messages: number;
  replies: number;
  threads: number;
  deleted: number;
  reactions: number;
  mentions: number;
  channels: number;
  smallestChannel: number;
  largestChannel: number;
  terms: Record<keyof typeof TERMS, number>;
}

async function seed(client: Client, options: Options): Promise<SeedCounts> {
  const q = (sql: string, values: unknown[] = []) => client.query(sql, values);
  const step = async (label: string, sql: string, values: unknown[] = []) => {
    const started = nowMs();
    const result = await q(sql, values);
    log(`    ${label}: ${int(nowMs() - started)} ms`);
    return result;
  };
  const roots = Math.round(options.messages * 0.85);
  const replies = options.messages - roots;
  const hotRoots = Math.max(1, Math.round(roots * 0.01));
  await q(`SET maintenance_work_mem = '512MB'`);
  await q(`SET work_mem = '256MB'`);

  await q(
    `INSERT INTO members (email, password_hash, display_name, created_at, updated_at, email_verified_at)
     SELECT 'bench-' || i || '@bench.invalid', 'bench: no login', 'ベンチ会員' || i,
            now() - interval '400 days', now() - interval '400 days', now() - interval '400 days'
       FROM generate_series(1, $1::int) AS i`,
    [MEMBERS],
  );
  await q(
    `CREATE TEMP TABLE bench_members AS SELECT row_number() OVER (ORDER BY email) AS n, id, display_name FROM members`,
  );
  await q(`CREATE UNIQUE INDEX ON bench_members (n)`);
  // 20 themes (the last one private), 5 channels each. The readers (members 1–20) follow themes 1–18.
  await q(
    `INSERT INTO themes (slug, title, status, visibility, created_at, updated_at)
     SELECT 'bench-theme-' || t, 'ベンチテーマ ' || t, 'active', CASE WHEN t = $1 THEN 'private' ELSE 'public' END,
            now() - interval '400 days', now() - interval '400 days'
       FROM generate_series(1, $1::int) AS t`,
    [THEMES],
  );
  await q(
    `CREATE TEMP TABLE bench_themes AS SELECT row_number() OVER (ORDER BY slug COLLATE "C") AS n, id FROM themes`,
  );
  await q(
    `INSERT INTO channels (theme_id, slug, name, created_at)
     SELECT t.id, 'ch-' || c, 'チャンネル ' || c, now() - interval '400 days'
       FROM bench_themes t CROSS JOIN generate_series(1, $1::int) AS c`,
    [CHANNELS_PER_THEME],
  );
  // Channel numbers are shuffled over the themes, so big and small channels are spread over them.
  await q(
    `CREATE TEMP TABLE bench_channels AS
     SELECT row_number() OVER (ORDER BY md5(c.id::text)) AS n, c.id, t.n AS theme_n
       FROM channels c JOIN bench_themes t ON t.id = c.theme_id`,
  );
  await q(
    `INSERT INTO theme_follows (theme_id, member_id, created_at)
     SELECT t.id, m.id, now() - interval '380 days'
       FROM bench_members m CROSS JOIN bench_themes t
      WHERE (m.n <= 20 AND t.n <= $1 - 2) OR (m.n > 20 AND random() < 0.3)`,
    [THEMES],
  );

  // Messages: 85% roots spread over a year and over the channels (a few busy ones, many quiet ones: the
  // busiest has ~8%, the quietest ~0.5%), 15% replies (70% of them to 1% "hot" roots), within 2 days.
  await step(
    'roots planned',
    `CREATE TEMP TABLE bench_msgs AS
     SELECT i::bigint AS n, gen_random_uuid() AS id, NULL::bigint AS parent_n,
            1 + floor($2::int * power(random(), 1.8))::int AS ch,
            now() - random() * interval '365 days' AS created_at,
            random() AS r1, random() AS r2, random() AS r3, (random() * 1e9)::bigint AS pick
       FROM generate_series(1, $1::int) AS i`,
    [roots, THEMES * CHANNELS_PER_THEME],
  );
  await q(`CREATE UNIQUE INDEX ON bench_msgs (n)`);
  await step(
    'replies planned',
    `INSERT INTO bench_msgs
     SELECT $1::int + r.i, gen_random_uuid(), p.n, p.ch,
            least(now() - interval '1 minute', p.created_at + random() * interval '2 days'),
            random(), random(), random(), (random() * 1e9)::bigint
       FROM (SELECT i, CASE WHEN random() < 0.7 THEN 1 + floor($3::int * random())
                            ELSE 1 + floor($1::int * random()) END::bigint AS parent
               FROM generate_series(1, $2::int) AS i) r
       JOIN bench_msgs p ON p.n = r.parent`,
    [roots, replies, hotRoots],
  );
  // Insert order = time order (as a live table fills), seq per channel in time order.
  await step(
    'ordered',
    `CREATE TEMP TABLE bench_rows AS
     SELECT m.*, row_number() OVER (ORDER BY created_at, n) AS t,
            row_number() OVER (PARTITION BY ch ORDER BY created_at, n) AS seq,
            r2 < 0.01 AS del, r1 < 0.02 AS mention
       FROM bench_msgs m`,
  );
  await q(`CREATE UNIQUE INDEX ON bench_rows (n)`);
  await q(`CREATE INDEX ON bench_rows (t)`);

  // The bulk load without the secondary indexes (built again below) and without FK triggers.
  const { rows: indexes } = await q(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
      WHERE i.tablename = 'messages' AND i.schemaname = 'public'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
  );
  for (const index of indexes as { indexname: string }[]) await q(`DROP INDEX ${index.indexname}`);
  await q(`SET session_replication_role = replica`);
  const chunk = 200_000;
  const started = nowMs();
  for (let from = 0; from < options.messages; from += chunk) {
    await q(
      `INSERT INTO messages (id, channel_id, seq, author_id, kind, body, parent_id, created_at, deleted_at)
       SELECT m.id, c.id, m.seq, a.id, 'user',
              CASE WHEN m.del THEN ''
                   WHEN m.pick % 10000 = 7 THEN ($9::text[])[1 + (m.pick / 10000) % cardinality($9::text[])]
                        || ($2::text[])[1 + (m.pick % cardinality($2::text[]))::int]
                   WHEN m.r3 < 0.12 THEN
                        CASE WHEN m.r3 < 0.015 THEN ($11::text[])[1 + (m.pick / 7) % cardinality($11::text[])] || ' ' ELSE '' END
                        || ($10::text[])[1 + (m.pick % cardinality($10::text[]))::int]
                        || CASE WHEN m.r1 > 0.5 THEN ' ' || ($10::text[])[1 + ((m.pick / 100) % cardinality($10::text[]))::int] ELSE '' END
                   ELSE CASE WHEN m.mention THEN '@' || a.display_name || ' さん、' ELSE '' END
                        || CASE WHEN m.r3 < 0.18 THEN ($7::text[])[1 + (m.pick / 3) % cardinality($7::text[])]
                                WHEN m.r3 < 0.19 THEN ($8::text[])[1 + (m.pick / 3) % cardinality($8::text[])]
                                ELSE ($1::text[])[1 + floor(m.r1 * cardinality($1::text[]))::int] END
                        || ($2::text[])[1 + (m.pick % cardinality($2::text[]))::int]
                        || CASE WHEN m.r2 > 0.6 THEN ($2::text[])[1 + ((m.pick / 100) % cardinality($2::text[]))::int] ELSE '' END
                        || ($3::text[])[1 + ((m.pick / 10000) % cardinality($3::text[]))::int] END,
              p.id, m.created_at,
              CASE WHEN m.del THEN least(now(), m.created_at + interval '20 minutes') END
         FROM bench_rows m
         JOIN bench_channels c ON c.n = m.ch
         JOIN bench_members a ON a.n = 1 + floor($6::int * power((m.pick % 1000003) / 1000003.0, 3))::bigint
         LEFT JOIN bench_rows p ON p.n = m.parent_n
        WHERE m.t > $4 AND m.t <= $5
        ORDER BY m.t`,
      [
        JA_OPENERS,
        JA_MIDDLES,
        JA_CLOSERS,
        from,
        from + chunk,
        MEMBERS,
        SHIOJIRI,
        NARAI,
        RARE,
        EN,
        EN_WORKSHOP,
      ],
    );
    log(`    messages: ${int(Math.min(options.messages, from + chunk))} in ${int(nowMs() - started)} ms`);
  }
  await step(
    'reactions',
    `INSERT INTO message_reactions (message_id, member_id, emoji, created_at)
     SELECT m.id, mem.id, ($1::text[])[1 + (m.pick / (j * 11)) % cardinality($1::text[])],
            m.created_at + j * interval '3 minutes'
       FROM bench_rows m CROSS JOIN LATERAL generate_series(1, 1 + (m.pick % 3)::int) AS j
       JOIN bench_members mem ON mem.n = 1 + (m.pick / (j * 7)) % $2
      WHERE m.r2 > 0.88 AND NOT m.del
     ON CONFLICT DO NOTHING`,
    [EMOJI, MEMBERS],
  );
  await step(
    'mentions',
    `INSERT INTO message_mentions (message_id, member_id, channel_id, seq, created_at)
     SELECT msg.id, msg.author_id, msg.channel_id, msg.seq, msg.created_at
       FROM bench_rows m JOIN messages msg ON msg.id = m.id
      WHERE m.mention AND NOT m.del AND m.r3 >= 0.12 AND m.pick % 10000 <> 7`,
  );
  await q(`SET session_replication_role = DEFAULT`);
  for (const index of indexes as { indexname: string; indexdef: string }[]) {
    await step(`index ${index.indexname}`, index.indexdef);
  }
  await step(
    'reply counts',
    `UPDATE messages r SET reply_count = s.replies, last_reply_at = s.last
       FROM (SELECT parent_id, count(*) AS replies, max(created_at) AS last FROM messages
              WHERE parent_id IS NOT NULL AND deleted_at IS NULL GROUP BY parent_id) s
      WHERE r.id = s.parent_id`,
  );
  await q(
    `UPDATE channels c SET last_seq = s.last
       FROM (SELECT channel_id, max(seq) AS last FROM messages GROUP BY channel_id) s WHERE c.id = s.channel_id`,
  );
  await step('vacuum analyze', 'VACUUM ANALYZE');
  return counts(client);
}

async function counts(client: Client): Promise<SeedCounts> {
  const { rows } = await client.query(
    `SELECT (SELECT count(*) FROM messages) AS messages,
            (SELECT count(*) FROM messages WHERE parent_id IS NOT NULL) AS replies,
            (SELECT count(*) FROM messages WHERE reply_count > 0) AS threads,
            (SELECT count(*) FROM messages WHERE deleted_at IS NOT NULL) AS deleted,
            (SELECT count(*) FROM message_reactions) AS reactions,
            (SELECT count(*) FROM message_mentions) AS mentions,
            (SELECT count(*) FROM channels) AS channels,
            (SELECT min(last_seq) FROM channels) AS smallest,
            (SELECT max(last_seq) FROM channels) AS largest,
            count(*) FILTER (WHERE body LIKE '%' || $1 || '%') AS rare,
            count(*) FILTER (WHERE body LIKE '%' || $2 || '%') AS common,
            count(*) FILTER (WHERE body LIKE '%' || $3 || '%') AS four,
            count(*) FILTER (WHERE lower(body) LIKE '%' || $4 || '%') AS english
       FROM messages`,
    [TERMS.rare, TERMS.common, TERMS.four, TERMS.english],
  );
  const row = rows[0] as Record<string, string>;
  return {
    messages: Number(row.messages),
    replies: Number(row.replies),
    threads: Number(row.threads),
    deleted: Number(row.deleted),
    reactions: Number(row.reactions),
    mentions: Number(row.mentions),
    channels: Number(row.channels),
    smallestChannel: Number(row.smallest),
    largestChannel: Number(row.largest),
    terms: {
      rare: Number(row.rare),
      common: Number(row.common),
      four: Number(row.four),
      english: Number(row.english),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// The measures

interface Reader {
  memberId: string;
  token: string;
}

interface Measure {
  key: string;
  label: string;
  kind: 'history' | 'search';
  /** The i-th request: its path (under /api) and how to run its repository statements. */
  request: (i: number) => { path: string; repo: (repo: MessagesRepository) => Promise<unknown> };
  /** Checks an answer: a message for a wrong one. */
  check: (body: unknown, i: number) => string | null;
}

interface Targets {
  readable: string[];
  channels: { id: string; lastSeq: number }[];
  threads: { id: string; replies: number }[];
}

async function targets(client: Client, readerId: string): Promise<Targets> {
  const { rows: channels } = await client.query<{ id: string; last_seq: string }>(
    `SELECT c.id, c.last_seq FROM channels c JOIN theme_follows f ON f.theme_id = c.theme_id AND f.member_id = $1
      ORDER BY c.id`,
    [readerId],
  );
  const { rows: threads } = await client.query<{ id: string; reply_count: number }>(
    `SELECT m.id, m.reply_count FROM messages m
      WHERE m.channel_id = ANY($1::uuid[]) AND m.reply_count >= 5 AND m.deleted_at IS NULL
      ORDER BY md5(m.id::text) LIMIT 500`,
    [channels.map((c) => c.id)],
  );
  return {
    readable: channels.map((c) => c.id),
    channels: channels.map((c) => ({ id: c.id, lastSeq: Number(c.last_seq) })),
    threads: threads.map((t) => ({ id: t.id, replies: t.reply_count })),
  };
}

type Page = { items: { seq: number; createdAt: string; id: string; deleted?: boolean; body: string }[] };

function measures(t: Targets): Measure[] {
  const pick = <T>(list: T[], i: number) => list[(i * 7919) % list.length];
  const deep = t.channels.filter((c) => c.lastSeq > 1000 + PAGE + 1);
  const search = (key: keyof typeof TERMS, label: string): Measure => ({
    key,
    label,
    kind: 'search',
    request: () => ({
      path: `/search/messages?q=${encodeURIComponent(TERMS[key])}`,
      repo: (repo) => repo.search(t.readable, TERMS[key], null, 20),
    }),
    check: (body) => {
      const { items } = body as Page;
      if (!items.length) return 'no hits';
      for (let k = 1; k < items.length; k++) {
        const [a, b] = [items[k - 1], items[k]];
        if (a.createdAt < b.createdAt || (a.createdAt === b.createdAt && a.id < b.id))
          return 'not newest first';
      }
      if (items.some((item) => !item.body.toLowerCase().includes(TERMS[key])))
        return 'a hit without the term';
      return null;
    },
  });
  return [
    {
      key: 'latest',
      label: 'history: latest page',
      kind: 'history',
      request: (i) => {
        const channel = pick(t.channels, i);
        return {
          path: `/channels/${channel.id}/messages`,
          repo: (repo) => repo.page(channel.id, { beforeSeq: null }, PAGE),
        };
      },
      check: (body, i) => {
        const { items } = body as Page;
        return items.at(-1)?.seq === pick(t.channels, i).lastSeq ? null : 'not the newest message last';
      },
    },
    {
      key: 'before',
      label: 'history: 1,000 back (beforeSeq)',
      kind: 'history',
      request: (i) => {
        const channel = pick(deep, i);
        const beforeSeq = channel.lastSeq - 1000;
        return {
          path: `/channels/${channel.id}/messages?beforeSeq=${beforeSeq}`,
          repo: (repo) => repo.page(channel.id, { beforeSeq }, PAGE),
        };
      },
      check: (body, i) => {
        const { items } = body as Page;
        const channel = pick(deep, i);
        return items.length === PAGE && items.at(-1)?.seq === channel.lastSeq - 1001 ? null : 'wrong page';
      },
    },
    {
      key: 'thread',
      label: 'thread (root + first page)',
      kind: 'history',
      request: (i) => {
        const root = pick(t.threads, i);
        return {
          path: `/messages/${root.id}/thread`,
          repo: (repo) => Promise.all([repo.get(root.id), repo.threadPage(root.id, 0, PAGE)]),
        };
      },
      check: (body, i) => {
        const { items } = body as Page;
        return items.length >= Math.min(PAGE, pick(t.threads, i).replies) ? null : 'too few replies';
      },
    },
    {
      key: 'catchup',
      label: 'catch-up: afterSeq (30 missed)',
      kind: 'history',
      request: (i) => {
        const channel = pick(t.channels, i);
        const afterSeq = channel.lastSeq - 30;
        return {
          path: `/channels/${channel.id}/messages?afterSeq=${afterSeq}`,
          repo: (repo) => repo.page(channel.id, { afterSeq }, PAGE),
        };
      },
      check: (body) => ((body as Page).items.length === 30 ? null : 'not 30 messages'),
    },
    search('rare', `search: rare term (${TERMS.rare})`),
    search('common', `search: common term (${TERMS.common})`),
    search('four', `search: four characters (${TERMS.four})`),
    search('english', `search: English word (${TERMS.english})`),
  ];
}

interface MeasureResult {
  measure: Measure;
  latencies: number[];
  seconds: number;
  errors: number;
  firstError: string | null;
  cpu: { api: number; postgres: number; self: number; other: number; machine: number };
  db: number[];
  dbStatements: number;
  dbRoundTrip: number[];
}

async function runMeasure(
  measure: Measure,
  url: string,
  readers: Reader[],
  options: Options,
  api: Child,
  explainClient: Client,
): Promise<MeasureResult> {
  let next = 0;
  let errors = 0;
  let firstError: string | null = null;
  const latencies: number[] = [];
  const total = options.warmup + options.requests;
  const reader = async (who: Reader) => {
    for (;;) {
      const i = next++;
      if (i >= total) return;
      const { path } = measure.request(i);
      const started = nowMs();
      const response = await fetch(`${url}/api${path}`, {
        headers: { authorization: `Bearer ${who.token}` },
      });
      const text = await response.text();
      const elapsed = nowMs() - started;
      let problem: string | null = response.ok ? null : `HTTP ${response.status}: ${text.slice(0, 200)}`;
      if (!problem) problem = measure.check(JSON.parse(text), i);
      if (problem) {
        errors++;
        firstError ??= `${path}: ${problem}`;
      }
      if (i >= options.warmup) latencies.push(elapsed);
      if (options.think) await new Promise((resolve) => setTimeout(resolve, options.think));
    }
  };
  // Warm-up and timed requests run as one stream; the CPU is read over the timed part only (roughly).
  const cpuStart = { value: await cpuSnapshot(run.database, { api: { pid: api.process.pid } }) };
  const started = nowMs();
  await Promise.all(readers.map((who) => reader(who)));
  const seconds = (nowMs() - started) / 1000;
  const cpu = cpuBetween(cpuStart.value, await cpuSnapshot(run.database, { api: { pid: api.process.pid } }));
  latencies.sort((a, b) => a - b);
  const died = exitedEarly(api);
  if (died) throw new Error(`the api exited (${died}):\n${api.tail()}`);

  // PostgreSQL's share: the repository's statements for a sample of the same requests, under EXPLAIN ANALYZE
  // (TIMING OFF: the total, without per-node clock reads), then run for real for the rows.
  const db: number[] = [];
  const dbRoundTrip: number[] = [];
  let statements = 0;
  let current = 0;
  let currentRoundTrip = 0;
  const explain = async (sql: string, parameters: unknown[]) => {
    const { rows: plan } = await explainClient.query<{
      'QUERY PLAN': [{ 'Planning Time': number; 'Execution Time': number }];
    }>(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${sql}`, parameters);
    current += plan[0]['QUERY PLAN'][0]['Planning Time'] + plan[0]['QUERY PLAN'][0]['Execution Time'];
  };
  const timed = async <T>(query: () => Promise<T>) => {
    const roundTripStarted = nowMs();
    const result = await query();
    currentRoundTrip += nowMs() - roundTripStarted;
    return result;
  };
  // What the repository uses: DataSource.query, and the pool of preparedQuery (a named statement, planned
  // once per connection: EXPLAIN EXECUTE of a statement prepared the same way, under another name).
  const fake = {
    query: async (sql: string, parameters: unknown[] = []) => {
      statements++;
      await explain(sql, parameters);
      const { rows } = await timed(() => explainClient.query<Record<string, unknown>>(sql, parameters));
      return rows;
    },
    driver: {
      master: {
        query: async ({ name, text, values }: { name: string; text: string; values: unknown[] }) => {
          statements++;
          if (!explainPrepared.has(name)) {
            await explainClient.query(`PREPARE explain_${name} AS ${text}`);
            explainPrepared.add(name);
          }
          // EXECUTE takes no bind parameters: the values go in as literals.
          await explain(
            `EXECUTE explain_${name} (${values.map((value) => literal(explainClient, value)).join(', ')})`,
            [],
          );
          return timed(() => explainClient.query({ name, text, values }));
        },
      },
    },
  } as unknown as DataSource;
  const repo = new MessagesRepository(fake);
  for (let k = 0; k < options.explain; k++) {
    current = 0;
    currentRoundTrip = 0;
    await measure.request(options.warmup + k).repo(repo);
    db.push(current);
    dbRoundTrip.push(currentRoundTrip);
  }
  db.sort((a, b) => a - b);
  dbRoundTrip.sort((a, b) => a - b);
  return {
    measure,
    latencies,
    seconds,
    errors,
    firstError,
    cpu: { api: cpu.api, postgres: cpu.postgres, self: cpu.self, other: cpu.other, machine: cpu.machine },
    db,
    dbStatements: options.explain ? statements / options.explain : 0,
    dbRoundTrip,
  };
}

/** A bind value as an SQL literal: the repository passes numbers, strings, null and arrays of strings. */
function literal(client: Client, value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const items = (value as unknown[]).map((item) => `"${String(item as string).replace(/["\\]/g, '\\$&')}"`);
    return client.escapeLiteral(`{${items.join(',')}}`);
  }
  return client.escapeLiteral(typeof value === 'string' ? value : JSON.stringify(value));
}

function line(result: MeasureResult): string {
  const l = result.latencies;
  return (
    `${result.measure.label.padEnd(34)} p50 ${ms(quantile(l, 0.5)).padStart(6)}  p95 ${ms(quantile(l, 0.95)).padStart(6)}` +
    `  p99 ${ms(quantile(l, 0.99)).padStart(6)}  max ${ms(l.at(-1) ?? Number.NaN).padStart(6)} ms` +
    `  ${int(l.length / result.seconds).padStart(5)} req/s` +
    `  | db (EXPLAIN) p50 ${ms(quantile(result.db, 0.5))} p99 ${ms(quantile(result.db, 0.99))} ms` +
    ` (${result.dbStatements.toFixed(1)} stmt, round trip p50 ${ms(quantile(result.dbRoundTrip, 0.5))})` +
    `  | cpu api ${pct(result.cpu.api)} pg ${pct(result.cpu.postgres)} bench ${pct(result.cpu.self)} other ${pct(result.cpu.other)}` +
    (result.errors ? `  !! ${result.errors} wrong: ${result.firstError}` : '')
  );
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const root = repoRoot();
  run.keepDb = options.keepDb;
  run.logChildrenTo(options.apiLog);
  const apiEntry = join(root, 'dist/apps/api/src/main.js');
  if (!existsSync(apiEntry) || !existsSync(join(root, 'dist/libs/database/src/migrate.js'))) {
    throw new Error(`${apiEntry} is missing: run \`npm run build\` first (npm run bench:history does)`);
  }
  const machine = machineDescription('PostgreSQL, Redis and the api on the same machine');
  log(`history and search benchmark — run ${run.id}, ${new Date().toISOString()}`);
  log(machine);
  await logBackgroundLoad();

  const { database, url: dbUrl } = await run.useDatabase(options.database);
  const port = await freePort();
  const env = run.appEnv(dbUrl, { PORT: String(port), DATABASE_POOL_SIZE: String(options.pool) });
  let started = nowMs();
  await run.migrate(root, env);
  log(`database ${database} created and migrated in ${int(nowMs() - started)} ms`);

  started = nowMs();
  const seedClient = await connect(dbUrl);
  log(
    options.database
      ? `measuring ${database} again (not seeded)`
      : `seeding ${int(options.messages)} messages:`,
  );
  const seeded = options.database ? await counts(seedClient) : await seed(seedClient, options);
  const seedSeconds = (nowMs() - started) / 1000;
  const { rows: size } = await seedClient.query<{ table: string; indexes: string }>(
    `SELECT pg_size_pretty(pg_table_size('messages')) AS table, pg_size_pretty(pg_indexes_size('messages')) AS indexes`,
  );
  const share = (count: number) =>
    `${int(count)} (${((100 * count) / seeded.messages).toFixed(count < seeded.messages / 1000 ? 3 : 1)}%)`;
  log(
    `seeded in ${seedSeconds.toFixed(1)} s: ${int(seeded.messages)} messages in ${seeded.channels} channels ` +
      `(${int(seeded.smallestChannel)}–${int(seeded.largestChannel)} per channel), ${int(seeded.replies)} replies in ` +
      `${int(seeded.threads)} threads, ${int(seeded.deleted)} deleted, ${int(seeded.reactions)} reactions, ` +
      `${int(seeded.mentions)} mentions; messages table ${size[0].table}, its indexes ${size[0].indexes}`,
  );
  log(
    `terms: ${TERMS.rare} ${share(seeded.terms.rare)}, ${TERMS.common} ${share(seeded.terms.common)}, ` +
      `${TERMS.four} ${share(seeded.terms.four)}, ${TERMS.english} ${share(seeded.terms.english)}`,
  );

  // The members who follow themes 1–18 (bench_members 1–20 of the seed; the others follow at random).
  const { rows: readerRows } = await seedClient.query<{ id: string }>(
    `SELECT m.id FROM members m
      WHERE m.email ~ '^bench-' AND (SELECT count(*) FROM theme_follows f WHERE f.member_id = m.id) = $1
      ORDER BY m.email COLLATE "C" LIMIT 20`,
    [THEMES - 2],
  );
  const jwt = new JwtService({ secret: env.JWT_SECRET });
  const readers: Reader[] = Array.from({ length: options.readers }, (_, k) => {
    const memberId = readerRows[k % readerRows.length].id;
    return {
      memberId,
      token: jwt.sign(
        { sub: memberId, role: 'member', typ: 'access' },
        { algorithm: 'HS256', expiresIn: 3600 * 4, secret: env.JWT_SECRET },
      ),
    };
  });
  const t = await targets(seedClient, readers[0].memberId);
  await disconnect(seedClient);

  started = nowMs();
  const apiArgs = ['--enable-source-maps', apiEntry];
  if (options.profileDir) {
    mkdirSync(options.profileDir, { recursive: true });
    apiArgs.unshift('--cpu-prof', `--cpu-prof-dir=${options.profileDir}`);
  }
  const api = run.spawn('api', apiArgs, env, root);
  const url = `http://127.0.0.1:${port}`;
  await waitReady(api, async () => (await fetch(`${url}/api/health`)).ok);
  log(`api (pid ${api.process.pid}) ready on ${url} in ${int(nowMs() - started)} ms`);
  log(
    `${options.readers} readers (members following ${t.readable.length} of ${seeded.channels} channels), ` +
      `${int(options.requests)} timed requests per measure after ${options.warmup} warm-up, think ${options.think} ms, ` +
      `api pool ${options.pool}; db: ${options.explain} of the same requests' repository statements under EXPLAIN ANALYZE`,
  );
  log('');

  const explainClient = await connect(dbUrl);
  const results: MeasureResult[] = [];
  for (const measure of measures(t)) {
    if (options.only && !options.only.includes(measure.key)) continue;
    const result = await runMeasure(measure, url, readers, options, api, explainClient);
    results.push(result);
    log(line(result));
  }
  await disconnect(explainClient);

  const worst = (kind: Measure['kind']) =>
    Math.max(...results.filter((r) => r.measure.kind === kind).map((r) => quantile(r.latencies, 0.99)));
  const wrong = results.reduce((sum, r) => sum + r.errors, 0);
  log('');
  if (wrong) log(`!! ${wrong} wrong answers (see the lines above)`);
  const markdownLines = [
    `### History and search, ${int(seeded.messages)} messages, ${new Date().toISOString().slice(0, 10)}`,
    '',
    `${machine}. ${options.readers} readers, think ${options.think} ms, api pool ${options.pool}.`,
    '',
    '| measure | p50 ms | p99 ms | req/s | db p50 / p99 ms | CPU api / pg / bench / other % |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...results.map(
      (r) =>
        `| ${r.measure.label} | ${ms(quantile(r.latencies, 0.5))} | ${ms(quantile(r.latencies, 0.99))} | ` +
        `${int(r.latencies.length / r.seconds)} | ${ms(quantile(r.db, 0.5))} / ${ms(quantile(r.db, 0.99))} | ` +
        `${[r.cpu.api, r.cpu.postgres, r.cpu.self, r.cpu.other].map((v) => Math.round(v)).join(' / ')} |`,
    ),
  ];
  logMarkdown(markdownLines);
  log(
    `(machine CPU during the measures: ${results.map((r) => pct(r.cpu.machine)).join(', ')} of ${cpus().length * 100}%)`,
  );
  log(
    `history p99 ${ms(worst('history'))} ms, search p99 ${ms(worst('search'))} ms at ${int(seeded.messages)} messages`,
  );
}

run.main(main);
