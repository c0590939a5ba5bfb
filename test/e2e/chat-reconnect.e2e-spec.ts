import type { Socket } from 'socket.io-client';
import type { Channel, ChatMessage, ReadAck, Theme } from './api-types';
import { kanjiTag, newCoordinator, newMember, useSalon, type SignedUp } from './fixture';
import {
  asReceived,
  connectChat,
  connected,
  createTheme,
  emitAck,
  eventually,
  expectAckError,
  follow,
  generalChannel,
  history,
  joinOk,
  nextEvent,
  noEvent,
  okAck,
  QUIET_MS,
  recordEvents,
  send,
  sendOk,
  sleep,
  uniqueSlug,
} from './chat-client';

/**
 * Two api processes behind the same Redis (same key prefix, so the same Socket.IO adapter channel and
 * presence keys) and the same database: what one process accepts, clients of the other see.
 */
const salon = useSalon({
  tag: 'chat-cluster',
  apis: 2,
  env: {
    LOGIN_RATE_LIMIT_PER_IP: '1000',
    CHAT_RATE_LIMIT_MESSAGES: '5000',
    SOCKET_EVENT_BURST: '5000',
    SOCKET_EVENT_RATE_PER_SECOND: '5000',
  },
});
const [httpA, httpB] = salon.clients;
let coordinator: SignedUp;

beforeAll(async () => {
  coordinator = await newCoordinator(httpA, `調整 役子${kanjiTag()}`);
});

function people(...names: string[]): Promise<SignedUp[]> {
  return Promise.all(names.map((name) => newMember(httpA, `${name}${kanjiTag()}`)));
}

async function newRoom(tag: string, members: SignedUp[]): Promise<{ theme: Theme; channel: Channel }> {
  const slug = uniqueSlug(tag);
  const theme = await createTheme(httpA, coordinator.accessToken, { slug, title: `テーマ ${tag}` });
  for (const member of members) await follow(httpA, member.accessToken, slug);
  return { theme, channel: await generalChannel(httpA, coordinator.accessToken, slug) };
}

async function joinedAt(url: string, channelId: string, member: SignedUp): Promise<Socket> {
  const socket = await connectChat(url, member.accessToken);
  await joinOk(socket, channelId);
  return socket;
}

const seqsOf = (messages: ChatMessage[]) => messages.map((m) => m.seq);

describe('catching up after a reconnect', () => {
  it('gives a client that reconnects and joins with afterSeq exactly the 5 messages it missed, once, in order', async () => {
    const [writer, reader] = await people('書き 続ける人', '戻って くる人');
    const { channel } = await newRoom('catch-up', [writer, reader]);
    const w = await joinedAt(salon.apis[0].url, channel.id, writer);
    const r = await joinedAt(salon.apis[0].url, channel.id, reader);

    let lastSeen = 0;
    for (const body of ['最初の連絡', '二つ目の連絡']) {
      const arrives = nextEvent(r, 'message:new');
      await sendOk(w, channel.id, body);
      lastSeen = (await arrives).seq;
    }
    expect(lastSeen).toBe(2);

    r.disconnect();
    const missed: ChatMessage[] = [];
    for (let i = 1; i <= 5; i += 1) missed.push(await sendOk(w, channel.id, `留守中の連絡 ${i}`));

    await connected(r);
    const pushed = recordEvents(r, 'message:new');
    const caughtUp = await joinOk(r, channel.id, lastSeen);
    expect(caughtUp.messages).toEqual(missed);
    expect(seqsOf(caughtUp.messages)).toEqual([3, 4, 5, 6, 7]);
    expect(caughtUp.hasMore).toBe(false);
    await sleep(QUIET_MS);
    expect(pushed.stop()).toEqual([]);

    // Live again: the next message arrives once.
    const live = recordEvents(r, 'message:new');
    const next = await sendOk(w, channel.id, '戻ってきましたね');
    await eventually(() => live.events.length > 0, 'the next message arrives');
    await sleep(QUIET_MS);
    expect(live.stop()).toEqual([asReceived(next)]);
    expect(next.seq).toBe(8);
  });

  it('lets a client reconnect to the other process and catch up there', async () => {
    const [writer, reader] = await people('A側の 書き手', 'B側へ 移る人');
    const { channel } = await newRoom('move', [writer, reader]);
    const w = await joinedAt(salon.apis[0].url, channel.id, writer);
    const onA = await joinedAt(salon.apis[0].url, channel.id, reader);
    const first = nextEvent(onA, 'message:new');
    await sendOk(w, channel.id, '移動前');
    const lastSeen = (await first).seq;
    onA.disconnect();

    const missed = [await sendOk(w, channel.id, '移動中 1'), await sendOk(w, channel.id, '移動中 2')];
    const onB = await connectChat(salon.apis[1].url, reader.accessToken);
    const caughtUp = await joinOk(onB, channel.id, lastSeen);
    expect(caughtUp.messages).toEqual(missed);

    const live = nextEvent(onB, 'message:new');
    const next = await sendOk(w, channel.id, '移動後');
    expect(await live).toEqual(asReceived(next));
  });

  it('carries at most 1,000 messages in one catch-up, and says hasMore only when more are left', async () => {
    const senders = await people('大量 一', '大量 二', '大量 三', '大量 四');
    const [reader] = await people('まとめ 読み');
    const { channel } = await newRoom('catch-up-limit', [...senders, reader]);
    const sockets = await Promise.all(senders.map((s) => connectChat(salon.apis[0].url, s.accessToken)));
    const queue = Array.from({ length: 1000 }, (_, i) => i);
    await Promise.all(
      Array.from({ length: 20 }, async (_, lane) => {
        for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
          await sendOk(sockets[(lane + i) % sockets.length], channel.id, `まとめて送信 ${i}`);
        }
      }),
    );

    const r = await connectChat(salon.apis[1].url, reader.accessToken);
    const exactly = await joinOk(r, channel.id, 0);
    expect(seqsOf(exactly.messages)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));

    const extra = await sendOk(sockets[0], channel.id, '1,001 通目');
    const capped = await joinOk(r, channel.id, 0);
    expect(capped.messages).toHaveLength(1000);
    expect(capped.messages.at(-1)?.seq).toBe(1000);
    expect(capped.hasMore).toBe(true);
    const rest = await joinOk(r, channel.id, 1000);
    expect(rest.messages).toEqual([extra]);
    expect(rest.hasMore).toBe(false);

    // The first catch-up held every message after seq 0: it must not have announced more.
    expect(exactly.hasMore).toBe(false);
  });
});

describe('two api processes behind the same Redis', () => {
  it('delivers messages, edits, reactions and deletions sent through one process to clients of the other', async () => {
    const [alice, bob] = await people('A側 会員', 'B側 会員');
    const { channel } = await newRoom('cluster', [alice, bob]);
    const a = await joinedAt(salon.apis[0].url, channel.id, alice);
    const b = await joinedAt(salon.apis[1].url, channel.id, bob);

    const onB = nextEvent(b, 'message:new');
    const noEchoA = noEvent(a, 'message:new');
    const fromA = await sendOk(a, channel.id, 'プロセスAから送ります');
    expect(await onB).toEqual(asReceived(fromA));
    await noEchoA;

    const onA = nextEvent(a, 'message:new');
    const fromB = await sendOk(b, channel.id, 'プロセスBから返信します');
    expect(fromB.seq).toBe(fromA.seq + 1);
    expect(await onA).toEqual(asReceived(fromB));

    const edited = nextEvent(b, 'message:updated', undefined, (m) => m.id === fromA.id);
    okAck(await emitAck(a, 'message:edit', { messageId: fromA.id, body: 'プロセスAから送りました（編集）' }));
    expect((await edited).body).toBe('プロセスAから送りました（編集）');

    const reacted = nextEvent(a, 'reaction:updated', undefined, (e) => e.messageId === fromA.id);
    okAck(await emitAck(b, 'reaction:add', { messageId: fromA.id, emoji: '🎉' }));
    expect((await reacted).reactions).toEqual([{ emoji: '🎉', count: 1, memberIds: [bob.member.id] }]);

    const deleted = nextEvent(a, 'message:deleted');
    okAck(await emitAck(b, 'message:delete', { messageId: fromB.id }));
    expect(await deleted).toEqual({ messageId: fromB.id, channelId: channel.id, seq: fromB.seq });

    const page = await history(httpB, alice.accessToken, channel.id);
    expect(page.items.map((m) => [m.seq, m.deleted])).toEqual([
      [1, false],
      [2, true],
    ]);
  });

  it("sends mentions and unread counts to the member's connections on the other process", async () => {
    const [alice, bob] = await people('A側 言及者', 'B側 受け手');
    const { channel } = await newRoom('cluster-mention', [alice, bob]);
    const a = await joinedAt(salon.apis[0].url, channel.id, alice);
    const bobIdleOnB = await connectChat(salon.apis[1].url, bob.accessToken); // in no channel
    const bobOnA = await connectChat(salon.apis[0].url, bob.accessToken);

    const mentioned = nextEvent(bobIdleOnB, 'mention');
    const message = await sendOk(a, channel.id, `@${bob.member.displayName}さん、B側にも届きますか`);
    expect(await mentioned).toEqual({ message });

    const synced = nextEvent(bobIdleOnB, 'unread', undefined, (u) => u.lastReadSeq === message.seq);
    const read = okAck(
      await emitAck<ReadAck>(bobOnA, 'channel:read', { channelId: channel.id, seq: message.seq }),
    );
    expect(await synced).toEqual({
      channelId: channel.id,
      lastReadSeq: read.lastReadSeq,
      unread: 0,
      mentions: 0,
    });
  });

  it('shares presence and typing across processes', async () => {
    const [alice, bob] = await people('A側 在席', 'B側 在席');
    const { theme, channel } = await newRoom('cluster-presence', [alice, bob]);
    const a = await joinedAt(salon.apis[0].url, channel.id, alice);
    const b = await connectChat(salon.apis[1].url, bob.accessToken);
    const ofTheme = (p: { themeId: string }) => p.themeId === theme.id;

    const together = nextEvent(a, 'presence', undefined, (p) => ofTheme(p) && p.memberIds.length === 2);
    await joinOk(b, channel.id);
    expect((await together).memberIds.sort()).toEqual([alice.member.id, bob.member.id].sort());

    const typingOnA = nextEvent(a, 'typing');
    const bobQuiet = noEvent(b, 'typing');
    okAck(await emitAck(b, 'typing', { channelId: channel.id }));
    expect(await typingOnA).toEqual({
      channelId: channel.id,
      member: { id: bob.member.id, displayName: bob.member.displayName },
    });
    await bobQuiet;

    const typingOnB = nextEvent(b, 'typing');
    okAck(await emitAck(a, 'typing', { channelId: channel.id }));
    expect((await typingOnB).member.id).toBe(alice.member.id);

    const alone = nextEvent(a, 'presence', undefined, (p) => ofTheme(p) && p.memberIds.length < 2);
    b.disconnect();
    expect(await alone).toEqual({ themeId: theme.id, memberIds: [alice.member.id] });
  });

  it('stops delivering to a member connected to B who unfollows over HTTP on A', async () => {
    const [alice, carol, leaver] = await people('A側 送信者', 'B側 送信者', 'B側 退会者');
    const { theme, channel } = await newRoom('cluster-unfollow', [alice, carol, leaver]);
    const a = await joinedAt(salon.apis[0].url, channel.id, alice);
    const c = await joinedAt(salon.apis[1].url, channel.id, carol);
    const l = await joinedAt(salon.apis[1].url, channel.id, leaver);

    const before = nextEvent(l, 'message:new');
    await sendOk(a, channel.id, '退会前の連絡');
    expect((await before).body).toBe('退会前の連絡');

    const unfollowed = await httpA.call<Theme>('DELETE', `/api/themes/${theme.slug}/follow`, {
      token: leaver.accessToken,
    });
    expect(unfollowed.status).toBe(200);
    expect(unfollowed.body.following).toBe(false);

    const nothing = noEvent(l, 'message:new');
    const carolHears = nextEvent(c, 'message:new');
    const aliceHears = nextEvent(a, 'message:new');
    const fromA = await sendOk(a, channel.id, 'A側からの連絡（届かないはず）');
    const fromB = await sendOk(c, channel.id, 'B側からの連絡（届かないはず）');
    expect((await carolHears).id).toBe(fromA.id);
    expect((await aliceHears).id).toBe(fromB.id);
    await nothing;
    expectAckError(await send(l, channel.id, 'まだ送れる？'), 'NOT_A_MEMBER');
    expect((await history(httpB, alice.accessToken, channel.id)).items).toHaveLength(3);
  });
});
