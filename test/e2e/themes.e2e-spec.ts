import type {
  Channel,
  DirectoryPage,
  ErrorBody,
  Items,
  PublicProfile,
  ReadAck,
  Theme,
  ThemeRef,
} from './api-types';
import { kanjiTag, newCoordinator, newMember, useSalon, type SignedUp } from './fixture';
import { expectError, UUID } from './http';
import {
  addToTheme,
  channelsOf,
  connectChat,
  createTheme,
  emitAck,
  expectAckError,
  follow,
  generalChannel,
  history,
  joinOk,
  myThemes,
  okAck,
  send,
  sendOk,
  unfollow,
  uniqueSlug,
  unreadOf,
} from './chat-client';

// Many members register from one address in this file: give the registration bucket room.
const salon = useSalon({ tag: 'themes', env: { LOGIN_RATE_LIMIT_PER_IP: '1000' } });
const { client } = salon;
let coordinator: SignedUp;

beforeAll(async () => {
  coordinator = await newCoordinator(client, `調整 役子${kanjiTag()}`);
});

function getTheme(token: string, slug: string) {
  return client.get<Theme & ErrorBody>(`/api/themes/${slug}`, { token });
}

async function listedSlugs(token: string): Promise<string[]> {
  const reply = await client.get<Items<Theme>>('/api/themes', { token });
  expect(reply.status).toBe(200);
  return reply.body.items.map((theme) => theme.slug);
}

describe('creating themes (POST /api/themes)', () => {
  it('lets a coordinator create a theme with its owners, and a general channel comes with it', async () => {
    const owner = await newMember(client, `漆 職人${kanjiTag()}`);
    const slug = uniqueSlug('urushi');
    const input = {
      slug,
      title: '木曽漆器の新しい売り方',
      summary: '奈良井宿の工房と一緒に、漆器のオンライン販売を考えます。',
      titleEn: 'New ways to sell Kiso lacquerware',
      summaryEn: 'Online sales with the workshops of Narai-juku.',
      status: 'active' as const,
      visibility: 'public' as const,
      ownerIds: [owner.member.id],
    };

    const created = await client.post<Theme>('/api/themes', input, { token: coordinator.accessToken });

    expect(created.status).toBe(201);
    const { ownerIds: _ownerIds, ...fields } = input;
    expect(created.body).toEqual({
      ...fields,
      id: expect.stringMatching(UUID),
      owners: [{ id: owner.member.id, displayName: owner.member.displayName, avatarUrl: null }],
      archived: false,
      archivedAt: null,
      followerCount: 0,
      following: false,
      createdAt: expect.any(String),
    });
    expect((await getTheme(owner.accessToken, slug)).body).toEqual({ ...created.body, following: false });

    const channels = await channelsOf(client, owner.accessToken, slug);
    expect(channels).toEqual([
      {
        id: expect.stringMatching(UUID),
        themeId: created.body.id,
        slug: 'general',
        name: expect.any(String),
        archived: false,
        lastSeq: 0,
      },
    ]);
  });

  it('applies the defaults: recruiting, public, no owners, empty summary', async () => {
    const slug = uniqueSlug('defaults');
    const theme = await createTheme(client, coordinator.accessToken, { slug, title: '塩尻ワインの夕べ' });

    expect(theme).toMatchObject({
      slug,
      title: '塩尻ワインの夕べ',
      summary: '',
      titleEn: null,
      summaryEn: null,
      status: 'recruiting',
      visibility: 'public',
      owners: [],
    });
  });

  it('refuses a plain member with 403 ROLE_REQUIRED and creates nothing', async () => {
    const member = await newMember(client, `一般 会員${kanjiTag()}`);
    const slug = uniqueSlug('not-allowed');

    const reply = await client.post<ErrorBody>(
      '/api/themes',
      { slug, title: '勝手なテーマ' },
      { token: member.accessToken },
    );

    expectError(reply, 403, 'ROLE_REQUIRED');
    expectError(await getTheme(coordinator.accessToken, slug), 404, 'THEME_NOT_FOUND');
  });

  it('refuses a second theme with the same slug with 409 THEME_SLUG_TAKEN and keeps the first', async () => {
    const slug = uniqueSlug('taken');
    const first = await createTheme(client, coordinator.accessToken, { slug, title: '最初のテーマ' });

    const second = await client.post<ErrorBody>(
      '/api/themes',
      { slug, title: '二番目のテーマ' },
      { token: coordinator.accessToken },
    );

    expectError(second, 409, 'THEME_SLUG_TAKEN');
    const current = await getTheme(coordinator.accessToken, slug);
    expect(current.body).toMatchObject({ id: first.id, title: '最初のテーマ' });
    expect(await channelsOf(client, coordinator.accessToken, slug)).toHaveLength(1);
  });
});

describe('following (POST and DELETE /api/themes/:slug/follow)', () => {
  it('changes followerCount for everyone and following for the caller only; following twice counts once', async () => {
    const slug = uniqueSlug('follow');
    await createTheme(client, coordinator.accessToken, { slug, title: '塩尻ワインの会' });
    const fan = await newMember(client, `ワイン 好子${kanjiTag()}`);
    const other = await newMember(client, `ほか 会員${kanjiTag()}`);

    const followed = await client.post<Theme>(`/api/themes/${slug}/follow`, undefined, {
      token: fan.accessToken,
    });
    expect(followed.status).toBe(200);
    expect(followed.body).toMatchObject({ slug, followerCount: 1, following: true });
    expect((await getTheme(other.accessToken, slug)).body).toMatchObject({
      followerCount: 1,
      following: false,
    });

    expect(await follow(client, fan.accessToken, slug)).toMatchObject({ followerCount: 1, following: true });
    expect(await follow(client, other.accessToken, slug)).toMatchObject({
      followerCount: 2,
      following: true,
    });

    const unfollowed = await client.call<Theme>('DELETE', `/api/themes/${slug}/follow`, {
      token: fan.accessToken,
    });
    expect(unfollowed.status).toBe(200);
    expect(unfollowed.body).toMatchObject({ slug, followerCount: 1, following: false });
    expect((await getTheme(fan.accessToken, slug)).body).toMatchObject({
      followerCount: 1,
      following: false,
    });
    expect((await myThemes(client, fan.accessToken)).map((entry) => entry.theme.slug)).not.toContain(slug);
    expect((await myThemes(client, other.accessToken)).map((entry) => entry.theme.slug)).toContain(slug);
  });
});

describe('private themes', () => {
  it('hides a private theme from outsiders: 404 on GET and its channels, absent from the list, no follow', async () => {
    const slug = uniqueSlug('secret');
    await createTheme(client, coordinator.accessToken, {
      slug,
      title: '非公開の準備会',
      visibility: 'private',
    });
    const outsider = await newMember(client, `部外 者${kanjiTag()}`);

    expectError(await getTheme(outsider.accessToken, slug), 404, 'THEME_NOT_FOUND');
    expect(await listedSlugs(outsider.accessToken)).not.toContain(slug);
    expectError(
      await client.get<ErrorBody>(`/api/themes/${slug}/channels`, { token: outsider.accessToken }),
      404,
      'THEME_NOT_FOUND',
    );

    // The contract names 403 THEME_PRIVATE; 404 THEME_NOT_FOUND also keeps the theme hidden. Either way: refused.
    const followed = await client.post<ErrorBody>(`/api/themes/${slug}/follow`, undefined, {
      token: outsider.accessToken,
    });
    expect([
      { status: 403, code: 'THEME_PRIVATE' },
      { status: 404, code: 'THEME_NOT_FOUND' },
    ]).toContainEqual({ status: followed.status, code: followed.body.code });
    expectError(await getTheme(outsider.accessToken, slug), 404, 'THEME_NOT_FOUND');
    expect((await getTheme(coordinator.accessToken, slug)).body).toMatchObject({ followerCount: 0 });
    expect(await listedSlugs(coordinator.accessToken)).toContain(slug);
  });

  it('lets a member added by a coordinator see the private theme and follow it; removing them hides it again', async () => {
    const slug = uniqueSlug('inner');
    const theme = await createTheme(client, coordinator.accessToken, {
      slug,
      title: '内輪の企画会議',
      visibility: 'private',
    });
    const insider = await newMember(client, `内輪 会員${kanjiTag()}`);

    const added = await client.post(
      `/api/themes/${slug}/members`,
      { memberId: insider.member.id },
      { token: coordinator.accessToken },
    );
    expect(added.status).toBe(204);

    const seen = await getTheme(insider.accessToken, slug);
    expect(seen.status).toBe(200);
    expect(seen.body).toMatchObject({ id: theme.id, visibility: 'private', followerCount: 1 });
    expect(await listedSlugs(insider.accessToken)).toContain(slug);
    expect(await follow(client, insider.accessToken, slug)).toMatchObject({
      following: true,
      followerCount: 1,
    });
    expect((await myThemes(client, insider.accessToken)).map((entry) => entry.theme.id)).toContain(theme.id);
    expect(await channelsOf(client, insider.accessToken, slug)).toHaveLength(1);

    const removed = await client.call('DELETE', `/api/themes/${slug}/members/${insider.member.id}`, {
      token: coordinator.accessToken,
    });
    expect(removed.status).toBe(204);
    expectError(await getTheme(insider.accessToken, slug), 404, 'THEME_NOT_FOUND');
    expect(await listedSlugs(insider.accessToken)).not.toContain(slug);
  });
});

describe('managing a theme (owners and coordinators)', () => {
  it('lets an owner edit the theme and add channels; a following plain member gets 403 NOT_THEME_MANAGER', async () => {
    const owner = await newMember(client, `主催 太郎${kanjiTag()}`);
    const member = await newMember(client, `参加 花子${kanjiTag()}`);
    const slug = uniqueSlug('managed');
    const theme = await createTheme(client, coordinator.accessToken, {
      slug,
      title: '日々別荘の滞在プラン',
      ownerIds: [owner.member.id],
    });
    await follow(client, member.accessToken, slug);

    const edited = await client.patch<Theme>(
      `/api/themes/${slug}`,
      { title: '日々別荘の滞在プラン（改）', status: 'active' },
      { token: owner.accessToken },
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      id: theme.id,
      slug,
      title: '日々別荘の滞在プラン（改）',
      status: 'active',
    });
    expect((await getTheme(member.accessToken, slug)).body.title).toBe('日々別荘の滞在プラン（改）');

    const channel = await client.post<Channel>(
      `/api/themes/${slug}/channels`,
      { slug: 'events', name: 'イベント' },
      { token: owner.accessToken },
    );
    expect(channel.status).toBe(201);
    expect(channel.body).toEqual({
      id: expect.stringMatching(UUID),
      themeId: theme.id,
      slug: 'events',
      name: 'イベント',
      archived: false,
      lastSeq: 0,
    });
    expectError(
      await client.post<ErrorBody>(
        `/api/themes/${slug}/channels`,
        { slug: 'events', name: 'もう一つのイベント' },
        { token: owner.accessToken },
      ),
      409,
      'CHANNEL_SLUG_TAKEN',
    );

    expectError(
      await client.patch<ErrorBody>(
        `/api/themes/${slug}`,
        { title: '乗っ取り' },
        { token: member.accessToken },
      ),
      403,
      'NOT_THEME_MANAGER',
    );
    expectError(
      await client.post<ErrorBody>(
        `/api/themes/${slug}/channels`,
        { slug: 'mine', name: '私の部屋' },
        { token: member.accessToken },
      ),
      403,
      'NOT_THEME_MANAGER',
    );
    expectError(
      await client.patch<ErrorBody>(
        `/api/themes/${slug}/channels/${channel.body.id}`,
        { archived: true },
        { token: member.accessToken },
      ),
      403,
      'NOT_THEME_MANAGER',
    );
    expectError(
      await client.post<ErrorBody>(
        `/api/themes/${slug}/members`,
        { memberId: owner.member.id },
        { token: member.accessToken },
      ),
      403,
      'NOT_THEME_MANAGER',
    );

    expect((await getTheme(member.accessToken, slug)).body.title).toBe('日々別荘の滞在プラン（改）');
    expect((await channelsOf(client, member.accessToken, slug)).map((c) => c.slug).sort()).toEqual([
      'events',
      'general',
    ]);
  });

  it('keeps an archived channel readable and refuses new messages there with CHANNEL_ARCHIVED', async () => {
    const owner = await newMember(client, `記録 係${kanjiTag()}`);
    const member = await newMember(client, `書き 手${kanjiTag()}`);
    const slug = uniqueSlug('archive');
    await createTheme(client, coordinator.accessToken, {
      slug,
      title: '記録の部屋',
      ownerIds: [owner.member.id],
    });
    await follow(client, member.accessToken, slug);
    const created = await client.post<Channel>(
      `/api/themes/${slug}/channels`,
      { slug: 'minutes', name: '議事録' },
      { token: owner.accessToken },
    );
    expect(created.status).toBe(201);
    const channelId = created.body.id;

    const socket = await connectChat(salon.url, member.accessToken);
    await joinOk(socket, channelId);
    const before = await sendOk(socket, channelId, '第1回の議事録です');

    const archived = await client.patch<Channel>(
      `/api/themes/${slug}/channels/${channelId}`,
      { archived: true },
      { token: owner.accessToken },
    );
    expect(archived.status).toBe(200);
    expect(archived.body).toMatchObject({ id: channelId, archived: true });
    expect(
      (await channelsOf(client, member.accessToken, slug)).find((c) => c.id === channelId),
    ).toMatchObject({
      archived: true,
      lastSeq: 1,
    });

    expectAckError(await send(socket, channelId, '追記します'), 'CHANNEL_ARCHIVED');
    expectAckError(await emitAck(socket, 'typing', { channelId }), 'CHANNEL_ARCHIVED');
    const rejoined = await joinOk(socket, channelId);
    expect(rejoined.channel).toMatchObject({ id: channelId, archived: true });
    expect(rejoined.messages.map((m) => m.id)).toEqual([before.id]);
    expect((await history(client, member.accessToken, channelId)).items.map((m) => m.body)).toEqual([
      '第1回の議事録です',
    ]);

    const reopened = await client.patch<Channel>(
      `/api/themes/${slug}/channels/${channelId}`,
      { archived: false },
      { token: owner.accessToken },
    );
    expect(reopened.body).toMatchObject({ archived: false });
    expect((await sendOk(socket, channelId, '再開しました')).seq).toBe(2);
  });
});

describe('archiving a theme (PATCH /api/themes/:slug {archived})', () => {
  it('keeps an archived theme readable and refuses new messages, reactions, channels and events with 409 THEME_ARCHIVED', async () => {
    const owner = await newMember(client, `閉じる 係${kanjiTag()}`);
    const member = await newMember(client, `読む 人${kanjiTag()}`);
    const slug = uniqueSlug('closed');
    const theme = await createTheme(client, coordinator.accessToken, {
      slug,
      title: '終わったプロジェクト',
      ownerIds: [owner.member.id],
    });
    expect(theme).toMatchObject({ archived: false, archivedAt: null });
    await follow(client, member.accessToken, slug);
    const general = await generalChannel(client, member.accessToken, slug);
    const socket = await connectChat(salon.url, member.accessToken);
    await joinOk(socket, general.id);
    const kept = await sendOk(socket, general.id, '最後の報告です');

    // A plain member may not archive it.
    expectError(
      await client.patch<ErrorBody>(`/api/themes/${slug}`, { archived: true }, { token: member.accessToken }),
      403,
      'NOT_THEME_MANAGER',
    );
    expectError(
      await client.patch<ErrorBody>(`/api/themes/${slug}`, { archived: 'yes' }, { token: owner.accessToken }),
      400,
      'VALIDATION_FAILED',
    );
    const archived = await client.patch<Theme>(
      `/api/themes/${slug}`,
      { archived: true },
      { token: owner.accessToken },
    );
    expect(archived.status).toBe(200);
    expect(archived.body.archived).toBe(true);
    expect(new Date(archived.body.archivedAt ?? 0).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect((await getTheme(member.accessToken, slug)).body).toMatchObject({ archived: true });

    // Socket.IO: no message, no reaction, no typing; staff and owners included.
    expectAckError(await send(socket, general.id, 'まだ書けますか'), 'THEME_ARCHIVED');
    expectAckError(await emitAck(socket, 'typing', { channelId: general.id }), 'THEME_ARCHIVED');
    expectAckError(
      await emitAck(socket, 'reaction:add', { messageId: kept.id, emoji: '👍' }),
      'THEME_ARCHIVED',
    );
    const staffSocket = await connectChat(salon.url, coordinator.accessToken);
    expectAckError(await send(staffSocket, general.id, '運営から'), 'THEME_ARCHIVED');
    // The history stays readable, over Socket.IO and HTTP.
    expect((await joinOk(socket, general.id)).messages.map((m) => m.id)).toEqual([kept.id]);
    expect((await history(client, member.accessToken, general.id)).items.map((m) => m.body)).toEqual([
      '最後の報告です',
    ]);

    // HTTP: no new channel, no channel change, no event in it.
    expectError(
      await client.post<ErrorBody>(
        `/api/themes/${slug}/channels`,
        { slug: 'later', name: '後日' },
        { token: owner.accessToken },
      ),
      409,
      'THEME_ARCHIVED',
    );
    expectError(
      await client.patch<ErrorBody>(
        `/api/themes/${slug}/channels/${general.id}`,
        { name: '改名' },
        { token: coordinator.accessToken },
      ),
      409,
      'THEME_ARCHIVED',
    );
    const startsAt = new Date(Date.now() + 7 * 86_400_000);
    expectError(
      await client.post<ErrorBody>(
        '/api/events',
        {
          title: '打ち上げ',
          startsAt: startsAt.toISOString(),
          endsAt: new Date(startsAt.getTime() + 3_600_000).toISOString(),
          format: 'online',
          joinUrl: 'https://meet.example/closing',
          themeId: theme.id,
        },
        { token: owner.accessToken },
      ),
      409,
      'THEME_ARCHIVED',
    );
    expect((await channelsOf(client, owner.accessToken, slug)).map((c) => c.slug)).toEqual(['general']);

    // Reopened, it takes messages again.
    const reopened = await client.patch<Theme>(
      `/api/themes/${slug}`,
      { archived: false },
      { token: owner.accessToken },
    );
    expect(reopened.body).toMatchObject({ archived: false, archivedAt: null });
    expect((await sendOk(socket, general.id, '再開しました')).seq).toBe(2);
  });

  it('keeps the archived moment when archived twice, and lists archived themes with the flag', async () => {
    const slug = uniqueSlug('twice');
    await createTheme(client, coordinator.accessToken, { slug, title: '二度閉じる' });
    const first = await client.patch<Theme>(
      `/api/themes/${slug}`,
      { archived: true },
      { token: coordinator.accessToken },
    );
    const second = await client.patch<Theme>(
      `/api/themes/${slug}`,
      { archived: true, summary: '記録として残します' },
      { token: coordinator.accessToken },
    );
    expect(second.body).toMatchObject({ archived: true, summary: '記録として残します' });
    expect(second.body.archivedAt).toBe(first.body.archivedAt);
    const listed = await client.get<Items<Theme>>('/api/themes', { token: coordinator.accessToken });
    expect(listed.body.items.find((t) => t.slug === slug)).toMatchObject({ archived: true });
  });
});

describe("a theme's people (directory theme= filter and profile themes)", () => {
  it('lists the followers and owners of a theme, and each profile names its themes', async () => {
    const owner = await newMember(client, `持ち 主${kanjiTag()}`);
    const fan = await newMember(client, `追い かけ${kanjiTag()}`);
    const outsider = await newMember(client, `通り すがり${kanjiTag()}`);
    const slug = uniqueSlug('people');
    const theme = await createTheme(client, coordinator.accessToken, {
      slug,
      title: '塩尻の人たち',
      status: 'active',
      ownerIds: [owner.member.id],
    });
    await follow(client, fan.accessToken, slug);

    const page = await client.get<DirectoryPage>(`/api/members?theme=${slug}&limit=100`, {
      token: outsider.accessToken,
    });
    expect(page.status).toBe(200);
    expect(page.body.items.map((p: PublicProfile) => p.id).sort()).toEqual(
      [owner.member.id, fan.member.id].sort(),
    );

    const ref: ThemeRef = { id: theme.id, slug, title: '塩尻の人たち', status: 'active' };
    for (const person of [owner, fan]) {
      const profile = await client.get<PublicProfile & { themes: ThemeRef[] }>(
        `/api/members/${person.member.id}`,
        {
          token: outsider.accessToken,
        },
      );
      expect(profile.status).toBe(200);
      expect(profile.body.themes).toContainEqual(ref);
    }
    const stranger = await client.get<PublicProfile & { themes: ThemeRef[] }>(
      `/api/members/${outsider.member.id}`,
      { token: fan.accessToken },
    );
    expect(stranger.body.themes.map((t) => t.id)).not.toContain(theme.id);

    // After unfollowing, the fan is no longer one of the theme's people.
    await unfollow(client, fan.accessToken, slug);
    const after = await client.get<DirectoryPage>(`/api/members?theme=${slug}&limit=100`, {
      token: outsider.accessToken,
    });
    expect(after.body.items.map((p) => p.id)).toEqual([owner.member.id]);
  });

  it('does not reveal a private theme through the directory or profiles', async () => {
    const insider = await newMember(client, `秘密 会員${kanjiTag()}`);
    const outsider = await newMember(client, `外野 会員${kanjiTag()}`);
    const slug = uniqueSlug('hidden-people');
    const theme = await createTheme(client, coordinator.accessToken, {
      slug,
      title: '非公開の人たち',
      visibility: 'private',
    });
    await addToTheme(client, coordinator.accessToken, slug, insider.member.id);

    expectError(
      await client.get<ErrorBody>(`/api/members?theme=${slug}`, { token: outsider.accessToken }),
      404,
      'THEME_NOT_FOUND',
    );
    const seenByOutsider = await client.get<PublicProfile & { themes: ThemeRef[] }>(
      `/api/members/${insider.member.id}`,
      { token: outsider.accessToken },
    );
    expect(seenByOutsider.body.themes.map((t) => t.id)).not.toContain(theme.id);
    const seenByCoordinator = await client.get<PublicProfile & { themes: ThemeRef[] }>(
      `/api/members/${insider.member.id}`,
      { token: coordinator.accessToken },
    );
    expect(seenByCoordinator.body.themes.map((t) => t.id)).toContain(theme.id);
  });
});

describe('unread counts (GET /api/me/themes)', () => {
  it("counts other members' messages and mentions of me, and channel:read moves them (never back)", async () => {
    const reader = await newMember(client, `読み 手${kanjiTag()}`);
    const writer = await newMember(client, `書き 手${kanjiTag()}`);
    const slug = uniqueSlug('unread');
    await createTheme(client, coordinator.accessToken, { slug, title: '未読のテスト' });
    await follow(client, reader.accessToken, slug);
    await follow(client, writer.accessToken, slug);
    const general = await generalChannel(client, reader.accessToken, slug);

    const listed = await myThemes(client, reader.accessToken);
    const entry = listed.find((item) => item.theme.slug === slug);
    expect(entry?.theme.following).toBe(true);
    expect(entry?.channels).toEqual([
      { ...general, unread: { channelId: general.id, lastReadSeq: 0, unread: 0, mentions: 0 } },
    ]);

    const writing = await connectChat(salon.url, writer.accessToken);
    await joinOk(writing, general.id);
    await sendOk(writing, general.id, 'おはようございます');
    await sendOk(writing, general.id, '今日の予定です');
    await sendOk(writing, general.id, `@${reader.member.displayName}さん 確認お願いします`);

    expect(await unreadOf(client, reader.accessToken, general.id)).toEqual({
      channelId: general.id,
      lastReadSeq: 0,
      unread: 3,
      mentions: 1,
    });
    // One's own messages are never unread.
    expect(await unreadOf(client, writer.accessToken, general.id)).toEqual({
      channelId: general.id,
      lastReadSeq: 3,
      unread: 0,
      mentions: 0,
    });

    const reading = await connectChat(salon.url, reader.accessToken);
    const readTwo = okAck(await emitAck<ReadAck>(reading, 'channel:read', { channelId: general.id, seq: 2 }));
    expect(readTwo).toEqual({ ok: true, channelId: general.id, lastReadSeq: 2, unread: 1, mentions: 1 });
    expect(await unreadOf(client, reader.accessToken, general.id)).toEqual({
      channelId: general.id,
      lastReadSeq: 2,
      unread: 1,
      mentions: 1,
    });

    // A seq past the end reads everything; an older seq does not move the marker back.
    const readAll = okAck(
      await emitAck<ReadAck>(reading, 'channel:read', { channelId: general.id, seq: 99 }),
    );
    expect(readAll).toMatchObject({ lastReadSeq: 3, unread: 0, mentions: 0 });
    const readBack = okAck(
      await emitAck<ReadAck>(reading, 'channel:read', { channelId: general.id, seq: 1 }),
    );
    expect(readBack).toMatchObject({ lastReadSeq: 3, unread: 0, mentions: 0 });
    expect(await unreadOf(client, reader.accessToken, general.id)).toEqual({
      channelId: general.id,
      lastReadSeq: 3,
      unread: 0,
      mentions: 0,
    });

    await sendOk(writing, general.id, '追加の連絡です');
    expect(await unreadOf(client, reader.accessToken, general.id)).toEqual({
      channelId: general.id,
      lastReadSeq: 3,
      unread: 1,
      mentions: 0,
    });
  });
});
