/**
 * What black-box probes of the platform found (issue 9): floods from one socket, hostile nesting, values
 * that used to reach SQL, tokens of members who are gone, prototype keys, secrets in logs.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Socket } from 'socket.io-client';
import type { Channel, ErrorBody } from './api-types';
import {
  apiEnv,
  forgeAccessToken,
  newCoordinator,
  newMember,
  promote,
  useSalon,
  type SignedUp,
} from './fixture';
import { base64urlJson, expectError, fieldProblems } from './http';
import {
  connectChat,
  connectRefusal,
  createTheme,
  emitAck,
  expectAckError,
  follow,
  generalChannel,
  joinChannel,
  joinOk,
  sendOk,
  uniqueSlug,
} from './chat-client';

const salon = useSalon({ tag: 'hardening', env: { LOG_LEVEL: 'info' } });
const { client } = salon;
let db: Client;
let coordinator: SignedUp;

beforeAll(async () => {
  db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  coordinator = await newCoordinator(client, '堅牢 調整役');
});

afterAll(async () => {
  await db?.end();
});

/** A channel of a new public theme that these members follow. */
async function room(tag: string, members: SignedUp[]): Promise<Channel> {
  const theme = await createTheme(client, coordinator.accessToken, { slug: uniqueSlug(tag), title: tag });
  for (const member of members) await follow(client, member.accessToken, theme.slug);
  return generalChannel(client, coordinator.accessToken, theme.slug);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * A flooding client in a process of its own (as it would be on another machine), so the acks measured here
 * are not delayed by the flood's own client work. It joins, waits for a line on stdin, emits `count` events
 * at once, and prints what came back once the server disconnects it.
 */
const FLOODER = `
const { io } = require('socket.io-client');
const [url, token, channelId, event, count] = process.argv.slice(1);
const socket = io(url + '/chat', { transports: ['websocket'], auth: { token }, reconnection: false });
const codes = {};
let answered = 0;
socket.on('connect', async () => {
  await socket.emitWithAck('channel:join', { channelId });
  process.stdout.write('joined\\n');
});
process.stdin.once('data', () => {
  for (let i = 0; i < Number(count); i += 1) {
    const payload = event === 'typing' ? { channelId } : { channelId, body: 'flood ' + i, clientMessageId: 'f' + i };
    socket.emit(event, payload, (ack) => {
      answered += 1;
      const code = ack.ok ? 'OK' : ack.error.code;
      codes[code] = (codes[code] || 0) + 1;
    });
  }
});
socket.on('disconnect', (reason) => {
  process.stdout.write(JSON.stringify({ reason, answered, codes }) + '\\n');
  process.exit(0);
});
`;

interface FloodOutcome {
  reason: string;
  answered: number;
  codes: Record<string, number>;
}

function startFlooder(member: SignedUp, channelId: string, event: string, count: number) {
  const child = spawn(
    process.execPath,
    ['-e', FLOODER, salon.url, member.accessToken, channelId, event, String(count)],
    {
      cwd: join(__dirname, '..', '..'),
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines: string[] = [];
  const waiters: (() => void)[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    lines.push(...chunk.split('\n').filter(Boolean));
    waiters.splice(0).forEach((wake) => wake());
  });
  const line = async (match: (text: string) => boolean): Promise<string> => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      const found = lines.find(match);
      if (found) return found;
      await new Promise<void>((resolve) => {
        waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    child.kill();
    throw new Error(`the flooder said ${JSON.stringify(lines)}`);
  };
  return {
    joined: () => line((text) => text === 'joined'),
    go: () => child.stdin.write('go\n'),
    outcome: async () => JSON.parse(await line((text) => text.startsWith('{'))) as FloodOutcome,
  };
}

describe('a flooding socket', () => {
  it.each(['message:send', 'typing'])(
    'is throttled and then disconnected by a burst of 2,000 %s, while another member in another theme is answered at once',
    async (event) => {
      const [flooder, calm] = await Promise.all([newMember(client, '洪水 者'), newMember(client, '平静 者')]);
      const [floodRoom, calmRoom] = [await room('flood', [flooder]), await room('calm', [calm])];
      const c = await connectChat(salon.url, calm.accessToken);
      await joinOk(c, calmRoom.id);
      const flood = startFlooder(flooder, floodRoom.id, event, 2000);
      await flood.joined();

      flood.go();
      // A conversation's pace of acknowledged events: sends (under the per-member limit of 20) and read markers.
      const latencies: number[] = [];
      for (let i = 0; i < 36; i += 1) {
        const started = performance.now();
        if (i % 2 === 0) {
          await sendOk(c, calmRoom.id, `いつも通り ${i}`);
        } else {
          expect((await emitAck(c, 'channel:read', { channelId: calmRoom.id, seq: i })).ok).toBe(true);
        }
        latencies.push(performance.now() - started);
      }
      const outcome = await flood.outcome();
      const stored = await db.query<{ count: string }>(
        `SELECT count(*) FROM messages WHERE channel_id = $1`,
        [floodRoom.id],
      );
      const p99 = percentile(latencies, 99);
      console.log(
        `flood of 2,000 ${event}: ${outcome.answered} answered (${JSON.stringify(outcome.codes)}), ` +
          `${stored.rows[0].count} stored, then "${outcome.reason}"; the other member's acks ` +
          `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms`,
      );
      expect(outcome.reason).toBe('io server disconnect');
      expect(outcome.codes.RATE_LIMITED).toBeGreaterThanOrEqual(100);
      expect(Object.keys(outcome.codes).filter((code) => code !== 'OK' && code !== 'RATE_LIMITED')).toEqual(
        [],
      );
      // At most one burst gets through, and the per-member limit of 20 messages per window caps what is stored.
      expect(Number(stored.rows[0].count)).toBeLessThanOrEqual(20);
      // Before the fix 3–5 s. The aim is under 50 ms; here the flooder, the api, PostgreSQL and this test share
      // two cores, so the bound leaves room for a busy CI machine (figures: docs/reliability.md).
      expect(p99).toBeLessThan(1000);
    },
  );
});

describe('deeply nested input', () => {
  /** 30,000 levels of arrays: 60 KB, under the body and frame limits. */
  const nested = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;

  it('is refused over HTTP with 400 VALIDATION_FAILED (maxDepth) before any transform', async () => {
    const member = await newMember(client, '入れ子 者');
    const reply = await client.call<ErrorBody>('PATCH', '/api/members/me', {
      token: member.accessToken,
      rawBody: `{"bio":"x","links":${nested}}`,
    });
    expectError(reply, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(reply)).toEqual([expect.objectContaining({ code: 'maxDepth' })]);
    const me = await client.get<{ bio: string }>('/api/members/me', { token: member.accessToken });
    expect(me.body.bio).not.toBe('x');
  });

  it('is refused over Socket.IO with an error ack, and the connection stays usable', async () => {
    const member = await newMember(client, '入れ子 送信者');
    const channel = await room('nested', [member]);
    const socket = await connectChat(salon.url, member.accessToken);
    await joinOk(socket, channel.id);
    // socket.io-client itself walks what it emits (recursively): write the Socket.IO packet by hand (EVENT
    // with ack id 900; the engine adds its MESSAGE type) and read its ACK the same way.
    const engine = socket.io.engine;
    const ack = new Promise<unknown>((resolve) => {
      engine.on('packet', (packet: { type: string; data?: unknown }) => {
        const prefix = '3/chat,900';
        if (packet.type === 'message' && typeof packet.data === 'string' && packet.data.startsWith(prefix)) {
          resolve((JSON.parse(packet.data.slice(prefix.length)) as unknown[])[0]);
        }
      });
    });
    engine.write(
      `2/chat,900["message:send",{"channelId":"${channel.id}","body":"x","clientMessageId":"n1","mentions":${nested}}]`,
    );
    expectAckError((await ack) as Parameters<typeof expectAckError>[0], 'VALIDATION_FAILED');
    expect((await sendOk(socket, channel.id, 'まだ話せます')).seq).toBe(1);
  });
});

describe('values that used to reach SQL are coded 400s', () => {
  let member: SignedUp;
  let channel: Channel;
  let socket: Socket;

  beforeAll(async () => {
    member = await newMember(client, '範囲 者');
    channel = await room('range', [member]);
    socket = await connectChat(salon.url, member.accessToken);
  });

  it.each(['beforeSeq=1e20', 'afterSeq=100000000000000000000', 'beforeSeq=9007199254740993'])(
    'history with %s',
    async (query) => {
      const reply = await client.get<ErrorBody>(`/api/channels/${channel.id}/messages?${query}`, {
        token: member.accessToken,
      });
      expectError(reply, 400, 'VALIDATION_FAILED');
    },
  );

  it('channel:join and channel:read with a seq of 1e20', async () => {
    expectAckError(await joinChannel(socket, channel.id, 1e20), 'VALIDATION_FAILED');
    expectAckError(
      await emitAck(socket, 'channel:read', { channelId: channel.id, seq: 1e20 }),
      'VALIDATION_FAILED',
    );
    await joinOk(socket, channel.id);
  });

  it.each([
    ['February 30th', '2026-02-30T10:00:00.000Z'],
    ['year 0000', '0000-01-01T00:00:00.000Z'],
  ])('search and directory cursors whose time is %s', async (_, at) => {
    const cursor = base64urlJson([at, randomUUID()]);
    for (const path of [
      `/api/search/messages?q=${encodeURIComponent('漆器')}&cursor=${cursor}`,
      `/api/members?cursor=${cursor}`,
    ]) {
      expectError(await client.get<ErrorBody>(path, { token: member.accessToken }), 400, 'INVALID_CURSOR');
    }
  });

  it.each([
    ['year −5000', '-005000-01-01T00:00:00Z'],
    ['February 30th', '2027-02-30T10:00:00Z'],
  ])('an event starting in %s', async (_, startsAt) => {
    const reply = await client.post<ErrorBody>(
      '/api/events',
      { title: '遠い昔の集い', startsAt, endsAt: '2027-03-01T12:00:00Z', format: 'online' },
      { token: coordinator.accessToken },
    );
    expectError(reply, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(reply)).toContainEqual({ field: 'startsAt', code: 'isInstant' });
  });

  it('an unsubscribe link with its token twice (?token=a&token=b)', async () => {
    for (const method of ['GET', 'POST']) {
      const response = await fetch(`${salon.url}/api/digests/unsubscribe?token=a&token=b`, { method });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('INVALID_LINK_TOKEN');
    }
  });
});

describe('tokens of members who are gone', () => {
  const routes: [string, string, unknown?][] = [
    ['GET', '/api/members/me'],
    ['POST', '/api/members/me/calendar-token'],
    ['GET', '/api/members/me/notification-settings'],
    ['PATCH', '/api/members/me/notification-settings', { digest: 'daily' }],
    ['GET', '/api/digests/preview'],
  ];

  it('a validly signed token for a member who never existed is 401 TOKEN_INVALID everywhere', async () => {
    const token = forgeAccessToken({ sub: randomUUID(), role: 'admin', typ: 'access' });
    for (const [method, path, body] of routes) {
      expectError(await client.call<ErrorBody>(method as 'GET', path, { token, body }), 401, 'TOKEN_INVALID');
    }
    expectError(
      await client.call<ErrorBody>('GET', '/api/admin/digests/runs', { token }),
      401,
      'TOKEN_INVALID',
    );
    expect((await connectRefusal(salon.url, token)).code).toBe('TOKEN_INVALID');
  });

  it('the token of a deleted member is 401 TOKEN_INVALID on follow, RSVP and the rest, and stores nothing', async () => {
    const member = await newMember(client, '退会 者');
    const theme = await createTheme(client, coordinator.accessToken, {
      slug: uniqueSlug('gone'),
      title: '去る',
    });
    await db.query(`DELETE FROM members WHERE id = $1`, [member.member.id]);
    const token = member.accessToken;
    expectError(
      await client.post<ErrorBody>(`/api/themes/${theme.slug}/follow`, undefined, { token }),
      401,
      'TOKEN_INVALID',
    );
    expectError(
      await client.call<ErrorBody>('PUT', `/api/events/${randomUUID()}/rsvp`, {
        token,
        body: { status: 'going' },
      }),
      401,
      'TOKEN_INVALID',
    );
    for (const [method, path, body] of routes) {
      expectError(await client.call<ErrorBody>(method as 'GET', path, { token, body }), 401, 'TOKEN_INVALID');
    }
    expect((await connectRefusal(salon.url, token)).code).toBe('TOKEN_INVALID');
    const follows = await db.query(`SELECT 1 FROM theme_follows WHERE member_id = $1`, [member.member.id]);
    expect(follows.rowCount).toBe(0);
  });

  it("a demoted admin's unexpired token no longer reaches /api/admin, at once", async () => {
    const admin = await promote(client, await newMember(client, '元 管理者'), 'admin', apiEnv('hardening'));
    expect((await client.get('/api/admin/digests/runs', { token: admin.accessToken })).status).toBe(200);
    // The cli changes the role in another process; the old token still says admin.
    await promote(client, admin, 'member', apiEnv('hardening'));
    expectError(
      await client.get<ErrorBody>('/api/admin/digests/runs', { token: admin.accessToken }),
      403,
      'ROLE_REQUIRED',
    );
  });
});

describe('prototype keys', () => {
  it.each([
    '{"__proto__":{"role":"admin"},"bio":"乗っ取り"}',
    '{"constructor":{"prototype":{"x":1}},"bio":"乗っ取り"}',
  ])('PATCH /api/members/me refuses %s like any unknown field and changes nothing', async (rawBody) => {
    const member = await newMember(client, '原型 者');
    const reply = await client.call<ErrorBody>('PATCH', '/api/members/me', {
      token: member.accessToken,
      rawBody,
    });
    expectError(reply, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(reply)[0]).toMatchObject({ code: 'unknownField' });
    const me = await client.get<{ bio: string; role: string }>('/api/members/me', {
      token: member.accessToken,
    });
    expect(me.body).toMatchObject({ role: 'member' });
    expect(me.body.bio).not.toBe('乗っ取り');
  });
});

describe('request logs', () => {
  it('never carry the calendar feed or unsubscribe token', async () => {
    const member = await newMember(client, '記録 者');
    const created = await client.post<{ token: string; url: string }>(
      '/api/members/me/calendar-token',
      undefined,
      {
        token: member.accessToken,
      },
    );
    const feedToken = created.body.token;
    expect((await fetch(new URL(new URL(created.body.url).pathname, salon.url))).status).toBe(200);
    const unsubscribeToken = `probe-${randomUUID()}`;
    await fetch(`${salon.url}/api/digests/unsubscribe?token=${unsubscribeToken}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(salon.api.output()).toContain('/api/calendar/[redacted]');
    expect(salon.api.output()).not.toContain(feedToken);
    expect(salon.api.output()).not.toContain(unsubscribeToken);
  });
});
