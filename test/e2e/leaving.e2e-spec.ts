import { Client } from 'pg';
import { startBuiltApp, uniqueEmail, type StartedProcess } from '@test/support';
import type {
  Attendee,
  AuthResult,
  ChatMessage,
  DigestRun,
  DirectoryPage,
  ErrorBody,
  EventBody,
  Invitation,
  MemberExportBody,
  MessagePage,
  SearchHit,
  Theme,
  ThreadPage,
} from './api-types';
import {
  connectChat,
  createTheme,
  disconnection,
  emitAck,
  follow,
  generalChannel,
  joinOk,
  nextEvent,
  okAck,
  sendOk,
  uniqueSlug,
} from './chat-client';
import { kanjiTag, newCoordinator, newMember, promote, signUp, useSalon, type SignedUp } from './fixture';
import { expectError } from './http';

// No worker at first: a digest run requested before a member leaves waits in the queue until it starts.
const salon = useSalon({
  tag: 'leaving',
  smtp: true,
  publicUrl: true,
  env: { LOGIN_RATE_LIMIT_PER_IP: '1000' },
});
const { client } = salon;
let db: Client;
let worker: StartedProcess | undefined;
let coordinator: SignedUp;
let theme: Theme;

beforeAll(async () => {
  db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  coordinator = await newCoordinator(client, `世話 役${kanjiTag()}`);
  theme = await createTheme(client, coordinator.accessToken, {
    slug: uniqueSlug('leave'),
    title: '奈良井宿の空き家',
  });
});

afterAll(async () => {
  await worker?.stop();
  await db?.end();
});

function leave(member: SignedUp, body: Record<string, unknown>) {
  return client.call<ErrorBody>('DELETE', '/api/members/me', { token: member.accessToken, body });
}

async function exportOf(
  member: SignedUp,
): Promise<{ response: Response; body: MemberExportBody; text: string }> {
  const response = await fetch(`${salon.url}/api/members/me/export`, {
    headers: { authorization: `Bearer ${member.accessToken}` },
  });
  const text = await response.clone().text();
  return { response, body: JSON.parse(text) as MemberExportBody, text };
}

const FORMER = { former: true, displayName: '退会したメンバー', avatarUrl: null };

describe('leaving', () => {
  it('refuses a wrong password with PASSWORD_INCORRECT and leaves the account as it was', async () => {
    const member = await newMember(client, `残る 人${kanjiTag()}`);
    const refused = await leave(member, { password: 'not-my-password' });
    expectError(refused, 403, 'PASSWORD_INCORRECT');
    expect(refused.body.details?.fields?.[0]).toMatchObject({ field: 'password' });
    expect((await client.get('/api/members/me', { token: member.accessToken })).status).toBe(200);
  });

  it('ends sessions and the open socket, hides the profile, frees the address; messages stay as a former member’s', async () => {
    const name = `去る 人${kanjiTag(3)}`;
    const leaver = await newMember(client, name);
    const other = await newMember(client, `残る 人${kanjiTag()}`);
    await follow(client, leaver.accessToken, theme.slug);
    await follow(client, other.accessToken, theme.slug);
    await client.patch(
      `/api/themes/${theme.slug}`,
      { ownerIds: [leaver.member.id] },
      { token: coordinator.accessToken },
    );
    const channel = await generalChannel(client, leaver.accessToken, theme.slug);
    const socket = await connectChat(salon.url, leaver.accessToken);
    await joinOk(socket, channel.id);
    const marker = `空き家の改修${kanjiTag(3)}`;
    const root = await sendOk(socket, channel.id, `${marker} について相談です`);
    const otherSocket = await connectChat(salon.url, other.accessToken);
    await joinOk(otherSocket, channel.id);
    const reply = await sendOk(otherSocket, channel.id, `@${name} さん、ぜひ`, {
      parentId: root.id,
      mentions: [leaver.member.id],
    });
    expect(reply.mentions).toEqual([{ id: leaver.member.id, displayName: name, former: false }]);
    const threadReply = await sendOk(socket, channel.id, '返信ありがとう', { parentId: root.id });

    const closed = disconnection(socket);
    expect((await leave(leaver, { password: leaver.password })).status).toBe(204);
    expect(await closed).toBe('io server disconnect');

    // Signed out everywhere.
    expectError(await client.get('/api/members/me', { token: leaver.accessToken }), 401, 'TOKEN_INVALID');
    expectError(
      await client.post('/api/auth/refresh', { refreshToken: leaver.refreshToken }),
      401,
      'REFRESH_TOKEN_INVALID',
    );
    expectError(
      await client.post('/api/auth/login', { email: leaver.email, password: leaver.password }),
      401,
      'INVALID_CREDENTIALS',
    );
    // Gone from the profile, the directory, the theme's owners and followers.
    expectError(
      await client.get(`/api/members/${leaver.member.id}`, { token: other.accessToken }),
      404,
      'MEMBER_NOT_FOUND',
    );
    const directory = await client.get<DirectoryPage>(`/api/members?q=${encodeURIComponent(name)}`, {
      token: other.accessToken,
    });
    expect(directory.body.items).toEqual([]);
    const people = await client.get<DirectoryPage>(`/api/members?theme=${theme.slug}&limit=100`, {
      token: other.accessToken,
    });
    expect(people.body.items.map((p) => p.id)).not.toContain(leaver.member.id);
    const themeNow = await client.get<Theme>(`/api/themes/${theme.slug}`, { token: other.accessToken });
    expect(themeNow.body.owners.map((o) => o.id)).not.toContain(leaver.member.id);

    // Their messages stay, by a former member: history, thread, search, mentions.
    const history = await client.get<MessagePage>(`/api/channels/${channel.id}/messages`, {
      token: other.accessToken,
    });
    const kept = history.body.items.find((m) => m.id === root.id);
    expect(kept?.body).toContain(marker);
    expect(kept?.author).toEqual({ id: leaver.member.id, ...FORMER });
    const thread = await client.get<ThreadPage>(`/api/messages/${root.id}/thread`, {
      token: other.accessToken,
    });
    expect(thread.body.parent.author).toMatchObject(FORMER);
    expect(thread.body.items.find((m) => m.id === threadReply.id)?.author).toMatchObject(FORMER);
    expect(thread.body.items.find((m) => m.id === reply.id)?.mentions).toEqual([
      { id: leaver.member.id, displayName: '退会したメンバー', former: true },
    ]);
    const search = await client.get<{ items: SearchHit[] }>(
      `/api/search/messages?q=${encodeURIComponent(marker)}`,
      {
        token: other.accessToken,
      },
    );
    expect(search.body.items.map((hit) => hit.author)).toEqual([{ id: leaver.member.id, ...FORMER }]);
    // Others' words stay as written (a reply may still say "@name"); no field of the api shows the name.
    const shownNames = history.body.items.flatMap((m) => [
      m.author?.displayName,
      ...m.mentions.map((mention) => mention.displayName),
    ]);
    expect(shownNames).not.toContain(name);

    // The address can register again, as a new member.
    const again = await signUp(client, { email: leaver.email });
    expect(again.member.id).not.toBe(leaver.member.id);
    expect(again.member.displayName).not.toBe('退会したメンバー');
  });

  it('tombstones the messages too with deleteMessages, as a delete would (message:deleted to the channel)', async () => {
    const leaver = await newMember(client, `消す 人${kanjiTag()}`);
    const other = await newMember(client, `見る 人${kanjiTag()}`);
    await follow(client, leaver.accessToken, theme.slug);
    await follow(client, other.accessToken, theme.slug);
    const channel = await generalChannel(client, leaver.accessToken, theme.slug);
    const socket = await connectChat(salon.url, leaver.accessToken);
    await joinOk(socket, channel.id);
    const first = await sendOk(socket, channel.id, `消える投稿${kanjiTag()}`);
    const second = await sendOk(socket, channel.id, '消える返信', { parentId: first.id });
    const watcher = await connectChat(salon.url, other.accessToken);
    await joinOk(watcher, channel.id);
    const deleted = nextEvent(watcher, 'message:deleted', 5_000, (event) => event.messageId === first.id);

    expect((await leave(leaver, { password: leaver.password, deleteMessages: true })).status).toBe(204);
    await deleted;
    const history = await client.get<MessagePage>(`/api/channels/${channel.id}/messages`, {
      token: other.accessToken,
    });
    const byId = new Map<string, ChatMessage>(history.body.items.map((m) => [m.id, m]));
    for (const id of [first.id, second.id]) {
      expect(byId.get(id)).toMatchObject({ deleted: true, body: '', author: { former: true } });
    }
  });

  it('shows a former member among the attendees of an event that has taken place; gives up seats ahead', async () => {
    const leaver = await newMember(client, `参加 者${kanjiTag()}`);
    const create = (startsInHours: number) =>
      client.post<EventBody>(
        '/api/events',
        {
          title: `集まり${kanjiTag()}`,
          startsAt: new Date(Date.now() + startsInHours * 3600_000).toISOString(),
          endsAt: new Date(Date.now() + (startsInHours + 2) * 3600_000).toISOString(),
          format: 'online',
          joinUrl: 'https://meet.example/x',
          capacity: 1,
        },
        { token: coordinator.accessToken },
      );
    const past = (await create(24)).body;
    const ahead = (await create(48)).body;
    for (const event of [past, ahead]) {
      const rsvp = await client.call('PUT', `/api/events/${event.id}/rsvp`, {
        token: leaver.accessToken,
        body: { status: 'going' },
      });
      expect(rsvp.status).toBe(200);
    }
    const waiting = await newMember(client, `待つ 人${kanjiTag()}`);
    await client.call('PUT', `/api/events/${ahead.id}/rsvp`, {
      token: waiting.accessToken,
      body: { status: 'going' },
    });
    // The first one took place.
    await db.query(
      `UPDATE events SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`,
      [past.id],
    );

    expect((await leave(leaver, { password: leaver.password })).status).toBe(204);
    const attendees = await client.get<Attendee[] | { items: Attendee[] }>(
      `/api/events/${past.id}/attendees`,
      {
        token: coordinator.accessToken,
      },
    );
    const list = Array.isArray(attendees.body) ? attendees.body : attendees.body.items;
    expect(list.find((a) => a.memberId === leaver.member.id)).toMatchObject({
      former: true,
      displayName: '退会したメンバー',
      status: 'going',
    });
    // Their seat ahead went to the waitlist.
    const aheadAttendees = await client.get<Attendee[] | { items: Attendee[] }>(
      `/api/events/${ahead.id}/attendees`,
      {
        token: coordinator.accessToken,
      },
    );
    const aheadList = Array.isArray(aheadAttendees.body) ? aheadAttendees.body : aheadAttendees.body.items;
    expect(aheadList.map((a) => [a.memberId, a.status])).toEqual([[waiting.member.id, 'going']]);
  });

  it('exports everything it holds about me as a JSON download, checked against what I did', async () => {
    const me = await newMember(client, `書き 出す${kanjiTag()}`);
    await follow(client, me.accessToken, theme.slug);
    const owned = await createTheme(client, coordinator.accessToken, {
      slug: uniqueSlug('leave-owned'),
      title: '自分のテーマ',
      ownerIds: [me.member.id],
    });
    const channel = await generalChannel(client, me.accessToken, theme.slug);
    const socket = await connectChat(salon.url, me.accessToken);
    await joinOk(socket, channel.id);
    const message = await sendOk(socket, channel.id, `書き出し確認${kanjiTag()}`);
    okAck(await emitAck(socket, 'reaction:add', { messageId: message.id, emoji: '👍' }));
    const event = (
      await client.post<EventBody>(
        '/api/events',
        {
          title: '書き出しの会',
          startsAt: new Date(Date.now() + 24 * 3600_000).toISOString(),
          endsAt: new Date(Date.now() + 26 * 3600_000).toISOString(),
          format: 'online',
          joinUrl: 'https://meet.example/y',
        },
        { token: coordinator.accessToken },
      )
    ).body;
    await client.call('PUT', `/api/events/${event.id}/rsvp`, {
      token: me.accessToken,
      body: { status: 'going' },
    });
    await client.call('PUT', `/api/events/${event.id}/attendees/${me.member.id}/check-in`, {
      token: coordinator.accessToken,
    });
    const sent = await client.post<Invitation>(
      '/api/invitations',
      { email: uniqueEmail('friend'), themeSlug: owned.slug },
      { token: me.accessToken },
    );
    expect(sent.status).toBe(201);

    const { response, body, text } = await exportOf(me);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]+\.json"$/);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(body).toMatchObject({
      format: 'shiojiri-salon-export/1',
      memberId: me.member.id,
      profile: { id: me.member.id, email: me.email, displayName: me.member.displayName },
      settings: { digest: 'weekly', locale: 'ja' },
    });
    expect(body.sessions.length).toBeGreaterThanOrEqual(1);
    expect(text).not.toMatch(/token_?hash|password/i);
    expect(text).not.toContain(me.refreshToken);
    expect(body.themes.follows.map((f) => f.slug)).toContain(theme.slug);
    expect(body.themes.owns.map((o) => o.slug)).toEqual([owned.slug]);
    expect(body.messages).toEqual([
      expect.objectContaining({
        id: message.id,
        body: message.body,
        place: expect.objectContaining({ themeSlug: theme.slug, channelSlug: 'general' }) as unknown,
      }),
    ]);
    expect(body.reactions).toEqual([expect.objectContaining({ messageId: message.id })]);
    expect(body.rsvps).toEqual([
      expect.objectContaining({
        eventId: event.id,
        status: 'going',
        checkedInAt: expect.any(String) as unknown,
      }),
    ]);
    expect(body.invitations.sent.map((i) => i.id)).toEqual([sent.body.id]);
    expect(body.invitations.received).toEqual([]);
    expect(Array.isArray(body.digests)).toBe(true);
  });

  it('sends nothing to a member who left after a digest run was requested (the worker starts after)', async () => {
    const admin = await promote(client, await newMember(client, `管理 者${kanjiTag()}`), 'admin');
    const leaver = await newMember(client, `去る 読者${kanjiTag()}`);
    const keeper = await newMember(client, `残る 読者${kanjiTag()}`);
    // No worker yet, so no verification mail to follow: their addresses are verified as an operator would.
    await db.query(`UPDATE members SET email_verified_at = now() WHERE id = ANY($1::uuid[])`, [
      [leaver.member.id, keeper.member.id],
    ]);
    const digestTheme = await createTheme(client, coordinator.accessToken, {
      slug: uniqueSlug('leave-digest'),
      title: 'ダイジェストの確認',
    });
    for (const reader of [leaver, keeper]) await follow(client, reader.accessToken, digestTheme.slug);
    await follow(client, coordinator.accessToken, digestTheme.slug);
    const channel = await generalChannel(client, coordinator.accessToken, digestTheme.slug);
    const socket = await connectChat(salon.url, coordinator.accessToken);
    await joinOk(socket, channel.id);
    await sendOk(socket, channel.id, '今週の話題: 空き家の見学');

    const run = await client.post<DigestRun>(
      '/api/admin/digests/run',
      { frequency: 'weekly' },
      { token: admin.accessToken },
    );
    expect(run.status).toBe(202);
    expect((await leave(leaver, { password: leaver.password })).status).toBe(204);
    worker = await startBuiltApp('worker', salon.env);

    await salon.sink.waitFor(
      (mail) => mail.to.includes(keeper.email.toLowerCase()) && mail.subject.includes('ダイジェスト'),
      30_000,
    );
    const deadline = Date.now() + 30_000;
    for (;;) {
      const runs = await client.get<{ items: DigestRun[] }>('/api/admin/digests/runs', {
        token: admin.accessToken,
      });
      const mine = runs.body.items.find((item) => item.id === run.body.id);
      if (mine?.enqueuingDone && mine.pending === 0) break;
      if (Date.now() > deadline) throw new Error(`run not finished: ${JSON.stringify(mine)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(salon.sink.messages.filter((mail) => mail.to.includes(leaver.email.toLowerCase()))).toEqual([]);
    expect(JSON.stringify(salon.sink.messages.map((m) => m.text))).not.toContain(leaver.member.displayName);

    // The keeper's export lists the digest they were sent.
    const { body } = await exportOf(keeper);
    expect(body.digests).toEqual([expect.objectContaining({ frequency: 'weekly', status: 'sent' })]);
  });
});

describe('an invited member who leaves', () => {
  it('shows the inviter as a former member in the invitation list, and revokes what they had pending', async () => {
    const owner = await newMember(client, `招く 人${kanjiTag()}`);
    const owned = await createTheme(client, coordinator.accessToken, {
      slug: uniqueSlug('leave-inv'),
      title: '招待のテーマ',
      ownerIds: [owner.member.id],
    });
    const pending = await client.post<Invitation>(
      '/api/invitations',
      { email: uniqueEmail('pending'), themeSlug: owned.slug },
      { token: owner.accessToken },
    );
    const reAuth = await client.post<AuthResult>('/api/auth/login', {
      email: owner.email,
      password: owner.password,
    });
    expect(reAuth.status).toBe(200);
    expect((await leave(owner, { password: owner.password })).status).toBe(204);
    const list = await client.get<{ items: Invitation[] }>('/api/invitations?limit=100', {
      token: coordinator.accessToken,
    });
    expect(list.body.items.find((i) => i.id === pending.body.id)).toMatchObject({
      state: 'revoked',
      invitedBy: { id: owner.member.id, displayName: '退会したメンバー', former: true },
    });
  });
});
