import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { preparedQuery } from '@app/database';
import type { RsvpStatus } from '@app/events';

export interface HotThread {
  messageId: string;
  channelName: string;
  authorName: string | null;
  excerpt: string;
  participants: number;
  messages: number;
}

export interface ThemeDigest {
  id: string;
  slug: string;
  title: string;
  titleEn: string | null;
  messageCount: number;
  hotThreads: HotThread[];
  newMembers: { names: string[]; total: number };
}

export interface UpcomingEvent {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  format: 'online' | 'onsite' | 'hybrid';
  venueName: string | null;
  myRsvp: RsvpStatus | null;
}

export interface UnreadMention {
  messageId: string;
  authorName: string | null;
  channelName: string;
  themeTitle: string;
  excerpt: string;
  createdAt: Date;
}

export interface DigestContent {
  from: Date;
  to: Date;
  themes: ThemeDigest[];
  events: UpcomingEvent[];
  mentions: { items: UnreadMention[]; total: number };
}

/** The member's own part of a digest comes back as JSON (timestamps as ISO strings). */
interface FollowedTheme {
  id: string;
  slug: string;
  title: string;
  title_en: string | null;
}

interface EventJson {
  id: string;
  title: string;
  starts_at: string;
  ends_at: string;
  format: UpcomingEvent['format'];
  venue_name: string | null;
  my_rsvp: RsvpStatus | null;
}

interface MentionJson {
  id: string;
  body: string;
  author_name: string | null;
  channel_name: string;
  theme_title: string;
  created_at: string;
  total: number;
}

/** What is shared by every member following a theme, for one window. */
interface ThemeSummary {
  messageCount: number;
  /** soleAuthorId is set when one member wrote the whole thread: it is no news to that member. */
  hotThreads: (HotThread & { soleAuthorId: string | null })[];
  /** Newest followers, one more than shown, so a member who is among them can be left out. */
  newFollowers: { id: string; name: string }[];
  newFollowerTotal: number;
}

const HOT_THREADS_PER_THEME = 3;
const NEW_MEMBER_NAMES = 5;
const EVENT_HORIZON_DAYS = 14;
const MENTIONS_SHOWN = 5;
const EXCERPT_CHARS = 120;
/** Summaries of windows no member asks for any more are dropped past this many. */
const SUMMARY_CACHE_SIZE = 2000;
/** A message deleted after its window closed drops out of digests built later than this. */
const SUMMARY_TTL_MS = 10 * 60_000;

/** A digest covers what happened since the member's last digest, but never more than its period. */
export function windowStart(periodStart: Date, lastSentEnd: Date | null): Date {
  return lastSentEnd && lastSentEnd > periodStart ? lastSentEnd : periodStart;
}

/** The first `EXCERPT_CHARS` characters on one line (code points, so no surrogate is cut in half). */
export function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= EXCERPT_CHARS ? flat : `${chars.slice(0, EXCERPT_CHARS).join('')}…`;
}

/**
 * Builds one member's digest. A theme's activity in a window is the same for all its followers, so it
 * is computed once per theme and window and shared (in flight too) by every job of this process: a
 * run costs members + themes queries, not members × messages. Deleted messages and system messages
 * never appear; only themes the member follows (for a private theme, that means a member of it).
 */
@Injectable()
export class DigestContentService {
  private readonly summaries = new Map<string, { at: number; summary: Promise<ThemeSummary> }>();

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Null when there is nothing to say: no activity, no upcoming event, no unread mention. */
  async build(memberId: string, from: Date, to: Date): Promise<DigestContent | null> {
    const { themes, events, mentions, ownMessages } = await this.memberPart(memberId, from, to);
    const summaries = await Promise.all(themes.map((theme) => this.summary(theme.id, from, to)));
    const themeDigests = themes
      .map((theme, i): ThemeDigest => {
        const summary = summaries[i];
        const others = summary.newFollowers.filter((follower) => follower.id !== memberId);
        const selfIncluded = others.length < summary.newFollowers.length;
        return {
          id: theme.id,
          slug: theme.slug,
          title: theme.title,
          titleEn: theme.title_en,
          // What the member wrote is not news to them.
          messageCount: summary.messageCount - (ownMessages[theme.id] ?? 0),
          hotThreads: summary.hotThreads
            .filter((thread) => thread.soleAuthorId !== memberId)
            .map(({ soleAuthorId: _, ...thread }) => thread),
          newMembers: {
            names: others.slice(0, NEW_MEMBER_NAMES).map((follower) => follower.name),
            total: summary.newFollowerTotal - (selfIncluded ? 1 : 0),
          },
        };
      })
      .filter((theme) => theme.messageCount > 0 || theme.newMembers.total > 0);
    if (!themeDigests.length && !events.length && !mentions.total) return null;
    return { from, to, themes: themeDigests, events, mentions };
  }

  private summary(themeId: string, from: Date, to: Date): Promise<ThemeSummary> {
    const key = `${themeId}|${from.toISOString()}|${to.toISOString()}`;
    const cached = this.summaries.get(key);
    if (cached && Date.now() - cached.at < SUMMARY_TTL_MS) return cached.summary;
    if (this.summaries.size >= SUMMARY_CACHE_SIZE) this.summaries.clear();
    const summary = this.computeSummary(themeId, from, to);
    // A failed query must not be remembered: the next job asks again.
    summary.catch(() => this.summaries.delete(key));
    this.summaries.set(key, { at: Date.now(), summary });
    return summary;
  }

  private async computeSummary(themeId: string, from: Date, to: Date): Promise<ThemeSummary> {
    const [threads, followers] = await Promise.all([
      this.db.query<
        {
          total: string;
          id: string | null;
          body: string;
          channel_name: string;
          author_name: string | null;
          participants: string;
          messages: string;
          sole_author_id: string | null;
        }[]
      >(
        // A thread is a root message and its replies; one without replies counts as a thread of one.
        // The window's messages are read once for both the count and the threads (one row with a null
        // id when there is no thread to show).
        `WITH recent AS MATERIALIZED (
           SELECT coalesce(m.parent_id, m.id) AS root_id, m.author_id
             FROM messages m JOIN channels c ON c.id = m.channel_id
            WHERE c.theme_id = $1 AND m.kind = 'user' AND m.deleted_at IS NULL
              AND m.created_at >= $2 AND m.created_at < $3
         ), threads AS (
           SELECT root_id, count(DISTINCT author_id) AS participants, count(*) AS messages
             FROM recent GROUP BY root_id)
         SELECT n.total, top.*
           FROM (SELECT count(*) AS total FROM recent) n
           LEFT JOIN LATERAL (
             SELECT r.id, r.body, c.name AS channel_name, a.display_name AS author_name, t.participants, t.messages,
                    CASE WHEN t.participants = 1
                         THEN (SELECT author_id FROM recent WHERE recent.root_id = t.root_id LIMIT 1) END AS sole_author_id
               FROM threads t
               JOIN messages r ON r.id = t.root_id AND r.deleted_at IS NULL
               JOIN channels c ON c.id = r.channel_id AND c.archived_at IS NULL
               LEFT JOIN members a ON a.id = r.author_id
              ORDER BY t.participants DESC, t.messages DESC, r.id
              LIMIT ${HOT_THREADS_PER_THEME}) top ON true`,
        [themeId, from, to],
      ),
      this.db.query<{ id: string; name: string; total: string }[]>(
        `SELECT m.id, m.display_name AS name, count(*) OVER () AS total
           FROM theme_follows f JOIN members m ON m.id = f.member_id
          WHERE f.theme_id = $1 AND f.created_at >= $2 AND f.created_at < $3
          ORDER BY f.created_at DESC, m.id LIMIT ${NEW_MEMBER_NAMES + 1}`,
        [themeId, from, to],
      ),
    ]);
    return {
      messageCount: Number(threads[0]?.total ?? 0),
      hotThreads: threads
        .filter((thread): thread is typeof thread & { id: string } => thread.id !== null)
        .map((thread) => ({
          messageId: thread.id,
          soleAuthorId: thread.sole_author_id,
          channelName: thread.channel_name,
          authorName: thread.author_name,
          excerpt: excerpt(thread.body),
          participants: Number(thread.participants),
          messages: Number(thread.messages),
        })),
      newFollowers: followers.map(({ id, name }) => ({ id, name })),
      newFollowerTotal: Number(followers[0]?.total ?? 0),
    };
  }

  /**
   * What is the member's own, in one statement (a run makes one per member, so round trips count): the
   * themes they follow, salon-wide events and those of their themes in the next two weeks with their RSVP,
   * and mentions after their read marker in themes they still follow, newest first.
   */
  private async memberPart(
    memberId: string,
    from: Date,
    to: Date,
  ): Promise<{
    themes: FollowedTheme[];
    events: UpcomingEvent[];
    mentions: DigestContent['mentions'];
    ownMessages: Record<string, number>;
  }> {
    // Prepared (see DigestSender): planning this statement cost about ten times more than running it.
    const [row] = await preparedQuery<{
      themes: FollowedTheme[];
      events: EventJson[];
      mentions: MentionJson[];
      own_messages: Record<string, number>;
    }>(
      this.db,
      'digest_member_part',
      `WITH followed AS (
         SELECT t.id, t.slug, t.title, t.title_en, t.created_at
           FROM theme_follows f JOIN themes t ON t.id = f.theme_id WHERE f.member_id = $1)
       SELECT
         (SELECT coalesce(json_agg(json_build_object('id', id, 'slug', slug, 'title', title, 'title_en', title_en)
                                   ORDER BY created_at, id), '[]')
            FROM followed) AS themes,
         (SELECT coalesce(json_agg(e ORDER BY e.starts_at, e.id), '[]') FROM (
            SELECT e.id, e.title, e.starts_at, e.ends_at, e.format, e.venue_name, r.status AS my_rsvp
              FROM events e LEFT JOIN event_rsvps r ON r.event_id = e.id AND r.member_id = $1
             WHERE e.status = 'scheduled' AND e.starts_at >= now()
               AND e.starts_at < now() + interval '${EVENT_HORIZON_DAYS} days'
               AND (e.theme_id IS NULL OR e.theme_id IN (SELECT id FROM followed)
                    -- Events I answered belong in my digest too, unless their theme became private to others.
                    OR (r.status IN ('going', 'waitlisted', 'interested')
                        AND EXISTS (SELECT 1 FROM themes t WHERE t.id = e.theme_id AND t.visibility = 'public')))
             ORDER BY e.starts_at, e.id LIMIT 10) e) AS events,
         (SELECT coalesce(json_agg(x ORDER BY x.created_at DESC, x.id), '[]') FROM (
            SELECT msg.id, msg.body, a.display_name AS author_name, c.name AS channel_name,
                   t.title AS theme_title, msg.created_at, count(*) OVER () AS total
              FROM message_mentions mm
              JOIN messages msg ON msg.id = mm.message_id AND msg.deleted_at IS NULL
              JOIN channels c ON c.id = mm.channel_id
              JOIN themes t ON t.id = c.theme_id
              LEFT JOIN members a ON a.id = msg.author_id
              LEFT JOIN channel_reads cr ON cr.member_id = mm.member_id AND cr.channel_id = mm.channel_id
             WHERE mm.member_id = $1 AND c.theme_id IN (SELECT id FROM followed)
               AND mm.seq > coalesce(cr.last_read_seq, 0)
             ORDER BY msg.created_at DESC, msg.id LIMIT ${MENTIONS_SHOWN}) x) AS mentions,
         (SELECT coalesce(json_object_agg(o.theme_id, o.count), '{}') FROM (
            SELECT c.theme_id, count(*)::int AS count
              FROM messages m JOIN channels c ON c.id = m.channel_id
             WHERE m.author_id = $1 AND m.kind = 'user' AND m.deleted_at IS NULL
               AND m.created_at >= $2 AND m.created_at < $3 AND c.theme_id IN (SELECT id FROM followed)
             GROUP BY c.theme_id) o) AS own_messages`,
      [memberId, from, to],
    );
    return {
      themes: row.themes,
      ownMessages: row.own_messages,
      events: row.events.map((event) => ({
        id: event.id,
        title: event.title,
        startsAt: new Date(event.starts_at),
        endsAt: new Date(event.ends_at),
        format: event.format,
        venueName: event.venue_name,
        myRsvp: event.my_rsvp,
      })),
      mentions: {
        total: Number(row.mentions[0]?.total ?? 0),
        items: row.mentions.map((mention) => ({
          messageId: mention.id,
          authorName: mention.author_name,
          channelName: mention.channel_name,
          themeTitle: mention.theme_title,
          excerpt: excerpt(mention.body),
          createdAt: new Date(mention.created_at),
        })),
      },
    };
  }
}
