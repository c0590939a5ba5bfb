import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import type { AuthMember } from '@app/auth';
import {
  DEFAULT_PAGE_SIZE,
  DomainError,
  RateLimitedError,
  decodeTimeIdCursor,
  encodeTimeIdCursor,
  type PageQueryDto,
} from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { preparedQuery, updateReturning } from '@app/database';
import { likeContains } from '@app/members';
import { RateLimiter } from '@app/redis';
import { ThemesService, type ChannelAccess } from '@app/themes';
import { MessageDeletedError, InvalidParentError, MessageNotFoundError, NotAuthorError } from './chat.errors';
import type {
  HistoryQueryDto,
  MentionHitDto,
  MessageDto,
  MessageLocationDto,
  SearchHitDto,
  SearchQueryDto,
  SendMessageDto,
  UnreadDto,
} from './dto/message.dto';
import { resolveMentions, type MentionCandidate } from './mentions';

const DEFAULT_HISTORY = 50;
/** How many missed messages one `channel:join` catch-up carries; beyond it the client pages over HTTP. */
export const CATCH_UP_LIMIT = 1000;

export interface SendResult {
  message: MessageDto;
  /** False when this was a retry of a message already stored: nothing new to broadcast. */
  created: boolean;
  /** Members mentioned for the first time by this message. */
  mentioned: string[];
  /** The thread's parent, with its new reply count, when this is a reply. */
  parent: MessageDto | null;
}

interface MessageRow {
  id: string;
  channel_id: string;
  seq: string;
  kind: 'user' | 'system';
  body: string;
  client_message_id: string | null;
  parent_id: string | null;
  reply_count: number;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  author_id: string | null;
  author_name: string | null;
  author_avatar: string | null;
  reactions: MessageDto['reactions'];
  mentions: MessageDto['mentions'];
}

/** Columns of a message with its author, reactions and mentions, for `FROM messages m`. */
const MESSAGE_COLUMNS = `
  m.id, m.channel_id, m.seq, m.kind, m.body, m.client_message_id, m.parent_id, m.reply_count,
  m.created_at, m.edited_at, m.deleted_at,
  a.id AS author_id, a.display_name AS author_name, a.avatar_url AS author_avatar,
  coalesce((SELECT json_agg(json_build_object('emoji', r.emoji, 'count', r.count, 'memberIds', r.member_ids)
                            ORDER BY r.first_at, r.emoji)
              FROM (SELECT emoji, count(*)::int AS count, array_agg(member_id ORDER BY created_at) AS member_ids,
                           min(created_at) AS first_at
                      FROM message_reactions WHERE message_id = m.id GROUP BY emoji) r), '[]') AS reactions,
  coalesce((SELECT json_agg(json_build_object('id', mm.member_id, 'displayName', mb.display_name) ORDER BY mb.id)
              FROM message_mentions mm JOIN members mb ON mb.id = mm.member_id
             WHERE mm.message_id = m.id), '[]') AS mentions`;

const MESSAGE_FROM = `FROM messages m LEFT JOIN members a ON a.id = m.author_id`;

/** Where a message lives, for lists that link to it (`JOIN`ed after MESSAGE_FROM). */
const LOCATION_JOIN = `JOIN channels c ON c.id = m.channel_id JOIN themes t ON t.id = c.theme_id`;
const LOCATION_COLUMNS = `t.slug AS theme_slug, t.title AS theme_title, c.slug AS channel_slug, c.name AS channel_name`;

interface LocationRow {
  theme_slug: string;
  theme_title: string;
  channel_slug: string;
  channel_name: string;
}

function toLocation(row: LocationRow): MessageLocationDto {
  return {
    themeSlug: row.theme_slug,
    themeTitle: row.theme_title,
    channelSlug: row.channel_slug,
    channelName: row.channel_name,
  };
}

function toMessageDto(row: MessageRow): MessageDto {
  const deleted = row.deleted_at !== null;
  return {
    id: row.id,
    channelId: row.channel_id,
    seq: Number(row.seq),
    kind: row.kind,
    author: row.author_id
      ? { id: row.author_id, displayName: row.author_name ?? '', avatarUrl: row.author_avatar }
      : null,
    body: row.body,
    clientMessageId: row.client_message_id,
    parentId: row.parent_id,
    replyCount: row.reply_count,
    mentions: deleted ? [] : row.mentions,
    reactions: deleted ? [] : row.reactions,
    createdAt: row.created_at.toISOString(),
    editedAt: row.edited_at?.toISOString() ?? null,
    deleted,
  };
}

/** A unique or other constraint of this name refused the statement (which PostgreSQL then undid). */
function isConstraintViolation(error: unknown, constraint: string): boolean {
  return (
    error instanceof QueryFailedError &&
    (error.driverError as { constraint?: string }).constraint === constraint
  );
}

/** Messages, threads, reactions, mentions, read markers and search: the rules of the salon's chat. */
@Injectable()
export class ChatService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly themes: ThemesService,
    private readonly rateLimiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Stores a message in one transaction (seq, message, reply count, mentions, the sender's read marker)
   * and returns it as stored. A retry with the same clientMessageId returns the first message.
   */
  async send(member: AuthMember, input: SendMessageDto): Promise<SendResult> {
    // The limit first, so a member over it costs no database work, unless the send is a retry of a stored
    // message: that still gets its message back (one read by a unique key) while they may write there.
    try {
      await this.rateLimiter.consume({
        bucket: `chat:send:${member.id}`,
        limit: this.config.CHAT_RATE_LIMIT_MESSAGES,
        windowSeconds: this.config.CHAT_RATE_LIMIT_WINDOW_SECONDS,
      });
    } catch (error) {
      const first = error instanceof RateLimitedError ? await this.retried(member.id, input) : null;
      if (!first) throw error;
      await this.themes.writableChannel(member, input.channelId);
      return first;
    }
    // Rights before the retry check: a retry from a member who has since lost access is refused too.
    const access = await this.themes.writableChannel(member, input.channelId);
    let mentioned: MentionCandidate[];
    try {
      if (input.parentId) await this.assertThreadParent(input.parentId, input.channelId);
      mentioned = await this.mentionsFor(access, member.id, input.body, input.mentions);
    } catch (error) {
      // A retry of a message already stored still gets it back when the thread changed since.
      const first = error instanceof DomainError ? await this.retried(member.id, input) : null;
      if (first) return first;
      throw error;
    }

    const stored = await this.insertMessage(member.id, input, mentioned);
    if (!stored) {
      const first = await this.retried(member.id, input);
      if (!first) throw new Error(`message ${input.clientMessageId} conflicted but cannot be read`);
      return first;
    }
    return {
      message: stored,
      created: true,
      mentioned: mentioned.map((candidate) => candidate.id),
      parent: input.parentId ? await this.getMessage(input.parentId) : null,
    };
  }

  /** A message the platform itself posts (event announcements), through the same path as members' messages. */
  async postSystemMessage(channelId: string, body: string, clientMessageId: string): Promise<SendResult> {
    const [existing] = await this.db.query<{ id: string }[]>(
      `SELECT id FROM messages WHERE channel_id = $1 AND kind = 'system' AND client_message_id = $2`,
      [channelId, clientMessageId],
    );
    if (existing)
      return { message: await this.getMessage(existing.id), created: false, mentioned: [], parent: null };
    const id = await this.db.transaction(async (tx) => {
      const seq = await this.nextSeq(tx, channelId);
      const [row] = await tx.query<{ id: string }[]>(
        `INSERT INTO messages (channel_id, seq, kind, client_message_id, body) VALUES ($1, $2, 'system', $3, $4)
         RETURNING id`,
        [channelId, seq, clientMessageId, body],
      );
      return row.id;
    });
    return { message: await this.getMessage(id), created: true, mentioned: [], parent: null };
  }

  async edit(
    member: AuthMember,
    messageId: string,
    body: string,
  ): Promise<{ message: MessageDto; mentioned: string[] }> {
    const current = await this.getMessage(messageId);
    if (current.deleted) throw new MessageDeletedError();
    if (current.author?.id !== member.id) throw new NotAuthorError();
    const access = await this.themes.writableChannel(member, current.channelId);
    const candidates = await this.mentionsFor(access, member.id, body, []);
    const mentioned = await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE messages SET body = $2, edited_at = now() WHERE id = $1`, [messageId, body]);
      const ids = candidates.map((candidate) => candidate.id);
      return this.insertMentions(tx, messageId, current.channelId, current.seq, ids);
    });
    return { message: await this.getMessage(messageId), mentioned };
  }

  /** Authors delete their own; coordinators and theme owners any. The message stays as a tombstone (no seq gap). */
  async delete(
    member: AuthMember,
    messageId: string,
  ): Promise<{ message: MessageDto; parent: MessageDto | null }> {
    const current = await this.getMessage(messageId);
    if (current.deleted) throw new MessageDeletedError();
    const access = await this.themes.readableChannel(member, current.channelId);
    if (current.author?.id !== member.id && !access.canModerate) throw new NotAuthorError();
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE messages SET deleted_at = now(), body = '' WHERE id = $1`, [messageId]);
      await tx.query(`DELETE FROM message_reactions WHERE message_id = $1`, [messageId]);
      if (current.parentId) {
        await tx.query(
          `UPDATE messages SET reply_count = reply_count - 1 WHERE id = $1 AND reply_count > 0`,
          [current.parentId],
        );
      }
    });
    const [message, parent] = await Promise.all([
      this.getMessage(messageId),
      current.parentId ? this.getMessage(current.parentId) : null,
    ]);
    return { message, parent };
  }

  async react(member: AuthMember, messageId: string, emoji: string, add: boolean): Promise<MessageDto> {
    const current = await this.getMessage(messageId);
    if (current.deleted) throw new MessageDeletedError();
    await this.themes.writableChannel(member, current.channelId);
    await this.db.query(
      add
        ? `INSERT INTO message_reactions (message_id, member_id, emoji) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`
        : `DELETE FROM message_reactions WHERE message_id = $1 AND member_id = $2 AND emoji = $3`,
      [messageId, member.id, emoji],
    );
    return this.getMessage(messageId);
  }

  /** A page of a channel in seq order: the newest, before a seq, or after one. */
  async history(
    member: AuthMember,
    channelId: string,
    query: HistoryQueryDto,
  ): Promise<{ items: MessageDto[]; nextCursor: string | null }> {
    await this.themes.readableChannel(member, channelId);
    const limit = query.limit ?? DEFAULT_HISTORY;
    const rows = await this.db.query<MessageRow[]>(
      query.afterSeq !== undefined
        ? `SELECT ${MESSAGE_COLUMNS} ${MESSAGE_FROM} WHERE m.channel_id = $1 AND m.seq > $2 ORDER BY m.seq ASC LIMIT $3`
        : `SELECT * FROM (SELECT ${MESSAGE_COLUMNS} ${MESSAGE_FROM}
             WHERE m.channel_id = $1 AND ($2::bigint IS NULL OR m.seq < $2) ORDER BY m.seq DESC LIMIT $3) page
           ORDER BY seq ASC`,
      [channelId, query.afterSeq ?? query.beforeSeq ?? null, limit + 1],
    );
    const more = rows.length > limit;
    const items = (query.afterSeq !== undefined ? rows.slice(0, limit) : rows.slice(more ? 1 : 0)).map(
      toMessageDto,
    );
    const edge = query.afterSeq !== undefined ? items.at(-1) : items[0];
    return { items, nextCursor: more && edge ? String(edge.seq) : null };
  }

  /** Everything after `afterSeq`, in order, for a reconnecting client (up to CATCH_UP_LIMIT). */
  async catchUp(member: AuthMember, channelId: string, afterSeq: number) {
    return this.history(member, channelId, { afterSeq, limit: CATCH_UP_LIMIT });
  }

  async thread(
    member: AuthMember,
    messageId: string,
    query: HistoryQueryDto,
  ): Promise<{ parent: MessageDto; items: MessageDto[]; nextCursor: string | null }> {
    const parent = await this.getMessage(messageId);
    await this.themes.readableChannel(member, parent.channelId);
    const limit = query.limit ?? DEFAULT_HISTORY;
    const rows = await this.db.query<MessageRow[]>(
      `SELECT ${MESSAGE_COLUMNS} ${MESSAGE_FROM} WHERE m.parent_id = $1 AND m.seq > $2 ORDER BY m.seq ASC LIMIT $3`,
      [messageId, query.afterSeq ?? 0, limit + 1],
    );
    const items = rows.slice(0, limit).map(toMessageDto);
    return { parent, items, nextCursor: rows.length > limit ? String(items.at(-1)?.seq) : null };
  }

  /** Substring search (Japanese or English) in the channels the caller may read, newest first. */
  async search(
    member: AuthMember,
    query: SearchQueryDto,
  ): Promise<{ items: SearchHitDto[]; nextCursor: string | null }> {
    if (query.theme) await this.themes.visibleTheme(query.theme, member);
    const channelIds = await this.themes.readableChannelIds(member, query.theme);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const [createdAt, id] = query.cursor ? decodeTimeIdCursor(query.cursor) : [null, null];
    const rows = await this.db.query<(MessageRow & { theme_slug: string; channel_name: string })[]>(
      `SELECT ${MESSAGE_COLUMNS}, t.slug AS theme_slug, c.name AS channel_name
         ${MESSAGE_FROM} JOIN channels c ON c.id = m.channel_id JOIN themes t ON t.id = c.theme_id
        WHERE m.channel_id = ANY($1::uuid[]) AND m.deleted_at IS NULL
          AND m.search_bigrams @> salon_bigrams($2) AND lower(m.body) LIKE $3
          AND ($4::timestamptz IS NULL OR (m.created_at, m.id) < ($4::timestamptz, $5::uuid))
        ORDER BY m.created_at DESC, m.id DESC LIMIT $6`,
      [channelIds, query.q, likeContains(query.q.toLowerCase()), createdAt, id, limit + 1],
    );
    const items = rows
      .slice(0, limit)
      .map((row) => ({ ...toMessageDto(row), themeSlug: row.theme_slug, channelName: row.channel_name }));
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeTimeIdCursor(last.createdAt, last.id) : null,
    };
  }

  /** Moves the member's read marker forward (never back) and returns the channel's counts. */
  async markRead(member: AuthMember, channelId: string, seq: number): Promise<UnreadDto> {
    const { channel } = await this.themes.readableChannel(member, channelId);
    await this.advanceReadMarker(this.db.manager, member.id, channelId, Math.min(seq, channel.lastSeq));
    const [counts] = await this.unreadCounts(member.id, [channelId]);
    return counts;
  }

  /** Unread messages of others, and unread mentions, after each channel's read marker. */
  async unreadCounts(memberId: string, channelIds: string[]): Promise<UnreadDto[]> {
    if (!channelIds.length) return [];
    const rows = await this.db.query<
      { channel_id: string; last_read_seq: string; unread: number; mentions: number }[]
    >(
      `SELECT c.id AS channel_id, coalesce(r.last_read_seq, 0) AS last_read_seq,
              (SELECT count(*) FROM messages m
                WHERE m.channel_id = c.id AND m.seq > coalesce(r.last_read_seq, 0)
                  AND m.deleted_at IS NULL AND m.author_id IS DISTINCT FROM $1)::int AS unread,
              (SELECT count(*) FROM message_mentions mm JOIN messages m ON m.id = mm.message_id
                WHERE mm.member_id = $1 AND mm.channel_id = c.id AND mm.seq > coalesce(r.last_read_seq, 0)
                  AND m.deleted_at IS NULL)::int AS mentions
         FROM channels c LEFT JOIN channel_reads r ON r.channel_id = c.id AND r.member_id = $1
        WHERE c.id = ANY($2::uuid[])`,
      [memberId, channelIds],
    );
    return rows.map((row) => ({
      channelId: row.channel_id,
      lastReadSeq: Number(row.last_read_seq),
      unread: row.unread,
      mentions: row.mentions,
    }));
  }

  async getMessage(id: string): Promise<MessageDto> {
    const [row] = await this.db.query<MessageRow[]>(
      `SELECT ${MESSAGE_COLUMNS} ${MESSAGE_FROM} WHERE m.id = $1`,
      [id],
    );
    if (!row) throw new MessageNotFoundError();
    return toMessageDto(row);
  }

  /** A message the member may read (MESSAGE_NOT_FOUND otherwise, so ids of private messages leak nothing). */
  async readableMessage(member: AuthMember, id: string): Promise<MessageDto> {
    return (await this.locate(member, id)).message;
  }

  /** A readable message with where it lives (theme and channel slugs), for permalinks. */
  async locate(member: AuthMember, id: string): Promise<{ message: MessageDto; access: ChannelAccess }> {
    const message = await this.getMessage(id);
    const access = await this.themes.channelAccess(member, message.channelId).catch(() => null);
    if (!access?.canRead) throw new MessageNotFoundError();
    return { message, access };
  }

  /** Messages that mention the member, newest first, in channels they may read; deleted ones left out. */
  async mentionsOf(
    member: AuthMember,
    query: PageQueryDto,
  ): Promise<{ items: MentionHitDto[]; nextCursor: string | null }> {
    const channelIds = await this.themes.readableChannelIds(member);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const [createdAt, id] = query.cursor ? decodeTimeIdCursor(query.cursor) : [null, null];
    const rows = await this.db.query<(MessageRow & LocationRow & { unread: boolean })[]>(
      `SELECT ${MESSAGE_COLUMNS}, ${LOCATION_COLUMNS},
              mm.seq > coalesce((SELECT r.last_read_seq FROM channel_reads r
                                  WHERE r.member_id = $1 AND r.channel_id = m.channel_id), 0) AS unread
         ${MESSAGE_FROM} JOIN message_mentions mm ON mm.message_id = m.id AND mm.member_id = $1
         ${LOCATION_JOIN}
        WHERE mm.channel_id = ANY($2::uuid[]) AND m.deleted_at IS NULL
          AND ($3::timestamptz IS NULL OR (m.created_at, m.id) < ($3::timestamptz, $4::uuid))
        ORDER BY m.created_at DESC, m.id DESC LIMIT $5`,
      [member.id, channelIds, createdAt, id, limit + 1],
    );
    const items = rows
      .slice(0, limit)
      .map((row) => ({ ...toMessageDto(row), ...toLocation(row), unread: row.unread }));
    const last = items.at(-1);
    return {
      items,
      nextCursor: rows.length > limit && last ? encodeTimeIdCursor(last.createdAt, last.id) : null,
    };
  }

  /** The answer to a retried send: the first message with this clientMessageId, nothing new to broadcast. */
  private async retried(authorId: string, input: SendMessageDto): Promise<SendResult | null> {
    const [row] = await this.db.query<MessageRow[]>(
      `SELECT ${MESSAGE_COLUMNS} ${MESSAGE_FROM} WHERE m.author_id = $1 AND m.client_message_id = $2`,
      [authorId, input.clientMessageId],
    );
    return row ? { message: toMessageDto(row), created: false, mentioned: [], parent: null } : null;
  }

  /**
   * Stores a member's message in one statement, so one round trip: the channel's seq, the message, the
   * thread's reply count, the mentions and the sender's read marker. The channel row stays locked only
   * while PostgreSQL runs it and commits, never while waiting for the api. Prepared: planning this
   * statement cost about as much as running it. Returns the message as stored
   * (a new message has no reactions yet, and the mentions are the ones inserted), or null for a retry.
   *
   * A retry must not use up a seq. When the first message is already committed, the seq is not bumped
   * (nothing is inserted, no row comes back). When it is being committed concurrently, the unique key
   * (author_id, client_message_id) makes the insert fail once that commits, which undoes the whole
   * statement, bump included.
   */
  private async insertMessage(
    authorId: string,
    input: SendMessageDto,
    mentioned: MentionCandidate[],
  ): Promise<MessageDto | null> {
    let rows: MessageRow[];
    try {
      rows = await preparedQuery<MessageRow>(
        this.db,
        'chat_send_message',
        `WITH seq AS (
           UPDATE channels SET last_seq = last_seq + 1
            WHERE id = $1
              AND NOT EXISTS (SELECT 1 FROM messages WHERE author_id = $2 AND client_message_id = $3)
           RETURNING last_seq
         ), m AS (
           INSERT INTO messages (channel_id, seq, author_id, client_message_id, body, parent_id)
           SELECT $1, seq.last_seq, $2, $3, $4, $5 FROM seq
           RETURNING id, channel_id, seq, kind, body, client_message_id, parent_id, reply_count, author_id,
                     created_at, edited_at, deleted_at
         ), thread AS (
           UPDATE messages SET reply_count = reply_count + 1, last_reply_at = now()
            WHERE id = $5 AND EXISTS (SELECT 1 FROM m)
         ), mention AS (
           INSERT INTO message_mentions (message_id, member_id, channel_id, seq)
           SELECT m.id, mentioned.id, m.channel_id, m.seq FROM m, unnest($6::uuid[]) AS mentioned (id)
         ), marker AS (
           INSERT INTO channel_reads (member_id, channel_id, last_read_seq)
           SELECT m.author_id, m.channel_id, m.seq FROM m
           ON CONFLICT (member_id, channel_id) DO UPDATE
             SET last_read_seq = GREATEST(channel_reads.last_read_seq, EXCLUDED.last_read_seq), updated_at = now()
         )
         SELECT m.id, m.channel_id, m.seq, m.kind, m.body, m.client_message_id, m.parent_id, m.reply_count,
                m.created_at, m.edited_at, m.deleted_at,
                a.id AS author_id, a.display_name AS author_name, a.avatar_url AS author_avatar
           FROM m LEFT JOIN members a ON a.id = m.author_id`,
        [
          input.channelId,
          authorId,
          input.clientMessageId,
          input.body,
          input.parentId ?? null,
          mentioned.map((candidate) => candidate.id),
        ],
      );
    } catch (error) {
      if (isConstraintViolation(error, 'messages_client_message_key')) return null;
      throw error;
    }
    const [row] = rows;
    if (!row) return null;
    const mentions = mentioned
      .map(({ id, displayName }) => ({ id, displayName }))
      // As MESSAGE_COLUMNS orders them: by member id (uuid order is the order of their lower-case text).
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return toMessageDto({ ...row, reactions: [], mentions });
  }

  /** The channel's next seq; the row lock orders concurrent sends and a rollback returns the number. */
  private async nextSeq(tx: EntityManager, channelId: string): Promise<number> {
    const [row] = await updateReturning<{ last_seq: string }>(
      tx,
      `UPDATE channels SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq`,
      [channelId],
    );
    return Number(row.last_seq);
  }

  /** Inserts mention records; returns the members mentioned for the first time. */
  private async insertMentions(
    tx: EntityManager,
    messageId: string,
    channelId: string,
    seq: number,
    memberIds: string[],
  ): Promise<string[]> {
    if (!memberIds.length) return [];
    const rows = await tx.query<{ member_id: string }[]>(
      `INSERT INTO message_mentions (message_id, member_id, channel_id, seq)
       SELECT $1, unnest($2::uuid[]), $3, $4 ON CONFLICT DO NOTHING RETURNING member_id`,
      [messageId, memberIds, channelId, seq],
    );
    return rows.map((row) => row.member_id);
  }

  private async advanceReadMarker(db: EntityManager, memberId: string, channelId: string, seq: number) {
    await db.query(
      `INSERT INTO channel_reads (member_id, channel_id, last_read_seq) VALUES ($1, $2, $3)
       ON CONFLICT (member_id, channel_id)
       DO UPDATE SET last_read_seq = GREATEST(channel_reads.last_read_seq, EXCLUDED.last_read_seq), updated_at = now()`,
      [memberId, channelId, seq],
    );
  }

  private async assertThreadParent(parentId: string, channelId: string): Promise<void> {
    const [parent] = await this.db.query<
      { channel_id: string; parent_id: string | null; deleted_at: Date | null }[]
    >(`SELECT channel_id, parent_id, deleted_at FROM messages WHERE id = $1`, [parentId]);
    if (!parent || parent.channel_id !== channelId || parent.parent_id || parent.deleted_at) {
      throw new InvalidParentError();
    }
  }

  /** Members who can read the channel and are named by `@display name` or listed; never the author. */
  private async mentionsFor(
    access: ChannelAccess,
    authorId: string,
    body: string,
    listed: string[] | undefined,
  ): Promise<MentionCandidate[]> {
    // Japanese keyboards type the full-width ＠ as often as @.
    if (!/[@＠]/.test(body) && !listed?.length) return [];
    const candidates = await this.db.query<MentionCandidate[]>(
      `SELECT m.id, m.display_name AS "displayName" FROM members m
        WHERE m.role IN ('coordinator', 'admin')
           OR m.id IN (SELECT member_id FROM theme_follows WHERE theme_id = $1
                       UNION SELECT member_id FROM theme_owners WHERE theme_id = $1)`,
      [access.theme.id],
    );
    const found = new Set(resolveMentions(body, listed ?? [], candidates));
    found.delete(authorId);
    return candidates.filter((candidate) => found.has(candidate.id));
  }
}
