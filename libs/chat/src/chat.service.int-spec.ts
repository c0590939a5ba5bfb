import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import type { AuthMember } from '@app/auth';
import { RateLimitedError } from '@app/common';
import { updateReturning } from '@app/database';
import { AccountsService } from '@app/members';
import { NotAMemberError, ThemesService } from '@app/themes';
import { createIntegrationModule, uniqueEmail } from '@test/support';
import { ChatModule } from './chat.module';
import { ChatService } from './chat.service';
import { InvalidParentError, NotAuthorError } from './chat.errors';
import type { SendResult } from './message.events';

describe('ChatService (real PostgreSQL and Redis)', () => {
  let moduleRef: TestingModule;
  let chat: ChatService;
  let themes: ThemesService;
  let db: DataSource;
  let coordinator: AuthMember;
  let slug: string;
  let channelId: string;

  async function newMember(name: string, role: AuthMember['role'] = 'member'): Promise<AuthMember> {
    const member = await moduleRef
      .get(AccountsService)
      .createAccount({ email: uniqueEmail(name), password: 'password-1', displayName: name }, role);
    return { id: member.id, role: member.role };
  }

  async function follower(name: string): Promise<AuthMember> {
    const member = await newMember(name);
    await themes.follow(slug, member);
    return member;
  }

  let counter = 0;
  const send = (
    member: AuthMember,
    body: string,
    extra: { parentId?: string; clientMessageId?: string } = {},
  ) =>
    chat.send(member, {
      channelId,
      body,
      clientMessageId: extra.clientMessageId ?? `c${(counter += 1)}`,
      ...extra,
    });

  beforeAll(async () => {
    moduleRef = await createIntegrationModule([ChatModule]);
    chat = moduleRef.get(ChatService);
    themes = moduleRef.get(ThemesService);
    db = moduleRef.get(DataSource);
    coordinator = await newMember('コーディネーター', 'coordinator');
    slug = `chat-${Date.now().toString(36)}`;
    await themes.create({ slug, title: '漆器の未来' }, coordinator);
    [{ id: channelId }] = await themes.channels(slug, coordinator);
  });
  afterAll(() => moduleRef.close());

  it('numbers concurrent messages 1, 2, 3… with no gaps and no repeats', async () => {
    const members = await Promise.all([follower('A'), follower('B'), follower('C')]);
    const before = (await themes.channels(slug, coordinator))[0].lastSeq;
    const results = await Promise.all(
      Array.from({ length: 45 }, (_, i) => send(members[i % 3], `並行メッセージ ${i}`)),
    );
    const seqs = results.map((r) => r.message.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 45 }, (_, i) => before + i + 1));
  });

  it('stores sends that arrive together in one statement as if each had come alone (group commit)', async () => {
    const [a, b, outsider] = await Promise.all([follower('群A'), follower('群B'), newMember('群外')]);
    const second = await themes.createChannel(slug, { slug: `batch-${counter}`, name: '一括' }, coordinator);
    const root = await send(a, 'スレッドの始まり');
    const before = (await themes.channels(slug, coordinator)).find((c) => c.id === channelId)!.lastSeq;
    const sendTo = (member: AuthMember, channel: string, body: string, extra: object = {}) =>
      chat.send(member, { channelId: channel, body, clientMessageId: `g${(counter += 1)}`, ...extra });
    const results = await Promise.allSettled([
      sendTo(a, channelId, '一通目'),
      sendTo(b, second.id, '別のチャンネル'),
      sendTo(b, channelId, '返信1', { parentId: root.message.id }),
      sendTo(a, channelId, '返信2', { parentId: root.message.id }),
      sendTo(outsider, channelId, '送れないはず'),
      sendTo(a, second.id, '二通目', { mentions: [b.id] }),
      sendTo(b, channelId, '親が違う', { parentId: '00000000-0000-4000-8000-000000000000' }),
      sendTo(a, channelId, '三通目'),
    ]);
    const [first, other, reply1, reply2, refused, mention, badParent, third] = results;
    expect(refused).toMatchObject({ status: 'rejected', reason: expect.any(NotAMemberError) });
    expect(badParent).toMatchObject({ status: 'rejected', reason: expect.any(InvalidParentError) });
    const stored = [first, reply1, reply2, third].map((r) => (r as PromiseFulfilledResult<SendResult>).value);
    expect(stored.map((r) => r.message.seq).sort((x, y) => x - y)).toEqual(
      [1, 2, 3, 4].map((i) => before + i),
    );
    const elsewhere = [other, mention].map((r) => (r as PromiseFulfilledResult<SendResult>).value);
    expect(elsewhere.map((r) => r.message.seq).sort()).toEqual([1, 2]);
    expect(elsewhere[1].message.mentions.map((m) => m.id)).toEqual([b.id]);
    expect(elsewhere[1].mentioned).toEqual([b.id]);
    expect((await chat.getMessage(root.message.id)).replyCount).toBe(2);
    expect((await chat.unreadCounts(a.id, [channelId]))[0].lastReadSeq).toBe(
      Math.max(
        ...[first, reply2, third].map((r) => (r as PromiseFulfilledResult<SendResult>).value.message.seq),
      ),
    );
    const [{ count }] = await db.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM message_mentions WHERE member_id = $1 AND channel_id = $2`,
      [b.id, second.id],
    );
    expect(count).toBe(1);
  });

  it('returns the first message for a retried clientMessageId, even when the retries race', async () => {
    const member = await follower('retry');
    const attempts = await Promise.all(
      Array.from({ length: 5 }, () => send(member, 'once', { clientMessageId: 'same-id' })),
    );
    expect(new Set(attempts.map((a) => a.message.id)).size).toBe(1);
    expect(attempts.filter((a) => a.created)).toHaveLength(1);
    const [{ count }] = await db.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM messages WHERE author_id = $1`,
      [member.id],
    );
    expect(count).toBe(1);
    // The rolled-back attempts gave their seq back: the next message follows directly.
    const next = await send(member, 'next');
    expect(next.message.seq).toBe(attempts[0].message.seq + 1);
  });

  it('gives back the seq of a retry that races the first message to its commit', async () => {
    const member = await follower('commit-race');
    // The first attempt is mid-commit: it holds the channel row and its message is not visible yet.
    const first = db.createQueryRunner();
    await first.connect();
    await first.startTransaction();
    const [{ last_seq: seq }] = await updateReturning<{ last_seq: string }>(
      first.manager,
      `UPDATE channels SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq`,
      [channelId],
    );
    const [{ id: firstId }] = await first.manager.query<{ id: string }[]>(
      `INSERT INTO messages (channel_id, seq, author_id, client_message_id, body)
       VALUES ($1, $2, $3, 'racing-commit', 'first') RETURNING id`,
      [channelId, seq, member.id],
    );
    const retry = send(member, 'first', { clientMessageId: 'racing-commit' });
    // Wait until the retry's statement is queued behind the first attempt's row lock, then commit that.
    for (let waited = 0; ; waited += 20) {
      const [{ blocked }] = await db.query<{ blocked: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                         WHERE datname = current_database() AND wait_event_type = 'Lock'
                           AND query LIKE '%client_message_id%') AS blocked`,
      );
      if (blocked) break;
      if (waited > 5000) throw new Error('the retry never waited for the first attempt');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await first.commitTransaction();
    await first.release();

    const result = await retry;
    expect(result).toMatchObject({ created: false, mentioned: [], parent: null });
    expect(result.message).toMatchObject({ id: firstId, seq: Number(seq), body: 'first' });
    expect((await send(member, 'next')).message.seq).toBe(Number(seq) + 1);
  });

  it('answers with the message exactly as stored, without reading it back', async () => {
    const author = await follower('形 確認');
    const named = await follower('名指し 太郎');
    const listed = await follower('一覧 花子');
    const parent = await send(author, '親');
    const reply = await chat.send(author, {
      channelId,
      body: '@名指し太郎 さん、返信です',
      clientMessageId: `shape-${counter}`,
      parentId: parent.message.id,
      mentions: [listed.id],
    });
    expect(reply.created).toBe(true);
    expect(reply.message).toEqual(await chat.getMessage(reply.message.id));
    expect(reply.message.mentions.map((m) => m.id).sort()).toEqual([named.id, listed.id].sort());
    expect(reply.mentioned.sort()).toEqual([named.id, listed.id].sort());
    expect(reply.parent).toEqual(await chat.getMessage(parent.message.id));
    expect(reply.parent?.replyCount).toBe(1);
    const [counts] = await chat.unreadCounts(author.id, [channelId]);
    expect(counts).toMatchObject({ lastReadSeq: reply.message.seq, unread: 0 });
    // The retry answers with the same message (read back now) and counts nothing twice.
    const again = await chat.send(author, {
      channelId,
      body: '@名指し太郎 さん、返信です',
      clientMessageId: `shape-${counter}`,
      parentId: parent.message.id,
      mentions: [listed.id],
    });
    expect(again).toEqual({ message: reply.message, created: false, mentioned: [], parent: null });
    expect((await chat.getMessage(parent.message.id)).replyCount).toBe(1);
  });

  it('gives a reconnecting client exactly what it missed, in order', async () => {
    const member = await follower('catch-up');
    const seen = (await send(member, 'before')).message.seq;
    const missed = [];
    for (let i = 0; i < 5; i += 1) missed.push((await send(member, `missed ${i}`)).message.id);
    const page = await chat.catchUp(member, channelId, seen);
    expect(page.items.map((m) => m.id)).toEqual(missed);
  });

  it('refuses members who do not follow, and counts replies in threads', async () => {
    const outsider = await newMember('outsider');
    await expect(send(outsider, 'hello')).rejects.toBeInstanceOf(NotAMemberError);
    const member = await follower('thread');
    const parent = await send(member, '親メッセージ');
    const reply = await send(member, '返信', { parentId: parent.message.id });
    expect(reply.parent?.replyCount).toBe(1);
    await expect(send(member, '返信の返信', { parentId: reply.message.id })).rejects.toBeInstanceOf(
      InvalidParentError,
    );
    const thread = await chat.thread(member, parent.message.id, {});
    expect(thread.items.map((m) => m.id)).toEqual([reply.message.id]);
  });

  it('resolves mentions to readers and counts them as unread until read', async () => {
    const author = await follower('著者');
    const reader = await follower('読者 花子');
    // A member named 部外者 exists but cannot read the channel: naming them mentions no one.
    await newMember('部外者');
    const sent = await send(author, '@読者花子さん と @部外者 さん、見てください');
    expect(sent.mentioned).toEqual([reader.id]);
    const [counts] = await chat.unreadCounts(reader.id, [channelId]);
    expect(counts.mentions).toBe(1);
    expect(counts.unread).toBeGreaterThan(0);
    const after = await chat.markRead(reader, channelId, sent.message.seq);
    expect(after).toMatchObject({ mentions: 0, unread: 0, lastReadSeq: sent.message.seq });
    // A read marker never moves back.
    await expect(chat.markRead(reader, channelId, 1)).resolves.toMatchObject({
      lastReadSeq: sent.message.seq,
    });
    // The full-width ＠ of Japanese keyboards mentions too.
    const fullWidth = await send(author, '＠読者 花子 さん、こちらもお願いします');
    expect(fullWidth.mentioned).toEqual([reader.id]);
  });

  it('lets authors edit, and authors or moderators delete, leaving a tombstone', async () => {
    const author = await follower('author');
    const other = await follower('other');
    const { message } = await send(author, '編集前');
    await expect(chat.edit(other, message.id, 'x')).rejects.toBeInstanceOf(NotAuthorError);
    const edited = await chat.edit(author, message.id, '編集後');
    expect(edited).toMatchObject({ body: '編集後' });
    expect(edited.editedAt).not.toBeNull();
    await expect(chat.delete(other, message.id)).rejects.toBeInstanceOf(NotAuthorError);
    const tombstone = await chat.delete(coordinator, message.id);
    expect(tombstone).toMatchObject({ deleted: true, body: '' });
    const history = await chat.history(author, channelId, { afterSeq: message.seq - 1, limit: 1 });
    expect(history.items[0]).toMatchObject({ id: message.id, deleted: true });
  });

  it('finds 2-character Japanese words and English substrings, only where the caller may read', async () => {
    const member = await follower('search');
    await send(member, '木曽平沢の漆器はすばらしい');
    await send(member, 'Narai-juku is Lovely');
    const deleted = await send(member, '削除される漆器の話');
    await chat.delete(member, deleted.message.id);
    const found = await chat.search(member, { q: '漆器' });
    expect(found.items.map((m) => m.body)).toContain('木曽平沢の漆器はすばらしい');
    expect(found.items.map((m) => m.id)).not.toContain(deleted.message.id);
    expect((await chat.search(member, { q: 'lovely' })).items.map((m) => m.body)).toContain(
      'Narai-juku is Lovely',
    );
    const outsider = await newMember('search-outsider');
    expect((await chat.search(outsider, { q: '漆器' })).items).toEqual([]);
  });

  it('limits how fast one member sends', async () => {
    const member = await follower('fast');
    const results = await Promise.allSettled(Array.from({ length: 25 }, (_, i) => send(member, `速い ${i}`)));
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    expect(refused.every((r) => r.status === 'rejected' && r.reason instanceof RateLimitedError)).toBe(true);
    // Over the limit, a retry of a stored message still gets that message back, and nothing new is stored.
    const stored = results.find((r) => r.status === 'fulfilled')?.value.message;
    const retry = await send(member, stored?.body ?? '', { clientMessageId: stored?.clientMessageId ?? '' });
    expect(retry).toMatchObject({ created: false, message: stored });
    await expect(send(member, '新しい')).rejects.toBeInstanceOf(RateLimitedError);
  });
});
