import { Redis } from 'ioredis';
import { Client } from 'pg';
import { tokyoDay } from '@app/common';
import { signDigestClick } from '@app/digest';
import {
  closeAllSockets,
  connectChat,
  createTheme,
  follow,
  generalChannel,
  joinOk,
  sendOk,
  uniqueSlug,
} from './chat-client';
import { TEST_JWT_SECRET, newCoordinator, signUp, useSalon } from './fixture';

/** What the api writes to Redis, and what the worker's activity ticker (every second here) writes to the database. */
const salon = useSalon({
  tag: 'activity',
  worker: true,
  publicUrl: true,
  env: { ACTIVITY_TICK_SECONDS: '1' },
});
const { client } = salon;
let db: Client;
let redis: Redis;

const tokyoToday = () => tokyoDay(new Date());
const daysOf = async (memberId: string) =>
  (
    await db.query<{ day: string; visited: boolean; engaged: boolean }>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, visited, engaged FROM activity_days WHERE member_id = $1`,
      [memberId],
    )
  ).rows;

/** As if the worker had sent this member the digest of `period`: only a sent digest's clicks are counted. */
async function sentDigest(memberId: string, period: string): Promise<void> {
  await db.query(
    `INSERT INTO digest_deliveries (member_id, period, frequency, period_start, period_end, status)
     VALUES ($1, $2, 'weekly', now() - interval '7 days', now(), 'sent')`,
    [memberId, period],
  );
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', {
    keyPrefix: salon.env.REDIS_KEY_PREFIX,
  });
});

afterAll(async () => {
  closeAllSockets();
  await redis?.quit();
  await db?.end();
});

it('counts one visit a day for many requests and a socket connection, written once by the worker', async () => {
  const member = await signUp(client);
  const id = member.member.id;
  await Promise.all(
    Array.from({ length: 30 }, () => client.get('/api/members/me', { token: member.accessToken })),
  );
  const socket = await connectChat(salon.url, member.accessToken);
  socket.disconnect();
  expect(await redis.sismember(`visits:${tokyoToday()}`, id)).toBe(1);

  const days = await eventually(
    () => daysOf(id),
    (rows) => rows.length > 0,
  );
  expect(days).toEqual([{ day: tokyoToday(), visited: true, engaged: false }]);
  // Nothing of theirs waits any more: the later requests added nothing to flush.
  const pending = await redis.smembers('visits:pending');
  expect(pending.filter((entry) => entry.endsWith(id))).toEqual([]);
});

it('rolls up a message sent over the socket as engagement that day (the send path writes nothing for it)', async () => {
  const coordinator = await newCoordinator(client, '世話 役');
  const slug = uniqueSlug('activity');
  await createTheme(client, coordinator.accessToken, { slug, title: '木曽漆器の未来' });
  const member = await signUp(client);
  const id = member.member.id;
  await follow(client, member.accessToken, slug);
  const channel = await generalChannel(client, member.accessToken, slug);
  const socket = await connectChat(salon.url, member.accessToken);
  await joinOk(socket, channel.id);
  await sendOk(socket, channel.id, '漆の塗り直し、手伝えます');
  socket.disconnect();
  const days = await eventually(
    () => daysOf(id),
    (rows) => rows.some((row) => row.engaged),
  );
  expect(days).toEqual([{ day: tokyoToday(), visited: true, engaged: true }]);
  // The coordinator created the theme but posted nothing: visited, not engaged.
  expect(await daysOf(coordinator.member.id)).toEqual([{ day: tokyoToday(), visited: true, engaged: false }]);
});

describe('GET /api/digests/click', () => {
  it('counts the click and a visit, then redirects to the page on this site', async () => {
    const member = await signUp(client);
    const id = member.member.id;
    await sentDigest(id, '2026-W48');
    const token = signDigestClick(TEST_JWT_SECRET, {
      memberId: id,
      period: '2026-W48',
      path: '/themes/kiso-shikki',
      issuedAt: new Date(),
    });
    const reply = await redirect(token);
    expect(reply.status).toBe(302);
    expect(reply.headers.get('location')).toBe(`${salon.url}/themes/kiso-shikki`);
    await redirect(token);
    const { rows } = await db.query(`SELECT period, clicks FROM digest_clicks WHERE member_id = $1`, [id]);
    expect(rows).toEqual([{ period: '2026-W48', clicks: 2 }]);
    expect(await redis.sismember(`visits:${tokyoToday()}`, id)).toBe(1);
  });

  it('sends a tampered or foreign token to the home page, never a 500, and records nothing', async () => {
    const member = await signUp(client);
    const id = member.member.id;
    const forged = signDigestClick('another-secret-0123456789-abcdefghijklmnopqr', {
      memberId: id,
      period: '2026-W48',
      path: '/themes/x',
      issuedAt: new Date(),
    });
    for (const token of [forged, 'garbage', '', `${forged.slice(0, -3)}abc`]) {
      const reply = await redirect(token);
      expect(reply.status).toBe(302);
      expect(reply.headers.get('location')).toBe(`${salon.url}/`);
    }
    const bare = await fetch(`${salon.url}/api/digests/click`, { redirect: 'manual' });
    expect(bare.status).toBe(302);
    expect(bare.headers.get('location')).toBe(`${salon.url}/`);
    const { rows } = await db.query(`SELECT 1 FROM digest_clicks WHERE member_id = $1`, [id]);
    expect(rows).toEqual([]);
  });
});

it('keeps a leaving member’s activity, clicks and unsubscribes (the row is anonymised, not deleted)', async () => {
  const member = await signUp(client);
  const id = member.member.id;
  await client.get('/api/members/me', { token: member.accessToken });
  await client.call('PATCH', '/api/members/me/notification-settings', {
    token: member.accessToken,
    body: { digest: 'off' },
  });
  await sentDigest(id, '2026-W48');
  await redirect(
    signDigestClick(TEST_JWT_SECRET, { memberId: id, period: '2026-W48', path: '/', issuedAt: new Date() }),
  );
  await eventually(
    () => daysOf(id),
    (rows) => rows.length > 0,
  );
  const left = await client.call('DELETE', '/api/members/me', {
    token: member.accessToken,
    body: { password: member.password },
  });
  expect(left.status).toBe(204);
  expect(await daysOf(id)).toEqual([{ day: tokyoToday(), visited: true, engaged: false }]);
  expect((await db.query(`SELECT clicks FROM digest_clicks WHERE member_id = $1`, [id])).rows).toEqual([
    { clicks: 1 },
  ]);
  expect((await db.query(`SELECT period FROM digest_unsubscribes WHERE member_id = $1`, [id])).rows).toEqual([
    { period: null },
  ]);
});

function redirect(token: string): Promise<Response> {
  return fetch(`${salon.url}/api/digests/click?token=${encodeURIComponent(token)}`, { redirect: 'manual' });
}
