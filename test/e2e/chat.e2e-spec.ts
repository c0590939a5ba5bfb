import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type {
  Channel,
  ChatMessage,
  ErrorBody,
  MessageAck,
  ReactionSummary,
  ReadAck,
  SearchHit,
  Theme,
  ThreadPage,
} from './api-types';
import {
  forgeAccessToken,
  kanjiTag,
  newCoordinator,
  newMember,
  TEST_JWT_SECRET,
  useSalon,
  type SignedUp,
} from './fixture';
import { expectError, marker, UUID } from './http';
import {
  asReceived,
  addToTheme,
  connectChat,
  connectRefusal,
  createTheme,
  disconnection,
  emitAck,
  eventually,
  expectAckError,
  follow,
  generalChannel,
  history,
  joinChannel,
  joinOk,
  nextEvent,
  noEvent,
  okAck,
  QUIET_MS,
  recordEvents,
  send,
  sendOk,
  sleep,
  unfollow,
  uniqueSlug,
  unreadOf,
} from './chat-client';

const ALLOWED_ORIGIN = 'http://localhost:5173';
/** The api sends at most one `presence` per theme per second (PRESENCE_BROADCAST_WINDOW_MS). */
const PRESENCE_WINDOW_MS = 1000;

const salon = useSalon({
  tag: 'chat',
  env: {
    LOGIN_RATE_LIMIT_PER_IP: '1000',
    // The rate limits have their own api below (and hardening.e2e-spec.ts); here they must not get in the
    // way of the busier tests.
    CHAT_RATE_LIMIT_MESSAGES: '1000',
    SOCKET_EVENT_BURST: '1000',
    SOCKET_EVENT_RATE_PER_SECOND: '1000',
    CORS_ORIGINS: ALLOWED_ORIGIN,
  },
});
const { client } = salon;
let coordinator: SignedUp;

beforeAll(async () => {
  coordinator = await newCoordinator(client, `調整 役子${kanjiTag()}`);
});

/** Members with these display names (made unique with a few ideographs). */
function people(...names: string[]): Promise<SignedUp[]> {
  return Promise.all(names.map((name) => newMember(client, `${name}${kanjiTag()}`)));
}

interface Room {
  theme: Theme;
  channel: Channel;
}

/** A fresh theme (made by the coordinator) whose general channel the given members can use. */
async function newRoom(
  tag: string,
  members: SignedUp[],
  options: { visibility?: 'public' | 'private'; owners?: SignedUp[] } = {},
): Promise<Room> {
  const slug = uniqueSlug(tag);
  const theme = await createTheme(client, coordinator.accessToken, {
    slug,
    title: `テーマ ${tag}`,
    visibility: options.visibility ?? 'public',
    ownerIds: (options.owners ?? []).map((owner) => owner.member.id),
  });
  for (const member of members) {
    if (options.visibility === 'private')
      await addToTheme(client, coordinator.accessToken, slug, member.member.id);
    else await follow(client, member.accessToken, slug);
  }
  return { theme, channel: await generalChannel(client, coordinator.accessToken, slug) };
}

/** Connected sockets for these members, each joined to the channel. */
async function joined(url: string, channelId: string, members: SignedUp[]): Promise<Socket[]> {
  return Promise.all(
    members.map(async (member) => {
      const socket = await connectChat(url, member.accessToken);
      await joinOk(socket, channelId);
      return socket;
    }),
  );
}

function authorOf(member: SignedUp) {
  return { id: member.member.id, displayName: member.member.displayName, avatarUrl: null, former: false };
}

function byEmoji(reactions: ReactionSummary[]): ReactionSummary[] {
  return [...reactions].sort((a, b) => a.emoji.localeCompare(b.emoji));
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('connecting to /chat', () => {
  it('refuses a connection without a token with TOKEN_MISSING', async () => {
    expect(await connectRefusal(salon.url, undefined)).toMatchObject({ code: 'TOKEN_MISSING' });
    expect(await connectRefusal(salon.url, '')).toMatchObject({ code: 'TOKEN_MISSING' });
  });

  it('refuses tampered, foreign-signed and malformed tokens with TOKEN_INVALID', async () => {
    const [member] = await people('改ざん 確認');
    const [header, , signature] = member.accessToken.split('.');
    const claims = JSON.parse(
      Buffer.from(member.accessToken.split('.')[1], 'base64url').toString(),
    ) as Record<string, unknown>;
    const escalated = Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url');
    const tampered = `${header}.${escalated}.${signature}`;
    const foreign = forgeAccessToken(
      { sub: member.member.id, role: 'member', typ: 'access', exp: nowSeconds() + 60 },
      'another-secret-that-is-long-enough-0123456789',
    );

    for (const token of [tampered, foreign, 'not-a-jwt']) {
      expect(await connectRefusal(salon.url, token)).toMatchObject({ code: 'TOKEN_INVALID' });
    }
    // The untouched token is accepted.
    const socket = await connectChat(salon.url, member.accessToken);
    expect(socket.connected).toBe(true);
  });

  it('refuses an expired token with TOKEN_EXPIRED (and accepts the same claims before expiry)', async () => {
    const [member] = await people('期限 切れ');
    const claims = { sub: member.member.id, role: 'member', typ: 'access' };

    const expired = forgeAccessToken({ ...claims, exp: nowSeconds() - 60 }, TEST_JWT_SECRET);
    expect(await connectRefusal(salon.url, expired)).toMatchObject({ code: 'TOKEN_EXPIRED' });

    const fresh = forgeAccessToken({ ...claims, exp: nowSeconds() + 60 }, TEST_JWT_SECRET);
    expect((await connectChat(salon.url, fresh)).connected).toBe(true);
  });

  it('refuses a connection from a foreign Origin and accepts one from an allowed Origin', async () => {
    const [member] = await people('出所 確認');

    const refusal = await connectRefusal(salon.url, member.accessToken, {
      extraHeaders: { origin: 'https://evil.example' },
    });
    expect(refusal.code).toBeUndefined();

    const allowed = await connectChat(salon.url, member.accessToken, {
      extraHeaders: { origin: ALLOWED_ORIGIN },
    });
    expect(allowed.connected).toBe(true);
  });
});

describe('sending and receiving', () => {
  it("delivers a message to the other member; the sender's ack carries the stored message and it gets no echo", async () => {
    const [alice, bob] = await people('送り 手', '受け 手');
    const { channel } = await newRoom('relay', [alice, bob]);
    const [a, b] = await joined(salon.url, channel.id, [alice, bob]);
    const echoes = recordEvents(a, 'message:new');

    const toBob = nextEvent(b, 'message:new');
    // What travels is lean: no empty lists, nulls, defaults or the sender's clientMessageId.
    const onTheWire = new Promise<unknown>((resolve) => b.once('message:new', resolve));
    const clientMessageId = randomUUID();
    const ack = okAck(await send(a, channel.id, 'こんにちは、塩尻！🍇', { clientMessageId }));
    expect(ack.message).toEqual({
      id: expect.stringMatching(UUID),
      channelId: channel.id,
      seq: 1,
      kind: 'user',
      author: authorOf(alice),
      body: 'こんにちは、塩尻！🍇',
      clientMessageId,
      parentId: null,
      replyCount: 0,
      mentions: [],
      reactions: [],
      createdAt: expect.any(String),
      editedAt: null,
      deleted: false,
    });
    expect(await toBob).toEqual(asReceived(ack.message));
    expect(await onTheWire).toEqual({
      id: ack.message.id,
      channelId: channel.id,
      seq: 1,
      author: { id: alice.member.id, displayName: alice.member.displayName },
      body: 'こんにちは、塩尻！🍇',
      createdAt: ack.message.createdAt,
    });

    const toAlice = nextEvent(a, 'message:new');
    const second = await sendOk(b, channel.id, 'ようこそ！');
    expect(second).toMatchObject({ seq: 2, author: authorOf(bob) });
    expect(await toAlice).toEqual(asReceived(second));

    const third = await sendOk(a, channel.id, '今日は晴れです');
    expect(third.seq).toBe(3);
    await sleep(QUIET_MS);
    // Alice heard Bob's message only: her own two came back in their acks, not as message:new.
    expect(echoes.stop().map((m) => m.id)).toEqual([second.id]);

    const page = await history(client, bob.accessToken, channel.id);
    expect(page).toEqual({ items: [ack.message, second, third], nextCursor: null });
  });

  it("also delivers to the sender's other connections", async () => {
    const [alice] = await people('二台 持ち');
    const { channel } = await newRoom('devices', [alice]);
    const [phone, laptop] = await joined(salon.url, channel.id, [alice, alice]);

    const onLaptop = nextEvent(laptop, 'message:new');
    const noEcho = noEvent(phone, 'message:new');
    const message = await sendOk(phone, channel.id, 'スマホから送信');
    expect(await onLaptop).toEqual(asReceived(message));
    await noEcho;
  });

  it('returns the same message for a retry with the same clientMessageId, and the others get ONE message:new', async () => {
    const [alice, bob] = await people('再送 者', '受信 者');
    const { channel } = await newRoom('retry', [alice, bob]);
    const [a, b] = await joined(salon.url, channel.id, [alice, bob]);
    const received = recordEvents(b, 'message:new');

    const clientMessageId = randomUUID();
    const first = await sendOk(a, channel.id, '一度だけ届くはず', { clientMessageId });
    const retry = await sendOk(a, channel.id, '一度だけ届くはず', { clientMessageId });
    expect(retry).toEqual(first);

    // Retries racing each other (and from a second connection) also become one message.
    const [a2] = await joined(salon.url, channel.id, [alice]);
    const racingId = randomUUID();
    const racing = await Promise.all(
      [a, a2, a, a2].map((socket) => sendOk(socket, channel.id, '同時に再送', { clientMessageId: racingId })),
    );
    expect(new Set(racing.map((m) => m.id)).size).toBe(1);
    expect(racing[0].seq).toBe(2);

    await eventually(() => received.events.length >= 2, 'bob receives both messages');
    await sleep(QUIET_MS);
    expect(received.stop().map((m) => m.id)).toEqual([first.id, racing[0].id]);
    const page = await history(client, bob.accessToken, channel.id);
    expect(page.items.map((m) => [m.seq, m.id])).toEqual([
      [1, first.id],
      [2, racing[0].id],
    ]);
  });

  it('numbers messages 1..30 with no gap or duplicate when three members send 30 at once', async () => {
    const senders = await people('同時 一郎', '同時 二郎', '同時 三郎');
    const { channel } = await newRoom('burst', senders);
    const sockets = await joined(salon.url, channel.id, senders);
    const heard = sockets.map((socket) => recordEvents(socket, 'message:new'));

    const sent = await Promise.all(
      sockets.flatMap((socket, i) =>
        Array.from({ length: 10 }, (_, j) => sendOk(socket, channel.id, `送信者${i + 1} の ${j + 1} 通目`)),
      ),
    );

    const seqs = sent.map((m) => m.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const page = await history(client, senders[0].accessToken, channel.id, { limit: 100 });
    expect(page.items.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(page.items.map((m) => m.id).sort()).toEqual(sent.map((m) => m.id).sort());

    // Each member hears the 20 messages of the other two, each once.
    await eventually(() => heard.every((h) => h.events.length >= 20), 'everyone hears the others');
    await sleep(QUIET_MS);
    sockets.forEach((_, i) => {
      const others = sent.filter((m) => m.author?.id !== senders[i].member.id).map((m) => m.id);
      expect(
        heard[i]
          .stop()
          .map((m) => m.id)
          .sort(),
      ).toEqual(others.sort());
    });
  });

  it('joins with the latest 50 messages in order and hasMore; afterSeq returns everything after it', async () => {
    const [alice, bob] = await people('多弁 者', '後から 来た人');
    const { channel } = await newRoom('backlog', [alice, bob]);
    const a = await connectChat(salon.url, alice.accessToken);
    for (let i = 1; i <= 55; i += 1) await sendOk(a, channel.id, `メッセージ ${i}`);

    const b = await connectChat(salon.url, bob.accessToken);
    const latest = await joinOk(b, channel.id);
    expect(latest.channel).toMatchObject({ id: channel.id, lastSeq: 55, archived: false });
    expect(latest.messages.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 6));
    expect(latest.messages[0].body).toBe('メッセージ 6');
    expect(latest.hasMore).toBe(true);

    const after = await joinOk(b, channel.id, 50);
    expect(after.messages.map((m) => m.body)).toEqual([51, 52, 53, 54, 55].map((i) => `メッセージ ${i}`));
    expect(after.hasMore).toBe(false);

    const older = await history(client, bob.accessToken, channel.id, { beforeSeq: 6 });
    expect(older.items.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('threads', () => {
  it('stores replies with parentId, pushes the parent with its replyCount, and lists them in GET thread', async () => {
    const [alice, bob] = await people('親 投稿者', '返信 者');
    const { channel } = await newRoom('thread', [alice, bob]);
    const [a, b] = await joined(salon.url, channel.id, [alice, bob]);
    const parent = await sendOk(a, channel.id, '週末の予定を決めましょう');

    const parentUpdated = nextEvent(a, 'message:updated', undefined, (m) => m.id === parent.id);
    const replyArrives = nextEvent(a, 'message:new');
    const first = await sendOk(b, channel.id, '土曜日が良いです', { parentId: parent.id });
    expect(first).toMatchObject({ parentId: parent.id, seq: 2, replyCount: 0 });
    expect(await replyArrives).toEqual(asReceived(first));
    expect(await parentUpdated).toMatchObject({
      id: parent.id,
      replyCount: 1,
      body: '週末の予定を決めましょう',
    });

    const parentUpdatedAgain = nextEvent(b, 'message:updated', undefined, (m) => m.id === parent.id);
    const second = await sendOk(a, channel.id, 'では土曜日の10時に', { parentId: parent.id });
    expect((await parentUpdatedAgain).replyCount).toBe(2);

    const thread = await client.get<ThreadPage>(`/api/messages/${parent.id}/thread`, {
      token: bob.accessToken,
    });
    expect(thread.status).toBe(200);
    expect(thread.body.parent).toMatchObject({ id: parent.id, replyCount: 2, parentId: null });
    expect(thread.body.items).toEqual([first, second]);
    expect(thread.body.nextCursor).toBeNull();
    expect((await history(client, alice.accessToken, channel.id)).items[0]).toMatchObject({
      id: parent.id,
      replyCount: 2,
    });

    // Replies go to a top-level message.
    expectAckError(await send(b, channel.id, '返信への返信', { parentId: first.id }), 'INVALID_PARENT');
    expect((await history(client, alice.accessToken, channel.id)).items).toHaveLength(3);
  });
});

describe('reactions', () => {
  it('counts a reaction added twice once, removes it, and pushes reaction:updated to the channel', async () => {
    const [alice, bob] = await people('反応 待ち', '反応 者');
    const { channel } = await newRoom('react', [alice, bob]);
    const [a, b] = await joined(salon.url, channel.id, [alice, bob]);
    const message = await sendOk(a, channel.id, '新しい漆器が届きました');
    const react = (socket: Socket, event: 'reaction:add' | 'reaction:remove', emoji: string) =>
      emitAck<{ message: ChatMessage }>(socket, event, { messageId: message.id, emoji });

    const pushed = nextEvent(a, 'reaction:updated');
    const added = okAck(await react(b, 'reaction:add', '👍'));
    const thumbsByBob = { emoji: '👍', count: 1, memberIds: [bob.member.id] };
    expect(added.message.reactions).toEqual([thumbsByBob]);
    expect(await pushed).toEqual({ messageId: message.id, channelId: channel.id, reactions: [thumbsByBob] });

    expect(okAck(await react(b, 'reaction:add', '👍')).message.reactions).toEqual([thumbsByBob]);

    okAck(await react(a, 'reaction:add', ':tada:'));
    const both = okAck(await react(a, 'reaction:add', '👍'));
    expect(byEmoji(both.message.reactions)).toEqual(
      byEmoji([
        { emoji: '👍', count: 2, memberIds: [bob.member.id, alice.member.id] },
        { emoji: ':tada:', count: 1, memberIds: [alice.member.id] },
      ]),
    );

    const afterRemoval = nextEvent(a, 'reaction:updated', undefined, (e) =>
      e.reactions.some((r) => r.emoji === '👍' && r.count === 1),
    );
    const removed = okAck(await react(b, 'reaction:remove', '👍'));
    const expected = byEmoji([
      { emoji: '👍', count: 1, memberIds: [alice.member.id] },
      { emoji: ':tada:', count: 1, memberIds: [alice.member.id] },
    ]);
    expect(byEmoji(removed.message.reactions)).toEqual(expected);
    expect(byEmoji((await afterRemoval).reactions)).toEqual(expected);
    expect(byEmoji(okAck(await react(b, 'reaction:remove', '👍')).message.reactions)).toEqual(expected);

    expectAckError(await react(b, 'reaction:add', 'abc'), 'VALIDATION_FAILED');
    expectAckError(await react(b, 'reaction:add', ''), 'VALIDATION_FAILED');
    const stored = (await history(client, bob.accessToken, channel.id)).items[0];
    expect(byEmoji(stored.reactions)).toEqual(expected);
  });
});

describe('editing and deleting', () => {
  it('lets the author edit (message:updated to the channel) and refuses others with NOT_AUTHOR', async () => {
    const [alice, bob] = await people('訂正 者', '読者 一');
    const { channel } = await newRoom('edit', [alice, bob]);
    const [a, b] = await joined(salon.url, channel.id, [alice, bob]);
    const message = await sendOk(a, channel.id, '集合は日曜日です');

    const updated = nextEvent(b, 'message:updated', undefined, (m) => m.id === message.id);
    const edited = okAck(
      await emitAck<{ message: ChatMessage }>(a, 'message:edit', {
        messageId: message.id,
        body: '訂正：集合は土曜日です',
      }),
    ).message;
    expect(edited).toMatchObject({ id: message.id, seq: 1, body: '訂正：集合は土曜日です', deleted: false });
    expect(edited.editedAt).toEqual(expect.any(String));
    expect(await updated).toEqual(edited);

    expectAckError(
      await emitAck(b, 'message:edit', { messageId: message.id, body: 'ボブが書き換え' }),
      'NOT_AUTHOR',
    );
    expect((await history(client, bob.accessToken, channel.id)).items).toEqual([edited]);
  });

  it('lets the author delete a message, leaving a tombstone with its seq in history', async () => {
    const [alice, bob] = await people('削除 者', '読者 二');
    const { channel } = await newRoom('delete', [alice, bob]);
    const [a, b] = await joined(salon.url, channel.id, [alice, bob]);
    const first = await sendOk(a, channel.id, '一通目');
    const second = await sendOk(a, channel.id, '間違えて送りました');
    const third = await sendOk(a, channel.id, '三通目');
    okAck(await emitAck(b, 'reaction:add', { messageId: second.id, emoji: '😅' }));

    const deletedEvent = nextEvent(b, 'message:deleted');
    const ack = okAck(await emitAck<{ message: ChatMessage }>(a, 'message:delete', { messageId: second.id }));
    expect(ack.message).toMatchObject({ id: second.id, seq: 2, deleted: true, body: '', reactions: [] });
    expect(await deletedEvent).toEqual({ messageId: second.id, channelId: channel.id, seq: 2 });

    const page = await history(client, bob.accessToken, channel.id);
    expect(page.items.map((m) => [m.seq, m.deleted, m.body])).toEqual([
      [1, false, '一通目'],
      [2, true, ''],
      [3, false, '三通目'],
    ]);
    expect(page.items[1]).toMatchObject({ id: second.id, reactions: [], mentions: [] });
    expect([page.items[0].id, page.items[2].id]).toEqual([first.id, third.id]);
    // A deleted message takes no more edits.
    expect((await emitAck(a, 'message:edit', { messageId: second.id, body: '復活' })).ok).toBe(false);
    expect((await history(client, bob.accessToken, channel.id)).items[1]).toMatchObject({
      deleted: true,
      body: '',
    });
  });

  it("lets a theme owner and a coordinator delete others' messages; a plain member gets NOT_AUTHOR", async () => {
    const [owner, alice, bob] = await people('持ち 主', '投稿 者', '他の 会員');
    const { channel } = await newRoom('moderate', [alice, bob], { owners: [owner] });
    const [a, b, o] = await joined(salon.url, channel.id, [alice, bob, owner]);
    const byOwner = await sendOk(a, channel.id, '宣伝です（オーナーが消す）');
    const byCoordinator = await sendOk(a, channel.id, '宣伝です（コーディネーターが消す）');

    expectAckError(await emitAck(b, 'message:delete', { messageId: byOwner.id }), 'NOT_AUTHOR');
    expect((await history(client, alice.accessToken, channel.id)).items.every((m) => !m.deleted)).toBe(true);

    const seen = nextEvent(a, 'message:deleted', undefined, (e) => e.messageId === byOwner.id);
    expect(
      okAck(await emitAck<{ message: ChatMessage }>(o, 'message:delete', { messageId: byOwner.id })).message,
    ).toMatchObject({ id: byOwner.id, deleted: true, body: '' });
    expect(await seen).toEqual({ messageId: byOwner.id, channelId: channel.id, seq: 1 });

    // The coordinator does not follow the theme and still moderates it.
    const c = await connectChat(salon.url, coordinator.accessToken);
    expect(
      okAck(await emitAck<{ message: ChatMessage }>(c, 'message:delete', { messageId: byCoordinator.id }))
        .message,
    ).toMatchObject({ id: byCoordinator.id, deleted: true });

    const page = await history(client, bob.accessToken, channel.id);
    expect(page.items.map((m) => [m.seq, m.deleted, m.body])).toEqual([
      [1, true, ''],
      [2, true, ''],
    ]);
  });
});

describe('mentions', () => {
  it('pushes mention to every connection of the mentioned member, even one in no channel, and records it', async () => {
    const [alice, third] = await people('言及 する人', '第三 者');
    const kenta = await newMember(client, `佐藤 健太${kanjiTag()}`);
    const [family, given] = kenta.member.displayName.split(' ');
    const { channel } = await newRoom('mention', [alice, third, kenta]);
    const [a, t, inChannel] = await joined(salon.url, channel.id, [alice, third, kenta]);
    const elsewhere = await connectChat(salon.url, kenta.accessToken); // joined nothing
    const kentaRef = { id: kenta.member.id, displayName: kenta.member.displayName, former: false };

    const onChannelSocket = nextEvent(inChannel, 'mention');
    const onIdleSocket = nextEvent(elsewhere, 'mention');
    const notThird = noEvent(t, 'mention');
    const spaced = await sendOk(a, channel.id, `@${family} ${given}さん、資料ありがとうございます`);
    expect(spaced.mentions).toEqual([kentaRef]);
    expect(await onChannelSocket).toEqual({ message: spaced });
    expect(await onIdleSocket).toEqual({ message: spaced });
    await notThird;

    const idleAgain = nextEvent(elsewhere, 'mention');
    const compact = await sendOk(a, channel.id, `@${family}${given}さん 明日もよろしく`);
    expect(compact.mentions).toEqual([kentaRef]);
    expect((await idleAgain).message.id).toBe(compact.id);

    // The id list mentions too, without an @ in the body.
    const thirdHears = nextEvent(t, 'mention');
    const listed = await sendOk(a, channel.id, '皆さんへの連絡です', { mentions: [third.member.id] });
    expect(listed.mentions).toEqual([
      { id: third.member.id, displayName: third.member.displayName, former: false },
    ]);
    expect((await thirdHears).message.id).toBe(listed.id);

    // Never the author.
    const aliceQuiet = noEvent(a, 'mention');
    const self = await sendOk(a, channel.id, `@${alice.member.displayName} 自分宛てのメモ`, {
      mentions: [alice.member.id],
    });
    expect(self.mentions).toEqual([]);
    await aliceQuiet;

    const stored = (await history(client, kenta.accessToken, channel.id)).items;
    expect(stored.map((m) => m.mentions)).toEqual([[kentaRef], [kentaRef], [listed.mentions[0]], []]);
    expect(await unreadOf(client, kenta.accessToken, channel.id)).toEqual({
      channelId: channel.id,
      lastReadSeq: 0,
      unread: 4,
      mentions: 2,
    });
    expect(await unreadOf(client, third.accessToken, channel.id)).toMatchObject({ unread: 4, mentions: 1 });
  });

  it('does not mention a member who cannot read the channel', async () => {
    const [alice] = await people('言及 する人');
    const outsider = await newMember(client, `外の 人${kanjiTag()}`);
    const { channel } = await newRoom('mention-outside', [alice]);
    const [a] = await joined(salon.url, channel.id, [alice]);
    const outsiderSocket = await connectChat(salon.url, outsider.accessToken);

    const quiet = noEvent(outsiderSocket, 'mention');
    const message = await sendOk(a, channel.id, `@${outsider.member.displayName}さん 見えますか`, {
      mentions: [outsider.member.id],
    });
    expect(message.mentions).toEqual([]);
    await quiet;
  });
});

describe('typing and presence', () => {
  it('sends typing to the other member in the channel but not to the sender', async () => {
    const [alice, bob] = await people('入力 中', '待つ 人');
    const { channel } = await newRoom('typing', [alice, bob]);
    const [a, b] = await joined(salon.url, channel.id, [alice, bob]);

    const toBob = nextEvent(b, 'typing');
    const notToAlice = noEvent(a, 'typing');
    expect(await emitAck(a, 'typing', { channelId: channel.id })).toEqual({ ok: true });
    expect(await toBob).toEqual({
      channelId: channel.id,
      member: { id: alice.member.id, displayName: alice.member.displayName },
    });
    await notToAlice;
  });

  it('lists both members once both joined, and drops one after it disconnects', async () => {
    const [alice, bob] = await people('在席 一', '在席 二');
    const { theme, channel } = await newRoom('presence', [alice, bob]);
    const a = await connectChat(salon.url, alice.accessToken);
    const b = await connectChat(salon.url, bob.accessToken);
    const ofTheme = (p: { themeId: string }) => p.themeId === theme.id;

    const alone = nextEvent(a, 'presence', undefined, ofTheme);
    await joinOk(a, channel.id);
    expect(await alone).toEqual({ themeId: theme.id, memberIds: [alice.member.id] });

    const together = nextEvent(a, 'presence', undefined, (p) => ofTheme(p) && p.memberIds.length === 2);
    const bobSees = nextEvent(b, 'presence', undefined, ofTheme);
    await joinOk(b, channel.id);
    const both = [alice.member.id, bob.member.id].sort();
    expect((await together).memberIds.sort()).toEqual(both);
    expect((await bobSees).memberIds.sort()).toEqual(both);

    const afterLeaving = nextEvent(a, 'presence', undefined, (p) => ofTheme(p) && p.memberIds.length < 2);
    b.disconnect();
    expect(await afterLeaving).toEqual({ themeId: theme.id, memberIds: [alice.member.id] });
  });
  it('tells no one when a member already online joins again or closes one of two connections; the new connection gets the list', async () => {
    const [alice, bob] = await people('在席 三', '二台 在席');
    const { theme, channel } = await newRoom('presence-again', [alice, bob]);
    const ofTheme = (p: { themeId: string }) => p.themeId === theme.id;
    const [a, b1] = await joined(salon.url, channel.id, [alice, bob]);
    const both = [alice.member.id, bob.member.id].sort();
    // Let the broadcasts of those two joins (at most one per second per theme) go out first.
    await sleep(PRESENCE_WINDOW_MS + 200);

    // Longer than a broadcast window: a folded broadcast would have gone out by then.
    const aliceQuiet = noEvent(a, 'presence', PRESENCE_WINDOW_MS + QUIET_MS, ofTheme);
    const bobQuiet = noEvent(b1, 'presence', PRESENCE_WINDOW_MS + QUIET_MS, ofTheme);
    okAck(await joinChannel(b1, channel.id)); // the same connection again
    const b2 = await connectChat(salon.url, bob.accessToken);
    const toNewConnection = nextEvent(b2, 'presence', undefined, ofTheme);
    await joinOk(b2, channel.id);
    expect((await toNewConnection).memberIds.sort()).toEqual(both);
    b2.disconnect();
    await Promise.all([aliceQuiet, bobQuiet]);

    // Bob's last connection going is a change again.
    const alone = nextEvent(a, 'presence', undefined, ofTheme);
    b1.disconnect();
    expect(await alone).toEqual({ themeId: theme.id, memberIds: [alice.member.id] });
  });

  it('folds a burst of members coming online into at most one more broadcast with all of them', async () => {
    const members = await people('一斉 甲', '一斉 乙', '一斉 丙', '一斉 丁', '一斉 戊');
    const { theme, channel } = await newRoom('presence-burst', members);
    const ofTheme = (p: { themeId: string }) => p.themeId === theme.id;
    const [watcher] = await joined(salon.url, channel.id, members.slice(0, 1));
    await sleep(PRESENCE_WINDOW_MS + 200);

    const seen = recordEvents(watcher, 'presence');
    await joined(salon.url, channel.id, members.slice(1));
    await eventually(
      () => seen.events.some((p) => ofTheme(p) && p.memberIds.length === members.length),
      'the watcher sees all five',
    );
    await sleep(PRESENCE_WINDOW_MS + QUIET_MS);
    const events = seen.stop().filter(ofTheme);
    // One at once for the first newcomer, one at the end of the window for the rest (not one per join).
    expect(events.length).toBeLessThanOrEqual(2);
    expect(events.at(-1)?.memberIds.sort()).toEqual(members.map((m) => m.member.id).sort());
  });

  it('ends the presence of a member removed from a private theme: not listed, and told nothing more', async () => {
    const [insider, removed, newcomer] = await people('残留 者', '除名 者', '新規 者');
    const { theme, channel } = await newRoom('presence-private', [insider, removed, newcomer], {
      visibility: 'private',
    });
    const [i, r] = await joined(salon.url, channel.id, [insider, removed]);
    const ofTheme = (p: { themeId: string }) => p.themeId === theme.id;

    const removal = await client.call('DELETE', `/api/themes/${theme.slug}/members/${removed.member.id}`, {
      token: coordinator.accessToken,
    });
    expect(removal.status).toBe(204);

    // Someone joins: the theme's presence goes out again.
    const removedQuiet = noEvent(r, 'presence', QUIET_MS, ofTheme);
    const update = nextEvent(
      i,
      'presence',
      undefined,
      (p) => ofTheme(p) && p.memberIds.includes(newcomer.member.id),
    );
    const [n] = await joined(salon.url, channel.id, [newcomer]);
    expect((await update).memberIds.sort()).toEqual([insider.member.id, newcomer.member.id].sort());
    await removedQuiet;
    expect(n.connected).toBe(true);
  });
});

describe('read markers', () => {
  it("syncs unread counts to the member's other connection after channel:read, and to no one else", async () => {
    const [writer, reader] = await people('書く 人', '読む 人');
    const { channel } = await newRoom('read', [writer, reader]);
    const [w, r1] = await joined(salon.url, channel.id, [writer, reader]);
    const r2 = await connectChat(salon.url, reader.accessToken); // joined nothing
    for (const body of ['一', '二', '三']) await sendOk(w, channel.id, body);

    const synced = nextEvent(r2, 'unread', undefined, (u) => u.channelId === channel.id);
    const writerQuiet = noEvent(w, 'unread');
    const ack = await emitAck<ReadAck>(r1, 'channel:read', { channelId: channel.id, seq: 2 });
    const counts = { channelId: channel.id, lastReadSeq: 2, unread: 1, mentions: 0 };
    expect(ack).toEqual({ ok: true, ...counts });
    expect(await synced).toEqual(counts);
    await writerQuiet;
    expect(await unreadOf(client, reader.accessToken, channel.id)).toEqual(counts);
  });
});

describe('access', () => {
  it('stops a member who unfollows from sending (NOT_A_MEMBER) and from receiving message:new', async () => {
    const [alice, leaver] = await people('残る 人', '去る 人');
    const { theme, channel } = await newRoom('unfollow', [alice, leaver]);
    const [a, l] = await joined(salon.url, channel.id, [alice, leaver]);

    const before = nextEvent(l, 'message:new');
    await sendOk(a, channel.id, 'まだ届きます');
    expect((await before).body).toBe('まだ届きます');

    await unfollow(client, leaver.accessToken, theme.slug);

    const nothing = noEvent(l, 'message:new');
    await sendOk(a, channel.id, 'もう届きません');
    await nothing;
    expectAckError(await send(l, channel.id, '送れないはず'), 'NOT_A_MEMBER');
    expectAckError(await joinChannel(l, channel.id), 'NOT_A_MEMBER');
    expectAckError(await emitAck(l, 'typing', { channelId: channel.id }), 'NOT_A_MEMBER');
    expectAckError(await emitAck(l, 'channel:read', { channelId: channel.id, seq: 1 }), 'NOT_A_MEMBER');
    expectError(
      await client.get<ErrorBody>(`/api/channels/${channel.id}/messages`, { token: leaver.accessToken }),
      403,
      'NOT_A_MEMBER',
    );
    expect((await history(client, alice.accessToken, channel.id)).items.map((m) => m.body)).toEqual([
      'まだ届きます',
      'もう届きません',
    ]);
  });

  it('answers CHANNEL_NOT_FOUND for a private theme I am not in and for an unknown channel; NOT_A_MEMBER for a public one I do not follow', async () => {
    const [insider, outsider] = await people('内部 者', '外部 者');
    const secret = await newRoom('private-chat', [insider], { visibility: 'private' });
    const open = await newRoom('public-chat', []);
    const [i] = await joined(salon.url, secret.channel.id, [insider]);
    const message = await sendOk(i, secret.channel.id, '内密の相談です');
    const o = await connectChat(salon.url, outsider.accessToken);

    const quiet = noEvent(o, 'message:new');
    expectAckError(await joinChannel(o, secret.channel.id), 'CHANNEL_NOT_FOUND');
    expectAckError(await send(o, secret.channel.id, '入れて'), 'CHANNEL_NOT_FOUND');
    expectAckError(await emitAck(o, 'typing', { channelId: secret.channel.id }), 'CHANNEL_NOT_FOUND');
    expectAckError(await emitAck(o, 'message:delete', { messageId: message.id }), 'CHANNEL_NOT_FOUND');
    expectError(
      await client.get<ErrorBody>(`/api/channels/${secret.channel.id}/messages`, {
        token: outsider.accessToken,
      }),
      404,
      'CHANNEL_NOT_FOUND',
    );
    await sendOk(i, secret.channel.id, '聞こえていないはず');
    await quiet;

    expectAckError(await joinChannel(o, randomUUID()), 'CHANNEL_NOT_FOUND');
    expectAckError(await send(o, randomUUID(), 'どこへ'), 'CHANNEL_NOT_FOUND');

    expectAckError(await joinChannel(o, open.channel.id), 'NOT_A_MEMBER');
    expectAckError(await send(o, open.channel.id, 'フォローせずに'), 'NOT_A_MEMBER');
    expect((await history(client, coordinator.accessToken, open.channel.id)).items).toEqual([]);
    expect((await history(client, insider.accessToken, secret.channel.id)).items).toHaveLength(2);
  });
});

describe('bad input (VALIDATION_FAILED, nothing stored)', () => {
  let alice: SignedUp;
  let room: Room;
  let socket: Socket;
  let kept: ChatMessage;

  beforeAll(async () => {
    [alice] = await people('検証 係');
    room = await newRoom('validation', [alice]);
    // A message in a second channel, for the edit and reaction cases.
    const other = await client.post<Channel>(
      `/api/themes/${room.theme.slug}/channels`,
      { slug: 'scratch', name: '下書き' },
      { token: coordinator.accessToken },
    );
    socket = await connectChat(salon.url, alice.accessToken);
    await joinOk(socket, room.channel.id);
    kept = await sendOk(socket, other.body.id, '元の本文');
  });

  const valid = () => ({ channelId: room.channel.id, body: 'こんにちは', clientMessageId: randomUUID() });
  const sendCases: [string, () => unknown[]][] = [
    ['no payload at all', () => []],
    ['a string payload', () => ['こんにちは']],
    ['a number payload', () => [42]],
    ['a null payload', () => [null]],
    ['an array payload', () => [[valid()]]],
    ['a missing body', () => [{ ...valid(), body: undefined }]],
    ['a missing channelId', () => [{ ...valid(), channelId: undefined }]],
    ['a missing clientMessageId', () => [{ ...valid(), clientMessageId: undefined }]],
    ['a number body', () => [{ ...valid(), body: 123 }]],
    ['an object body', () => [{ ...valid(), body: { text: 'こんにちは' } }]],
    ['an empty body', () => [{ ...valid(), body: '' }]],
    ['a body of white space only', () => [{ ...valid(), body: ' \n\t　' }]],
    ['a body of 4,001 characters', () => [{ ...valid(), body: 'あ'.repeat(4001) }]],
    ['a body with a NUL character', () => [{ ...valid(), body: 'こんにちは\u0000世界' }]],
    ['a channelId that is not a UUID', () => [{ ...valid(), channelId: 'general' }]],
    ['a number channelId', () => [{ ...valid(), channelId: 1 }]],
    ['an empty clientMessageId', () => [{ ...valid(), clientMessageId: '' }]],
    ['a clientMessageId of 101 characters', () => [{ ...valid(), clientMessageId: 'c'.repeat(101) }]],
    ['a number clientMessageId', () => [{ ...valid(), clientMessageId: 7 }]],
    ['a parentId that is not a UUID', () => [{ ...valid(), parentId: 'abc' }]],
    ['mentions that are not a list', () => [{ ...valid(), mentions: 'everyone' }]],
    ['mentions with a non-UUID', () => [{ ...valid(), mentions: ['someone'] }]],
    ['an unknown field', () => [{ ...valid(), pinned: true }]],
  ];

  it.each(sendCases)('message:send with %s', async (_case, args) => {
    expectAckError(await emitAck<MessageAck>(socket, 'message:send', ...args()), 'VALIDATION_FAILED');
    expect((await history(client, alice.accessToken, room.channel.id)).items).toEqual([]);
  });

  const otherCases: [string, string, () => unknown][] = [
    ['channel:join', 'a channelId that is not a UUID', () => ({ channelId: 'general' })],
    ['channel:join', 'a negative afterSeq', () => ({ channelId: room.channel.id, afterSeq: -1 })],
    ['channel:join', 'a string afterSeq', () => ({ channelId: room.channel.id, afterSeq: '3' })],
    ['channel:join', 'a string payload', () => 'general'],
    ['channel:read', 'a missing seq', () => ({ channelId: room.channel.id })],
    ['channel:read', 'a fractional seq', () => ({ channelId: room.channel.id, seq: 1.5 })],
    ['typing', 'an empty payload', () => ({})],
    ['message:edit', 'an empty body', () => ({ messageId: kept.id, body: '' })],
    ['message:edit', 'a body of 4,001 characters', () => ({ messageId: kept.id, body: 'x'.repeat(4001) })],
    ['message:edit', 'a body with a NUL character', () => ({ messageId: kept.id, body: '改\u0000ざん' })],
    ['message:delete', 'a messageId that is not a UUID', () => ({ messageId: 42 })],
    ['reaction:add', 'a word instead of an emoji', () => ({ messageId: kept.id, emoji: 'abc' })],
    ['reaction:add', 'an unclosed short code', () => ({ messageId: kept.id, emoji: ':tada' })],
    ['reaction:remove', 'a missing emoji', () => ({ messageId: kept.id })],
  ];

  it.each(otherCases)('%s with %s', async (event, _case, payload) => {
    expectAckError(await emitAck(socket, event, payload()), 'VALIDATION_FAILED');
    const stored = (await history(client, alice.accessToken, kept.channelId)).items;
    expect(stored).toEqual([kept]);
  });

  it('still accepts a body of exactly 4,000 characters, which becomes seq 1 (failed sends used no seq)', async () => {
    const message = await sendOk(socket, room.channel.id, '漆'.repeat(4000));
    expect(message.seq).toBe(1);
    expect(message.body).toHaveLength(4000);
    expect((await history(client, alice.accessToken, room.channel.id)).items.map((m) => m.id)).toEqual([
      message.id,
    ]);
  });
});

describe('oversized frames', () => {
  it('closes only the connection that sends more than SOCKET_MAX_PAYLOAD_BYTES and stores nothing', async () => {
    const [alice, bob, carol] = await people('大きな 荷物', '隣の 人', '三人 目');
    const { channel } = await newRoom('oversized', [alice, bob, carol]);
    const [a, b, c] = await joined(salon.url, channel.id, [alice, bob, carol]);

    const closed = disconnection(a);
    const bobQuiet = noEvent(b, 'message:new');
    // About 90 KB of UTF-8, over the default 64 KiB.
    a.emit('message:send', {
      channelId: channel.id,
      body: 'あ'.repeat(30_000),
      clientMessageId: randomUUID(),
    });
    expect(await closed).toMatch(/^transport (close|error)$/);
    await bobQuiet;

    const toCarol = nextEvent(c, 'message:new');
    const after = await sendOk(b, channel.id, 'こちらは問題なく送れます');
    expect(after.seq).toBe(1);
    expect((await toCarol).id).toBe(after.id);
    expect((await history(client, bob.accessToken, channel.id)).items.map((m) => m.id)).toEqual([after.id]);
  });
});

describe('limits of a second api (CHAT_RATE_LIMIT_MESSAGES=5, SOCKET_MAX_PAYLOAD_BYTES=8192)', () => {
  const limited = useSalon({
    tag: 'chat-limits',
    env: {
      CHAT_RATE_LIMIT_MESSAGES: '5',
      CHAT_RATE_LIMIT_WINDOW_SECONDS: '60',
      SOCKET_MAX_PAYLOAD_BYTES: '8192',
    },
  });

  it('refuses the sixth message within the window with RATE_LIMITED and stores five; others can still send', async () => {
    const [chatty, calm] = await people('早口 者', '落ち着き 者');
    const { channel } = await newRoom('rate', [chatty, calm]);
    const [c, q] = await joined(limited.url, channel.id, [chatty, calm]);

    for (let i = 1; i <= 5; i += 1) expect((await sendOk(c, channel.id, `連投 ${i}`)).seq).toBe(i);
    const refused = await send(c, channel.id, '連投 6');
    expectAckError(refused, 'RATE_LIMITED');
    expectAckError(await send(c, channel.id, '連投 7'), 'RATE_LIMITED');

    expect((await sendOk(q, channel.id, '私は送れます')).seq).toBe(6);
    expect((await history(client, calm.accessToken, channel.id)).items.map((m) => m.body)).toEqual([
      '連投 1',
      '連投 2',
      '連投 3',
      '連投 4',
      '連投 5',
      '私は送れます',
    ]);
  });

  it('closes the connection for a valid message in a frame over its 8 KiB limit, and stores nothing', async () => {
    const [alice, bob] = await people('長文 者', '隣席 者');
    const { channel } = await newRoom('frame', [alice, bob]);
    const [a, b] = await joined(limited.url, channel.id, [alice, bob]);

    const closed = disconnection(a);
    // 4,000 characters is a valid body, but about 12 KB of UTF-8.
    a.emit('message:send', { channelId: channel.id, body: '漆'.repeat(4000), clientMessageId: randomUUID() });
    expect(await closed).toMatch(/^transport (close|error)$/);

    expect((await sendOk(b, channel.id, '小さな発言')).seq).toBe(1);
    expect((await history(client, bob.accessToken, channel.id)).items.map((m) => m.body)).toEqual([
      '小さな発言',
    ]);
  });
});

describe('search (GET /api/search/messages)', () => {
  let searcher: SignedUp;
  let open: Room;
  let secret: Room;
  let tag: string;
  const found: Record<string, ChatMessage> = {};

  function search(token: string, params: Record<string, string>) {
    return client.get<{ items: SearchHit[]; nextCursor: string | null } & ErrorBody>(
      `/api/search/messages?${new URLSearchParams({ limit: '100', ...params }).toString()}`,
      { token },
    );
  }

  beforeAll(async () => {
    let author: SignedUp;
    [searcher, author] = await people('探す 人', '書く 人');
    tag = `kw${marker('')}`;
    open = await newRoom('search', [searcher, author]);
    secret = await newRoom('search-secret', [author], { visibility: 'private' });
    const a = await connectChat(salon.url, author.accessToken);
    found.lacquer = await sendOk(a, open.channel.id, '木曽漆器の椀が届きました');
    found.english = await sendOk(
      a,
      open.channel.id,
      `Visit the ${tag.toUpperCase()} Winery in Shiojiri tonight`,
    );
    found.hidden = await sendOk(a, secret.channel.id, `非公開の漆器の話 ${tag}`);
    found.deleted = await sendOk(a, open.channel.id, `消される漆器の話 ${tag}`);
    okAck(await emitAck(a, 'message:delete', { messageId: found.deleted.id }));
    found.repair = await sendOk(a, open.channel.id, '漆器の修理について相談です');
  });

  it('finds a two-character Japanese word, newest first, with the theme and channel', async () => {
    const reply = await search(searcher.accessToken, { q: '漆器', theme: open.theme.slug });
    expect(reply.status).toBe(200);
    expect(reply.body.items.map((m) => m.id)).toEqual([found.repair.id, found.lacquer.id]);
    expect(reply.body.items[0]).toEqual({
      ...found.repair,
      themeSlug: open.theme.slug,
      channelName: open.channel.name,
    });
    expect(reply.body.nextCursor).toBeNull();
  });

  it('finds English words whatever their case', async () => {
    for (const q of [tag, tag.toUpperCase(), 'winery IN shiojiri']) {
      const reply = await search(searcher.accessToken, { q, theme: open.theme.slug });
      expect({ q, ids: reply.body.items.map((m) => m.id) }).toEqual({ q, ids: [found.english.id] });
    }
  });

  it('never returns messages of channels the caller cannot read, nor deleted messages', async () => {
    const mine = await search(searcher.accessToken, { q: tag });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((m) => m.id)).toEqual([found.english.id]);
    const lacquer = await search(searcher.accessToken, { q: '漆器' });
    const ids = lacquer.body.items.map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining([found.repair.id, found.lacquer.id]));
    expect(ids).not.toContain(found.hidden.id);
    expect(ids).not.toContain(found.deleted.id);
    expectError(
      await search(searcher.accessToken, { q: '漆器', theme: secret.theme.slug }),
      404,
      'THEME_NOT_FOUND',
    );

    // The coordinator reads every channel: the private message is searchable, the deleted one still not.
    const everything = await search(coordinator.accessToken, { q: tag });
    expect(everything.body.items.map((m) => m.id)).toEqual([found.hidden.id, found.english.id]);
  });

  it('refuses a query shorter than 2 characters with 400', async () => {
    for (const q of ['漆', 'a', ' 漆 ', '']) {
      expectError(await search(searcher.accessToken, { q }), 400, 'VALIDATION_FAILED');
    }
    expectError(
      await client.get<ErrorBody>('/api/search/messages', { token: searcher.accessToken }),
      400,
      'VALIDATION_FAILED',
    );
  });
});
