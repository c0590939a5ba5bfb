import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ChatMessage, CookieAuthResult, ErrorBody, MessageAck } from './api-types';
import { kanjiTag, newCoordinator, newMember, useSalon, type SignedUp } from './fixture';
import { expectError } from './http';
import {
  addToTheme,
  connectChat,
  createTheme,
  emitAck,
  follow,
  generalChannel,
  joinOk,
  okAck,
  sendOk,
  uniqueSlug,
} from './chat-client';

/**
 * What the web client relies on: the api serving it from one origin, browser sessions with the refresh
 * token in an httpOnly cookie, message permalinks and "my mentions".
 */
const salon = useSalon({ tag: 'web', env: { LOGIN_RATE_LIMIT_PER_IP: '1000' } });
const { client } = salon;

beforeAll(() => {
  const index = join(__dirname, '..', '..', 'dist', 'web', 'index.html');
  if (!existsSync(index))
    throw new Error(`${index} is missing: run \`npm run build\` (it builds the web client too)`);
});

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${salon.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** A browser's refresh or logout: the flag in a JSON body and the cookie, no token in the body. */
function asBrowser(path: string, cookie: string): Promise<Response> {
  return post(path, { session: 'cookie' }, { cookie: `salon_refresh=${cookie}` });
}

/** The `salon_refresh` Set-Cookie of a response, split into its value and its attributes. */
function refreshCookie(response: Response): { value: string; attributes: string[] } {
  const header = response.headers.getSetCookie().find((cookie) => cookie.startsWith('salon_refresh='));
  if (!header)
    throw new Error(`no salon_refresh cookie in ${JSON.stringify(response.headers.getSetCookie())}`);
  const [pair, ...attributes] = header.split(';').map((part) => part.trim());
  return { value: pair.slice('salon_refresh='.length), attributes: attributes.map((a) => a.toLowerCase()) };
}

async function browserSignUp(): Promise<{ cookie: string; body: CookieAuthResult }> {
  const email = `web-${randomUUID()}@example.jp`;
  const response = await post('/api/auth/register', {
    email,
    password: 'pw-browser-合言葉-1234',
    displayName: 'ブラウザ 花子',
    session: 'cookie',
  });
  expect(response.status).toBe(201);
  return { cookie: refreshCookie(response).value, body: (await response.json()) as CookieAuthResult };
}

describe('browser sessions (session: "cookie")', () => {
  it('sets the refresh token as an httpOnly, SameSite=Lax cookie scoped to /api/auth and leaves it out of the body', async () => {
    const email = `web-${randomUUID()}@example.jp`;
    await post('/api/auth/register', { email, password: 'pw-browser-合言葉-1234', displayName: '花子' });
    const response = await post('/api/auth/login', {
      email,
      password: 'pw-browser-合言葉-1234',
      session: 'cookie',
    });

    expect(response.status).toBe(200);
    const body = (await response.json()) as CookieAuthResult;
    expect(body.refreshToken).toBeUndefined();
    expect(typeof body.accessToken).toBe('string');
    const { value, attributes } = refreshCookie(response);
    expect(value.length).toBeGreaterThan(20);
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/api/auth']));
    // PUBLIC_URL is http here: no Secure flag (it is set for https, see refresh-cookie.spec.ts).
    expect(attributes).not.toContain('secure');
    expect(attributes.some((a) => a.startsWith('max-age='))).toBe(true);
  });

  it('refreshes from the cookie alone, rotating it; the cookie it replaced works for a moment, an older one is reuse', async () => {
    const { cookie } = await browserSignUp();
    const refreshed = await asBrowser('/api/auth/refresh', cookie);

    expect(refreshed.status).toBe(200);
    const body = (await refreshed.json()) as CookieAuthResult;
    expect(body.refreshToken).toBeUndefined();
    const rotated = refreshCookie(refreshed).value;
    expect(rotated).not.toBe(cookie);
    const me = await client.get<{ id: string }>('/api/members/me', { token: body.accessToken });
    expect(me.body.id).toBe(body.member.id);

    // A reload cut that answer off: the browser still has the first cookie, and is not signed out for it.
    const again = await asBrowser('/api/auth/refresh', cookie);
    expect(again.status).toBe(200);
    expect(refreshCookie(again).value).not.toBe(rotated);

    // The cookie of the lost answer is now two rotations old: reuse, the session ends.
    const replay = await asBrowser('/api/auth/refresh', rotated);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as ErrorBody).code).toBe('REFRESH_TOKEN_REUSED');
    // A refused cookie is cleared.
    expect(refreshCookie(replay).attributes.some((a) => a.startsWith('expires=thu, 01 jan 1970'))).toBe(true);
  });

  it('reads the cookie only for a JSON body with the flag (a cross-site form can send neither)', async () => {
    const { cookie } = await browserSignUp();
    const plain = await post('/api/auth/refresh', {}, { cookie: `salon_refresh=${cookie}` });
    expect(plain.status).toBe(400);
    const form = await fetch(`${salon.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `salon_refresh=${cookie}` },
      body: 'session=cookie',
    });
    expect(form.status).toBe(401);
    // The cookie was not used up by either.
    const refreshed = await asBrowser('/api/auth/refresh', cookie);
    expect(refreshed.status).toBe(200);
  });

  it('answers REFRESH_TOKEN_INVALID when the browser has no cookie', async () => {
    const response = await post('/api/auth/refresh', { session: 'cookie' });
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('signs out: revokes the session and clears the cookie', async () => {
    const { cookie } = await browserSignUp();
    const out = await asBrowser('/api/auth/logout', cookie);

    expect(out.status).toBe(204);
    const cleared = refreshCookie(out);
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toContain('path=/api/auth');
    const after = await asBrowser('/api/auth/refresh', cookie);
    expect(after.status).toBe(401);
  });

  it('keeps the JSON contract for other clients: tokens in the body, no cookie', async () => {
    const response = await post('/api/auth/register', {
      email: `web-${randomUUID()}@example.jp`,
      password: 'pw-json-合言葉-1234',
      displayName: 'JSON 太郎',
    });
    expect(response.status).toBe(201);
    expect(response.headers.getSetCookie()).toEqual([]);
    expect(typeof ((await response.json()) as CookieAuthResult).refreshToken).toBe('string');
  });
});

describe('the built web client, from the same origin', () => {
  it('answers index.html for client routes, never cached, with a same-origin content security policy', async () => {
    for (const path of ['/', '/login', '/themes/kiso/general', `/messages/${randomUUID()}`]) {
      const response = await fetch(`${salon.url}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/html');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await response.text()).toContain('<div id="root">');
    }
  });

  it('serves hashed assets for a year and answers 404 for a missing one', async () => {
    const html = await (await fetch(`${salon.url}/`)).text();
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(`${salon.url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toContain('javascript');
    expect((await fetch(`${salon.url}/assets/index-missing0.js`)).status).toBe(404);
  });

  it('leaves /api to the api: an unknown api route is still a JSON 404', async () => {
    expectError(await client.get<ErrorBody>('/api/no-such-route'), 404, 'NOT_FOUND');
  });
});

describe('permalinks and mentions', () => {
  let coordinator: SignedUp;
  let author: SignedUp;
  let reader: SignedUp;
  let outsider: SignedUp;
  let publicSlug: string;
  let mention: ChatMessage;
  let reply: ChatMessage;
  let secret: ChatMessage;

  beforeAll(async () => {
    const tag = kanjiTag();
    coordinator = await newCoordinator(client, `調整 役子${tag}`);
    author = await newMember(client, `書き手 一郎${tag}`);
    reader = await newMember(client, `読み手 花${tag}`);
    outsider = await newMember(client, `外野 次郎${tag}`);
    publicSlug = uniqueSlug('web-public');
    await createTheme(client, coordinator.accessToken, { slug: publicSlug, title: '公開テーマ' });
    await follow(client, author.accessToken, publicSlug);
    await follow(client, reader.accessToken, publicSlug);
    const privateSlug = uniqueSlug('web-private');
    await createTheme(client, coordinator.accessToken, {
      slug: privateSlug,
      title: '非公開テーマ',
      visibility: 'private',
    });
    await addToTheme(client, coordinator.accessToken, privateSlug, author.member.id);

    const general = await generalChannel(client, author.accessToken, publicSlug);
    const hidden = await generalChannel(client, author.accessToken, privateSlug);
    const socket = await connectChat(salon.url, author.accessToken);
    await joinOk(socket, general.id);
    await joinOk(socket, hidden.id);
    mention = await sendOk(socket, general.id, `＠読み手 花${tag} 見てください`);
    reply = await sendOk(socket, general.id, 'スレッドの返信', { parentId: mention.id });
    secret = await sendOk(socket, hidden.id, `@読み手 花${tag} 秘密の話`);
  });

  it('GET /api/messages/:id tells where a readable message lives', async () => {
    const located = await client.get<{
      message: ChatMessage;
      themeSlug: string;
      channelSlug: string;
      channelName: string;
    }>(`/api/messages/${reply.id}`, { token: reader.accessToken });

    expect(located.status).toBe(200);
    expect(located.body).toMatchObject({ themeSlug: publicSlug, channelSlug: 'general' });
    expect(located.body.message).toMatchObject({ id: reply.id, parentId: mention.id });
  });

  it('answers MESSAGE_NOT_FOUND, with nothing of it, for a message the caller may not read', async () => {
    const hidden = await client.get<ErrorBody>(`/api/messages/${secret.id}`, { token: reader.accessToken });
    expectError(hidden, 404, 'MESSAGE_NOT_FOUND');
    expect(hidden.text).not.toContain('秘密');
    // A public theme's message is not readable before following it either.
    expectError(
      await client.get<ErrorBody>(`/api/messages/${mention.id}`, { token: outsider.accessToken }),
      404,
      'MESSAGE_NOT_FOUND',
    );
  });

  it('GET /api/me/mentions lists mentions in readable channels, newest first, with their place and unread state', async () => {
    const page = await client.get<{
      items: (ChatMessage & { themeSlug: string; channelSlug: string; unread: boolean })[];
    }>('/api/me/mentions', { token: reader.accessToken });

    expect(page.status).toBe(200);
    // The private theme's mention is not listed: the reader cannot read that channel.
    expect(page.body.items.map((item) => item.id)).toEqual([mention.id]);
    expect(page.body.items[0]).toMatchObject({ themeSlug: publicSlug, channelSlug: 'general', unread: true });

    const socket = await connectChat(salon.url, reader.accessToken);
    okAck(
      await emitAck<MessageAck>(socket, 'channel:read', { channelId: mention.channelId, seq: reply.seq }),
    );
    const after = await client.get<{ items: { unread: boolean }[] }>('/api/me/mentions', {
      token: reader.accessToken,
    });
    expect(after.body.items[0].unread).toBe(false);
  });
});
