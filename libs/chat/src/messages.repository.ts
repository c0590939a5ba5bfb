import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Batcher } from '@app/common';
import { isUniqueViolation, preparedQuery, updateReturning } from '@app/database';
import { likeContains } from '@app/members';
import { mayPostSql } from '@app/themes';
import type { MessageDto, UnreadDto } from './dto/message.dto';

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
  author_former: boolean | null;
  reactions: MessageDto['reactions'];
  mentions: MessageDto['mentions'];
}

/**
 * Columns of a message with its author, reactions and mentions, for `FROM messages m` (MESSAGE_FROM).
 * Authors and mentioned members are shown through the members domain's `member_cards` view.
 */
const MESSAGE_COLUMNS = `
  m.id, m.channel_id, m.seq, m.kind, m.body, m.client_message_id, m.parent_id, m.reply_count,
  m.created_at, m.edited_at, m.deleted_at,
  a.id AS author_id, a.display_name AS author_name, a.avatar_url AS author_avatar, a.former AS author_former,
  coalesce((SELECT json_agg(json_build_object('emoji', r.emoji, 'count', r.count, 'memberIds', r.member_ids)
                            ORDER BY r.first_at, r.emoji)
              FROM (SELECT emoji, count(*)::int AS count, array_agg(member_id ORDER BY created_at) AS member_ids,
                           min(created_at) AS first_at
                      FROM message_reactions WHERE message_id = m.id GROUP BY emoji) r), '[]') AS reactions,
  coalesce((SELECT json_agg(json_build_object('id', mm.member_id, 'displayName', mb.display_name, 'former', mb.former) ORDER BY mb.id)
              FROM message_mentions mm JOIN member_cards mb ON mb.id = mm.member_id
             WHERE mm.message_id = m.id), '[]') AS mentions`;

const MESSAGE_FROM = `FROM messages m LEFT JOIN member_cards a ON a.id = m.author_id`;

/** Newest messages a search walks first, and at most in its second walk (see search). */
const SEARCH_WALK = 1000;
const SEARCH_WALK_MORE = 20_000;
/** A search goes straight to the GIN index when it can match at most this many messages (see search). */
const SEARCH_INDEX_FIRST = 1000;
/** How long the bigram frequencies (ANALYZE's statistics of search_bigrams) are kept. */
const BIGRAM_STATS_MS = 10 * 60_000;

/** The character bigrams salon_bigrams() indexes, for estimates (lower-cased, by code point). */
function bigramsOf(text: string): string[] {
  const chars = Array.from(text.toLowerCase());
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) pairs.add(chars[i] + chars[i + 1]);
  return [...pairs];
}

function toMessageDto(row: MessageRow): MessageDto {
  const deleted = row.deleted_at !== null;
  return {
    id: row.id,
    channelId: row.channel_id,
    seq: Number(row.seq),
    kind: row.kind,
    author: row.author_id
      ? {
          id: row.author_id,
          displayName: row.author_name ?? '',
          avatarUrl: row.author_avatar,
          former: row.author_former ?? false,
        }
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

/** A message as the send statements return it: new, so no reactions, and the mentions they inserted. */
function storedMessage(
  row: Omit<MessageRow, 'reactions' | 'mentions'>,
  mentioned: readonly MentionedMember[],
): MessageDto {
  const mentions = mentioned
    .map(({ id, displayName }) => ({ id, displayName, former: false }))
    // As MESSAGE_COLUMNS orders them: by member id (uuid order is the order of their lower-case text).
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return toMessageDto({ ...row, reactions: [], mentions });
}

interface PendingSend {
  input: NewMessage;
  mentioned: readonly MentionedMember[];
  staff: boolean;
}

export interface NewMessage {
  channelId: string;
  authorId: string;
  clientMessageId: string;
  body: string;
  parentId: string | null;
}

export interface MentionedMember {
  id: string;
  displayName: string;
}

/** A channel's activity in a window, for digests: how many messages, who wrote them, its busiest threads. */
export interface ChannelActivity {
  messageCount: number;
  /** Messages per author (members' ids): what a member wrote is no news to them. */
  byAuthor: Map<string, number>;
  threads: {
    messageId: string;
    channelId: string;
    body: string;
    authorName: string | null;
    participants: number;
    messages: number;
    /** Set when one member wrote the whole thread. */
    soleAuthorId: string | null;
  }[];
}

export interface UnreadMention {
  messageId: string;
  channelId: string;
  body: string;
  authorName: string | null;
  createdAt: Date;
  total: number;
}

/**
 * messages, message_reactions, message_mentions, channel_reads, and the seq counter of a channel
 * (`channels.last_seq`: the channel row is the themes domain's, its counter is the chat's).
 */
@Injectable()
export class MessagesRepository {
  private bigramStats: { at: number; freq: Map<string, number>; floor: number; rows: number } | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async get(id: string): Promise<MessageDto | null> {
    const [row] = await preparedQuery<MessageRow>(
      this.db,
      'chat_get_message',
      `SELECT ${MESSAGE_COLUMNS} ${MESSAGE_FROM} WHERE m.id = $1`,
      [id],
    );
    return row ? toMessageDto(row) : null;
  }

  /** The message an author sent with this clientMessageId, if any (a retried send). */
  async byClientId(authorId: string, clientMessageId: string): Promise<MessageDto | null> {
    const [row] = await this.db.query<MessageRow[]>(
      `SELECT ${MESSAGE_COLUMNS} ${MESSAGE_FROM} WHERE m.author_id = $1 AND m.client_message_id = $2`,
      [authorId, clientMessageId],
    );
    return row ? toMessageDto(row) : null;
  }

  async systemMessageId(channelId: string, clientMessageId: string): Promise<string | null> {
    const [row] = await this.db.query<{ id: string }[]>(
      `SELECT id FROM messages WHERE channel_id = $1 AND kind = 'system' AND client_message_id = $2`,
      [channelId, clientMessageId],
    );
    return row?.id ?? null;
  }

  /** What a reply's parent must be checked against: its channel, whether it is a reply itself, deleted. */
  async threadRoot(
    id: string,
  ): Promise<{ channelId: string; parentId: string | null; deleted: boolean } | null> {
    const [row] = await this.db.query<
      { channel_id: string; parent_id: string | null; deleted_at: Date | null }[]
    >(`SELECT channel_id, parent_id, deleted_at FROM messages WHERE id = $1`, [id]);
    return row
      ? { channelId: row.channel_id, parentId: row.parent_id, deleted: row.deleted_at !== null }
      : null;
  }

  /**
   * Stores a member's message in one statement, so one round trip: the channel's seq, the message, the
   * thread's reply count, the mentions and the sender's read marker. The statement also checks that the
   * member may post there (mayPostSql: the posting rule of ThemeAccess) and that a reply's parent is a live
   * top-level message of the channel, so the usual send needs no read before it. The channel row stays
   * locked only while PostgreSQL runs it and commits, never while waiting for the api. Prepared: planning
   * this statement cost about as much as running it. Returns the message as stored (a new message has no
   * reactions yet, and the mentions are the ones inserted), or null when nothing was stored: a retry, a
   * refusal or a bad parent, which the caller tells apart.
   *
   * A retry must not use up a seq. When the first message is already committed, the seq is not bumped
   * (nothing is inserted, no row comes back). When it is being committed concurrently, the unique key
   * (author_id, client_message_id) makes the insert fail once that commits, which undoes the whole
   * statement, bump included.
   */
  insert(
    input: NewMessage,
    mentioned: readonly MentionedMember[],
    sender: { staff: boolean },
  ): Promise<MessageDto | null> {
    return this.sends.get({ input, mentioned, staff: sender.staff });
  }

  /**
   * Group commit: the sends that arrive while a statement runs go together in the next one (one round trip,
   * one commit, one WAL flush for all; each still answered only once it is durable). Alone, a send goes at
   * the end of the event loop's turn in the one-message statement.
   */
  private readonly sends = new Batcher<PendingSend, MessageDto | null>((batch) => this.insertBatch(batch), {
    serial: true,
    max: 100,
  });

  private async insertBatch(batch: PendingSend[]): Promise<(MessageDto | null)[]> {
    const keys = new Set(batch.map(({ input }) => `${input.authorId} ${input.clientMessageId}`));
    if (batch.length === 1 || keys.size < batch.length) {
      // One, or a retry racing its first send in the same batch: one statement each, in order.
      const stored: (MessageDto | null)[] = [];
      for (const send of batch) stored.push(await this.insertOne(send));
      return stored;
    }
    try {
      return await this.insertMany(batch);
    } catch {
      // PostgreSQL undid the whole statement: a send committed concurrently elsewhere (its retry is here),
      // two processes' batches locking channels in opposite orders, or one send's own failure. Each goes
      // alone, so one send's error is its own and no one else's.
      return Promise.all(batch.map((send) => this.insertOne(send)));
    }
  }

  /**
   * insertOne for several sends in one statement: each is checked as insertOne checks it (rights, thread
   * parent, retry), a channel's accepted sends get consecutive seqs in arrival order, and the answers come
   * back in the order of the batch (null: not stored).
   */
  private async insertMany(batch: PendingSend[]): Promise<(MessageDto | null)[]> {
    const rows = await preparedQuery<MessageRow>(
      this.db,
      'chat_send_messages',
      `WITH input AS (
         SELECT i.*, $7::jsonb -> (i.ord::int - 1) AS mention_ids
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::uuid[], $6::boolean[])
                WITH ORDINALITY AS i (channel_id, author_id, client_message_id, body, parent_id, staff, ord)
       ), accepted AS (
         SELECT i.* FROM input i JOIN channels c ON c.id = i.channel_id
          WHERE ${mayPostSql('c', 'i.author_id', 'i.staff')}
            AND (i.parent_id IS NULL OR EXISTS (
                  SELECT 1 FROM messages parent
                   WHERE parent.id = i.parent_id AND parent.channel_id = i.channel_id
                     AND parent.parent_id IS NULL AND parent.deleted_at IS NULL))
            AND NOT EXISTS (SELECT 1 FROM messages
                             WHERE author_id = i.author_id AND client_message_id = i.client_message_id)
       ), counted AS (
         SELECT channel_id, count(*) AS n FROM accepted GROUP BY channel_id
       ), seq AS (
         UPDATE channels c SET last_seq = c.last_seq + counted.n FROM counted
          WHERE c.id = counted.channel_id
         RETURNING c.id AS channel_id, c.last_seq - counted.n AS base
       ), numbered AS MATERIALIZED (
         SELECT a.*, s.base + row_number() OVER (PARTITION BY a.channel_id ORDER BY a.ord) AS seq
           FROM accepted a JOIN seq s ON s.channel_id = a.channel_id
       ), m AS (
         INSERT INTO messages (channel_id, seq, author_id, client_message_id, body, parent_id)
         SELECT channel_id, seq, author_id, client_message_id, body, parent_id FROM numbered ORDER BY ord
         RETURNING id, channel_id, seq, kind, body, client_message_id, parent_id, reply_count, author_id,
                   created_at, edited_at, deleted_at
       ), thread AS (
         UPDATE messages parent SET reply_count = parent.reply_count + replies.n, last_reply_at = now()
           FROM (SELECT parent_id, count(*) AS n FROM m WHERE parent_id IS NOT NULL GROUP BY parent_id) replies
          WHERE parent.id = replies.parent_id
       ), mention AS (
         INSERT INTO message_mentions (message_id, member_id, channel_id, seq)
         SELECT m.id, mentioned.id::uuid, m.channel_id, m.seq
           FROM m JOIN numbered n ON n.author_id = m.author_id AND n.client_message_id = m.client_message_id
                CROSS JOIN jsonb_array_elements_text(n.mention_ids) AS mentioned (id)
       ), marker AS (
         INSERT INTO channel_reads (member_id, channel_id, last_read_seq)
         SELECT author_id, channel_id, max(seq) FROM m GROUP BY author_id, channel_id
         ON CONFLICT (member_id, channel_id) DO UPDATE
           SET last_read_seq = GREATEST(channel_reads.last_read_seq, EXCLUDED.last_read_seq), updated_at = now()
       )
       SELECT m.id, m.channel_id, m.seq, m.kind, m.body, m.client_message_id, m.parent_id, m.reply_count,
              m.created_at, m.edited_at, m.deleted_at,
              a.id AS author_id, a.display_name AS author_name, a.avatar_url AS author_avatar,
              a.former AS author_former
         FROM m LEFT JOIN member_cards a ON a.id = m.author_id`,
      [
        batch.map(({ input }) => input.channelId),
        batch.map(({ input }) => input.authorId),
        batch.map(({ input }) => input.clientMessageId),
        batch.map(({ input }) => input.body),
        batch.map(({ input }) => input.parentId),
        batch.map(({ staff }) => staff),
        JSON.stringify(batch.map(({ mentioned }) => mentioned.map((member) => member.id))),
      ],
    );
    const byKey = new Map(rows.map((row) => [`${row.author_id} ${row.client_message_id}`, row]));
    return batch.map((send) => {
      const row = byKey.get(`${send.input.authorId} ${send.input.clientMessageId}`);
      return row ? storedMessage(row, send.mentioned) : null;
    });
  }

  private async insertOne({ input, mentioned, staff }: PendingSend): Promise<MessageDto | null> {
    let rows: MessageRow[];
    try {
      rows = await preparedQuery<MessageRow>(
        this.db,
        'chat_send_message',
        `WITH seq AS (
           UPDATE channels c SET last_seq = c.last_seq + 1
            WHERE c.id = $1
              AND ${mayPostSql('c', '$2', '$7::boolean')}
              AND ($5::uuid IS NULL OR EXISTS (
                    SELECT 1 FROM messages parent
                     WHERE parent.id = $5 AND parent.channel_id = $1 AND parent.parent_id IS NULL
                       AND parent.deleted_at IS NULL))
              AND NOT EXISTS (SELECT 1 FROM messages WHERE author_id = $2 AND client_message_id = $3)
           RETURNING c.last_seq
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
                a.id AS author_id, a.display_name AS author_name, a.avatar_url AS author_avatar,
                a.former AS author_former
           FROM m LEFT JOIN member_cards a ON a.id = m.author_id`,
        [
          input.channelId,
          input.authorId,
          input.clientMessageId,
          input.body,
          input.parentId,
          mentioned.map((member) => member.id),
          staff,
        ],
      );
    } catch (error) {
      if (isUniqueViolation(error, 'messages_client_message_key')) return null;
      throw error;
    }
    const [row] = rows;
    return row ? storedMessage(row, mentioned) : null;
  }

  /** A message the platform posts itself, with the channel's next seq (the row lock orders it). */
  async insertSystem(channelId: string, body: string, clientMessageId: string): Promise<string> {
    return this.db.transaction(async (tx) => {
      const [counter] = await updateReturning<{ last_seq: string }>(
        tx,
        `UPDATE channels SET last_seq = last_seq + 1 WHERE id = $1 RETURNING last_seq`,
        [channelId],
      );
      const [row] = await tx.query<{ id: string }[]>(
        `INSERT INTO messages (channel_id, seq, kind, client_message_id, body) VALUES ($1, $2, 'system', $3, $4)
         RETURNING id`,
        [channelId, counter.last_seq, clientMessageId, body],
      );
      return row.id;
    });
  }

  /** A new body and its mentions; returns the members mentioned for the first time. */
  async edit(
    message: Pick<MessageDto, 'id' | 'channelId' | 'seq'>,
    body: string,
    mentionIds: readonly string[],
  ): Promise<string[]> {
    return this.db.transaction(async (tx) => {
      await tx.query(`UPDATE messages SET body = $2, edited_at = now() WHERE id = $1`, [message.id, body]);
      if (!mentionIds.length) return [];
      const rows = await tx.query<{ member_id: string }[]>(
        `INSERT INTO message_mentions (message_id, member_id, channel_id, seq)
         SELECT $1, unnest($2::uuid[]), $3, $4 ON CONFLICT DO NOTHING RETURNING member_id`,
        [message.id, mentionIds, message.channelId, message.seq],
      );
      return rows.map((row) => row.member_id);
    });
  }

  /** Keeps the message as a tombstone (its seq stays): no body, no reactions, one reply fewer in its thread. */
  async tombstone(messageId: string, parentId: string | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE messages SET deleted_at = now(), body = '' WHERE id = $1`, [messageId]);
      await tx.query(`DELETE FROM message_reactions WHERE message_id = $1`, [messageId]);
      if (parentId) {
        await tx.query(
          `UPDATE messages SET reply_count = reply_count - 1 WHERE id = $1 AND reply_count > 0`,
          [parentId],
        );
      }
    });
  }

  /** True when the reaction was added or removed now (false: it was already so). */
  async react(messageId: string, memberId: string, emoji: string, add: boolean): Promise<boolean> {
    const rows = await updateReturning<{ message_id: string }>(
      this.db,
      add
        ? `INSERT INTO message_reactions (message_id, member_id, emoji) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING message_id`
        : `DELETE FROM message_reactions WHERE message_id = $1 AND member_id = $2 AND emoji = $3
           RETURNING message_id`,
      [messageId, memberId, emoji],
    );
    return rows.length > 0;
  }

  /**
   * A page of a channel in seq order: `limit + 1` rows (the extra one tells of more), ascending. One
   * prepared statement per direction, so each has a plan of its own (the newest page, older, newer) and
   * planning (about as long as running these) is done once per connection.
   */
  async page(
    channelId: string,
    position: { afterSeq: number } | { beforeSeq: number | null },
    limit: number,
  ): Promise<MessageDto[]> {
    const older = (condition: string) =>
      `SELECT * FROM (SELECT ${MESSAGE_COLUMNS} ${MESSAGE_FROM}
         WHERE m.channel_id = $1 ${condition} ORDER BY m.seq DESC LIMIT $2) page
       ORDER BY seq ASC`;
    const rows =
      'afterSeq' in position
        ? await preparedQuery<MessageRow>(
            this.db,
            'chat_page_after',
            `SELECT ${MESSAGE_COLUMNS} ${MESSAGE_FROM} WHERE m.channel_id = $1 AND m.seq > $3
              ORDER BY m.seq ASC LIMIT $2`,
            [channelId, limit + 1, position.afterSeq],
          )
        : position.beforeSeq === null
          ? await preparedQuery<MessageRow>(this.db, 'chat_page_latest', older(''), [channelId, limit + 1])
          : await preparedQuery<MessageRow>(this.db, 'chat_page_before', older('AND m.seq < $3'), [
              channelId,
              limit + 1,
              position.beforeSeq,
            ]);
    return rows.map(toMessageDto);
  }

  async threadPage(parentId: string, afterSeq: number, limit: number): Promise<MessageDto[]> {
    const rows = await preparedQuery<MessageRow>(
      this.db,
      'chat_thread_page',
      `SELECT ${MESSAGE_COLUMNS} ${MESSAGE_FROM} WHERE m.parent_id = $1 AND m.seq > $2 ORDER BY m.seq ASC LIMIT $3`,
      [parentId, afterSeq, limit + 1],
    );
    return rows.map(toMessageDto);
  }

  /**
   * Substring search in these channels, newest first: the body must contain the text (lower-cased LIKE).
   * Never deleted messages. The cursor is the last hit's (created_at, id).
   *
   * How the hits are found depends on how common the text is, which the search measures as it goes:
   * - A text whose rarest bigram is rare (ANALYZE's statistics, see indexCandidates) goes straight to the
   *   GIN index on search_bigrams: its few candidates are read and sorted.
   * - Otherwise it walks the newest messages through messages_created_idx (the walk: at most SEARCH_WALK
   *   rows past the cursor), which ends as soon as the page is full. A common text (塩尻 in every 20th
   *   message) fills a page after a few hundred rows, already in time order: no sort, no bitmap over
   *   tens of thousands.
   * - A page still short after the walk goes on from where it stopped: by walking on when the text was
   *   frequent enough in the first walk that the rest of the page is near (at most SEARCH_WALK_MORE rows),
   *   else (a rare text) through the GIN index on search_bigrams, whose few older hits are sorted.
   * The walks and the index search read disjoint ranges of (created_at, id), so the page is the same as one
   * query over all of them would give.
   */
  async search(
    channelIds: readonly string[],
    text: string,
    before: [string, string] | null,
    limit: number,
  ): Promise<MessageDto[]> {
    const pattern = likeContains(text.toLowerCase());
    const wanted = limit + 1;
    const hits: MessageRow[] = [];
    let cursor = before;
    let walked = 0;
    // The second walk is sized by the first one's hit rate, twice over; 0 when the index is the better way.
    // The first walk reaches as far as a page would need if the text were as common as its rarest bigram
    // (it is at most that common), between SEARCH_WALK and SEARCH_WALK_MORE rows; it stops when it is full.
    const estimate = await this.indexCandidates(text);
    let rows =
      estimate === null
        ? SEARCH_WALK
        : estimate.share * estimate.rows <= SEARCH_INDEX_FIRST
          ? 0
          : Math.min(SEARCH_WALK_MORE, Math.max(SEARCH_WALK, Math.ceil((1.5 * wanted) / estimate.share)));
    for (let round = 0; round < 2 && rows > 0 && rows <= SEARCH_WALK_MORE; round++) {
      const page = await this.searchWalk(channelIds, pattern, cursor, rows, wanted - hits.length);
      walked += rows;
      hits.push(...page.hits);
      if (hits.length >= wanted || !page.boundary) return hits.map(toMessageDto);
      cursor = page.boundary;
      rows = hits.length ? Math.ceil(((wanted - hits.length) * walked * 2) / hits.length) : 0;
    }
    const older = await this.db.query<MessageRow[]>(
      `WITH hit AS MATERIALIZED (
         SELECT m.id, m.created_at FROM messages m
          WHERE m.channel_id = ANY($1::uuid[]) AND m.deleted_at IS NULL
            AND m.search_bigrams @> salon_bigrams($2) AND lower(m.body) LIKE $3
            AND ($4::timestamptz IS NULL OR (m.created_at, m.id) < ($4::timestamptz, $5::uuid)))
       SELECT ${MESSAGE_COLUMNS} ${MESSAGE_FROM}
        WHERE m.id IN (SELECT id FROM hit ORDER BY created_at DESC, id DESC LIMIT $6)
        ORDER BY m.created_at DESC, m.id DESC`,
      [channelIds, text, pattern, cursor?.[0] ?? null, cursor?.[1] ?? null, wanted - hits.length],
    );
    return [...hits, ...older].map(toMessageDto);
  }

  /**
   * How common the text can be at most (the GIN index offers about share × rows candidates for it): the
   * frequency of its rarest bigram in ANALYZE's statistics (a bigram not among the most common ones kept,
   * see the migration 1765300000000, is rarer than all of them) and the table's rows. Null without
   * statistics (a new database: the walk is cheap there anyway).
   */
  private async indexCandidates(text: string): Promise<{ share: number; rows: number } | null> {
    const now = Date.now();
    if (!this.bigramStats || now - this.bigramStats.at > BIGRAM_STATS_MS) {
      const [row] = await this.db.query<{ elems: string[] | null; freqs: number[] | null; rows: number }[]>(
        `SELECT s.most_common_elems::text::text[] AS elems, s.most_common_elem_freqs AS freqs,
                (SELECT reltuples FROM pg_class WHERE oid = 'messages'::regclass) AS rows
           FROM pg_stats s
          WHERE s.schemaname = current_schema() AND s.tablename = 'messages' AND s.attname = 'search_bigrams'`,
      );
      const elems = row?.elems ?? [];
      const freqs = row?.freqs ?? [];
      this.bigramStats = elems.length
        ? {
            at: now,
            // After the frequencies of the elements come their minimum, maximum and the null frequency.
            freq: new Map(elems.map((elem, i) => [elem, freqs[i]])),
            floor: freqs[elems.length] ?? 0,
            rows: Math.max(0, row.rows),
          }
        : { at: now, freq: new Map(), floor: 0, rows: 0 };
    }
    const stats = this.bigramStats;
    if (!stats.freq.size) return null;
    // As PostgreSQL's own estimate: a bigram not kept is taken for half as common as the rarest kept.
    const share = Math.min(...bigramsOf(text).map((bigram) => stats.freq.get(bigram) ?? stats.floor / 2));
    return { share, rows: stats.rows };
  }

  /**
   * The newest `rows` messages past the cursor (of every channel: the cost of a walk is the rows it reads,
   * as the index search's is its candidates of every channel), and of them the first `wanted` that are in
   * these channels, not deleted, and contain the pattern. When fewer are found, `boundary` is the last row
   * walked (where to go on from), or null when there were fewer than `rows` (nothing older is left).
   */
  private async searchWalk(
    channelIds: readonly string[],
    pattern: string,
    cursor: [string, string] | null,
    rows: number,
    wanted: number,
  ): Promise<{ hits: MessageRow[]; boundary: [string, string] | null }> {
    // The rows are streamed from the index: the outer LIMIT stops the walk once the page is full. The row
    // numbered `rows` (the last one walked) comes back too, hit or not, as the boundary.
    const found = await this.db.query<(MessageRow & { hit: boolean; rn: string })[]>(
      `SELECT ${MESSAGE_COLUMNS}, w.hit, w.rn ${MESSAGE_FROM}
         JOIN (SELECT walk.id, walk.hit, walk.rn FROM (
                 SELECT x.id,
                        x.channel_id = ANY($1::uuid[]) AND x.deleted_at IS NULL AND lower(x.body) LIKE $2 AS hit,
                        row_number() OVER (ORDER BY x.created_at DESC, x.id DESC) AS rn
                   FROM messages x
                  WHERE $3::timestamptz IS NULL OR (x.created_at, x.id) < ($3::timestamptz, $4::uuid)
                  ORDER BY x.created_at DESC, x.id DESC LIMIT $5) walk
               WHERE walk.hit OR walk.rn = $5 LIMIT $6) w ON w.id = m.id
        ORDER BY m.created_at DESC, m.id DESC`,
      [channelIds, pattern, cursor?.[0] ?? null, cursor?.[1] ?? null, rows, wanted],
    );
    const hits = found.filter((row) => row.hit);
    const last = found.at(-1);
    const boundary =
      hits.length < wanted && last && Number(last.rn) === rows
        ? ([last.created_at.toISOString(), last.id] as [string, string])
        : null;
    return { hits, boundary };
  }

  /** Messages that mention the member in these channels, newest first, with whether they are unread. */
  async mentionsOf(
    memberId: string,
    channelIds: readonly string[],
    before: [string, string] | null,
    limit: number,
  ): Promise<(MessageDto & { unread: boolean })[]> {
    const rows = await this.db.query<(MessageRow & { unread: boolean })[]>(
      `SELECT ${MESSAGE_COLUMNS},
              mm.seq > coalesce((SELECT r.last_read_seq FROM channel_reads r
                                  WHERE r.member_id = $1 AND r.channel_id = m.channel_id), 0) AS unread
         ${MESSAGE_FROM} JOIN message_mentions mm ON mm.message_id = m.id AND mm.member_id = $1
        WHERE mm.channel_id = ANY($2::uuid[]) AND m.deleted_at IS NULL
          AND ($3::timestamptz IS NULL OR (m.created_at, m.id) < ($3::timestamptz, $4::uuid))
        ORDER BY m.created_at DESC, m.id DESC LIMIT $5`,
      [memberId, channelIds, before?.[0] ?? null, before?.[1] ?? null, limit + 1],
    );
    return rows.map((row) => ({ ...toMessageDto(row), unread: row.unread }));
  }

  /** Moves the member's read marker forward, never back. */
  async advanceReadMarker(memberId: string, channelId: string, seq: number): Promise<void> {
    await this.db.query(
      `INSERT INTO channel_reads (member_id, channel_id, last_read_seq) VALUES ($1, $2, $3)
       ON CONFLICT (member_id, channel_id)
       DO UPDATE SET last_read_seq = GREATEST(channel_reads.last_read_seq, EXCLUDED.last_read_seq), updated_at = now()`,
      [memberId, channelId, seq],
    );
  }

  /** Unread messages of others, and unread mentions, after each channel's read marker. */
  async unreadCounts(memberId: string, channelIds: readonly string[]): Promise<UnreadDto[]> {
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
         FROM unnest($2::uuid[]) AS c (id) LEFT JOIN channel_reads r ON r.channel_id = c.id AND r.member_id = $1`,
      [memberId, channelIds],
    );
    return rows.map((row) => ({
      channelId: row.channel_id,
      lastReadSeq: Number(row.last_read_seq),
      unread: row.unread,
      mentions: row.mentions,
    }));
  }

  /**
   * What happened in these channels in a window, for a digest: members' messages (not deleted, not the
   * platform's) counted, in all and per author, and the busiest threads (distinct participants, then
   * messages; a message without replies is a thread of one). The window's messages are read once for all
   * three, from the covering index messages_channel_created_idx alone (an index-only scan: the table's rows
   * are read for the few top threads only). The counts per author replace a statement per member and
   * digest (what they wrote themselves), whose cost grew with the week's messages.
   */
  async activity(
    channelIds: readonly string[],
    from: Date,
    to: Date,
    hotThreads: number,
  ): Promise<ChannelActivity> {
    const rows = await this.db.query<
      {
        total: string;
        by_author: Record<string, number> | null;
        id: string | null;
        channel_id: string;
        body: string;
        author_name: string | null;
        participants: string;
        messages: string;
        sole_author_id: string | null;
      }[]
    >(
      `WITH recent AS MATERIALIZED (
         SELECT coalesce(m.parent_id, m.id) AS root_id, m.author_id
           FROM messages m
          WHERE m.channel_id = ANY($1::uuid[]) AND m.kind = 'user' AND m.deleted_at IS NULL
            AND m.created_at >= $2 AND m.created_at < $3
       ), threads AS (
         SELECT root_id, count(DISTINCT author_id) AS participants, count(*) AS messages
           FROM recent GROUP BY root_id)
       SELECT n.total, n.by_author, top.*
         FROM (SELECT sum(a.count) AS total,
                      json_object_agg(a.author_id, a.count) FILTER (WHERE a.author_id IS NOT NULL) AS by_author
                 FROM (SELECT author_id, count(*) AS count FROM recent GROUP BY author_id) a) n
         LEFT JOIN LATERAL (
           SELECT r.id, r.channel_id, r.body, a.display_name AS author_name, t.participants, t.messages,
                  CASE WHEN t.participants = 1
                       THEN (SELECT author_id FROM recent WHERE recent.root_id = t.root_id LIMIT 1) END AS sole_author_id
             -- Threads sorted first, then their roots looked up one by one until enough are found (a root
             -- deleted since is passed over): not a lookup for every thread of the window.
             FROM (SELECT * FROM threads ORDER BY participants DESC, messages DESC, root_id) t
             JOIN LATERAL (SELECT r.id, r.channel_id, r.body, r.author_id FROM messages r
                            WHERE r.id = t.root_id AND r.deleted_at IS NULL) r ON true
             LEFT JOIN member_cards a ON a.id = r.author_id
            ORDER BY t.participants DESC, t.messages DESC, t.root_id
            LIMIT $4) top ON true`,
      [channelIds, from, to, hotThreads],
    );
    return {
      messageCount: Number(rows[0]?.total ?? 0),
      byAuthor: new Map(Object.entries(rows[0]?.by_author ?? {})),
      threads: rows
        .filter((row): row is typeof row & { id: string } => row.id !== null)
        .map((row) => ({
          messageId: row.id,
          channelId: row.channel_id,
          body: row.body,
          authorName: row.author_name,
          participants: Number(row.participants),
          messages: Number(row.messages),
          soleAuthorId: row.sole_author_id,
        })),
    };
  }

  /**
   * For each member, the mentions of them after their read marker in their channels, newest first, with
   * their total: one statement for a digest worker's batch of members (each with the channels of their
   * themes), each member's part an index lookup of their own mentions.
   */
  async unreadMentions(
    requests: readonly { memberId: string; channelIds: readonly string[] }[],
    limit: number,
  ): Promise<Map<string, UnreadMention[]>> {
    const pairs = requests.flatMap((request) =>
      request.channelIds.map((channelId) => [request.memberId, channelId] as const),
    );
    const rows = await preparedQuery<{
      member_id: string;
      id: string;
      channel_id: string;
      body: string;
      author_name: string | null;
      created_at: Date;
      total: string;
    }>(
      this.db,
      'chat_unread_mentions_many',
      `WITH pairs AS MATERIALIZED (
         SELECT * FROM unnest($1::uuid[], $2::uuid[]) AS p (member_id, channel_id))
       SELECT k.member_id, x.* FROM (SELECT DISTINCT member_id FROM pairs) k
        CROSS JOIN LATERAL (
          SELECT msg.id, msg.channel_id, msg.body, a.display_name AS author_name, msg.created_at,
                 count(*) OVER () AS total
            FROM message_mentions mm
            JOIN messages msg ON msg.id = mm.message_id AND msg.deleted_at IS NULL
            LEFT JOIN member_cards a ON a.id = msg.author_id
            LEFT JOIN channel_reads cr ON cr.member_id = mm.member_id AND cr.channel_id = mm.channel_id
           WHERE mm.member_id = k.member_id
             AND mm.channel_id IN (SELECT p.channel_id FROM pairs p WHERE p.member_id = k.member_id)
             AND mm.seq > coalesce(cr.last_read_seq, 0)
           ORDER BY msg.created_at DESC, msg.id LIMIT $3) x`,
      [pairs.map((pair) => pair[0]), pairs.map((pair) => pair[1]), limit],
    );
    const byMember = new Map<string, UnreadMention[]>(requests.map((request) => [request.memberId, []]));
    for (const row of rows) {
      byMember.get(row.member_id)?.push({
        messageId: row.id,
        channelId: row.channel_id,
        body: row.body,
        authorName: row.author_name,
        createdAt: row.created_at,
        total: Number(row.total),
      });
    }
    return byMember;
  }

  /** A member's messages (tombstones included, with where they were), oldest first: their data export. */
  async authoredBy(memberId: string): Promise<
    {
      id: string;
      channelId: string;
      parentId: string | null;
      body: string;
      createdAt: string;
      editedAt: string | null;
      deletedAt: string | null;
    }[]
  > {
    const rows = await this.db.query<
      {
        id: string;
        channel_id: string;
        parent_id: string | null;
        body: string;
        created_at: Date;
        edited_at: Date | null;
        deleted_at: Date | null;
      }[]
    >(
      `SELECT id, channel_id, parent_id, body, created_at, edited_at, deleted_at FROM messages
        WHERE author_id = $1 ORDER BY created_at, id`,
      [memberId],
    );
    return rows.map((row) => ({
      id: row.id,
      channelId: row.channel_id,
      parentId: row.parent_id,
      body: row.body,
      createdAt: row.created_at.toISOString(),
      editedAt: row.edited_at?.toISOString() ?? null,
      deletedAt: row.deleted_at?.toISOString() ?? null,
    }));
  }

  /** A member's reactions, oldest first: their data export. */
  async reactionsBy(memberId: string): Promise<{ messageId: string; emoji: string; createdAt: string }[]> {
    const rows = await this.db.query<{ message_id: string; emoji: string; created_at: Date }[]>(
      `SELECT message_id, emoji, created_at FROM message_reactions WHERE member_id = $1
        ORDER BY created_at, message_id, emoji`,
      [memberId],
    );
    return rows.map((row) => ({
      messageId: row.message_id,
      emoji: row.emoji,
      createdAt: row.created_at.toISOString(),
    }));
  }

  /** The ids of a member's messages that are not tombstones yet, with their thread parents. */
  async liveOf(memberId: string): Promise<{ id: string; parentId: string | null }[]> {
    const rows = await this.db.query<{ id: string; parent_id: string | null }[]>(
      `SELECT id, parent_id FROM messages WHERE author_id = $1 AND deleted_at IS NULL ORDER BY created_at, id`,
      [memberId],
    );
    return rows.map((row) => ({ id: row.id, parentId: row.parent_id }));
  }
}
