import { Injectable } from '@nestjs/common';
import { Batcher } from '@app/common';
import { ChatActivity, type UnreadMention as ChatMention } from '@app/chat';
import { EventsService, type UpcomingEvent } from '@app/events';
import { MembersService } from '@app/members';
import { ThemeAccess, ThemesService } from '@app/themes';

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

/** What is shared by every member belonging to a theme, for one window. */
interface ThemeSummary {
  theme: { id: string; slug: string; title: string; titleEn: string | null };
  /** The theme's channels by id (names for mentions and threads). */
  channels: Map<string, string>;
  messageCount: number;
  /** Messages per author in the window: what a member wrote is not news to them. */
  byAuthor: Map<string, number>;
  /** soleAuthorId is set when one member wrote the whole thread: it is no news to that member. */
  hotThreads: (HotThread & { soleAuthorId: string | null })[];
  /** Newest followers, one more than shown, so a member who is among them can be left out. */
  newFollowers: { id: string; name: string }[];
  newFollowerTotal: number;
}

const HOT_THREADS_PER_THEME = 3;
const NEW_MEMBER_NAMES = 5;
const EVENT_HORIZON_DAYS = 14;
const EVENTS_SHOWN = 10;
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
 * Builds one member's digest from what the other domains export: the themes they belong to (ThemeAccess),
 * the chat's activity and mentions (ChatActivity), the events ahead (EventsService). A theme's activity in a
 * window is the same for all its members, so it is computed once per theme and window and shared (in
 * flight too) by every job of this process: a run costs a few queries per member and per theme, not per
 * member and message. Deleted messages and system messages never appear; what the member wrote is no news
 * to them.
 */
@Injectable()
export class DigestContentService {
  private readonly summaries = new Map<string, { at: number; summary: Promise<ThemeSummary> }>();
  private publicThemes: { key: string; at: number; ids: Promise<string[]> } | null = null;
  /**
   * The member's own reads, gathered across the digests being built at the same time (a worker runs
   * DIGEST_SEND_CONCURRENCY jobs): one statement per batch of members, not per member.
   */
  private readonly themeIds = new Batcher<string, string[]>(async (memberIds) => {
    const byMember = await this.access.themeIdsOfMembers(memberIds);
    return memberIds.map((id) => byMember.get(id) ?? []);
  });
  private readonly mentions = new Batcher<{ memberId: string; channelIds: string[] }, ChatMention[]>(
    async (requests) => {
      const byMember = await this.chat.unreadMentions(requests, MENTIONS_SHOWN);
      return requests.map((request) => byMember.get(request.memberId) ?? []);
    },
  );
  private readonly upcoming = new Batcher<
    { memberId: string; themeIds: string[]; publicIds: string[] },
    UpcomingEvent[]
  >(async (requests) => {
    // The members of a batch nearly always share their window, so their list of public themes: one
    // statement per distinct list.
    const byList = new Map<string[], typeof requests>();
    for (const request of requests)
      byList.set(request.publicIds, [...(byList.get(request.publicIds) ?? []), request]);
    const found = new Map<string, UpcomingEvent[]>();
    for (const [publicIds, group] of byList) {
      const byMember = await this.events.upcomingForMembers(
        group,
        publicIds,
        EVENT_HORIZON_DAYS,
        EVENTS_SHOWN,
      );
      for (const [memberId, events] of byMember) found.set(memberId, events);
    }
    return requests.map((request) => found.get(request.memberId) ?? []);
  });

  constructor(
    private readonly access: ThemeAccess,
    private readonly themes: ThemesService,
    private readonly members: MembersService,
    private readonly chat: ChatActivity,
    private readonly events: EventsService,
  ) {}

  /** Null when there is nothing to say: no activity, no upcoming event, no unread mention. */
  async build(memberId: string, from: Date, to: Date): Promise<DigestContent | null> {
    const themeIds = await this.themeIds.get(memberId);
    const summaries = await Promise.all(themeIds.map((themeId) => this.summary(themeId, from, to)));
    const channelIds = summaries.flatMap((summary) => [...summary.channels.keys()]);
    const [mentions, events] = await Promise.all([
      this.mentions.get({ memberId, channelIds }),
      // Events answered in a theme the member does not belong to count while that theme is public.
      this.publicThemeIds(from, to).then((publicIds) => this.upcoming.get({ memberId, themeIds, publicIds })),
    ]);
    const themeDigests = summaries
      .map((summary): ThemeDigest => {
        const others = summary.newFollowers.filter((follower) => follower.id !== memberId);
        const selfIncluded = others.length < summary.newFollowers.length;
        const own = summary.byAuthor.get(memberId) ?? 0;
        return {
          id: summary.theme.id,
          slug: summary.theme.slug,
          title: summary.theme.title,
          titleEn: summary.theme.titleEn,
          // What the member wrote is not news to them.
          messageCount: summary.messageCount - own,
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
    const placeOf = (channelId: string) => summaries.find((summary) => summary.channels.has(channelId));
    const mentionItems = mentions.flatMap((mention): UnreadMention[] => {
      const summary = placeOf(mention.channelId);
      return summary
        ? [
            {
              messageId: mention.messageId,
              authorName: mention.authorName,
              channelName: summary.channels.get(mention.channelId) ?? '',
              themeTitle: summary.theme.title,
              excerpt: excerpt(mention.body),
              createdAt: mention.createdAt,
            },
          ]
        : [];
    });
    const mentionTotal = mentions[0]?.total ?? 0;
    if (!themeDigests.length && !events.length && !mentionTotal) return null;
    return { from, to, themes: themeDigests, events, mentions: { items: mentionItems, total: mentionTotal } };
  }

  /**
   * Which themes are public, read once per window (so once per run) rather than once per member: every
   * member of a run shares its window.
   */
  private publicThemeIds(from: Date, to: Date): Promise<string[]> {
    const key = `${from.toISOString()}|${to.toISOString()}`;
    if (this.publicThemes?.key !== key || Date.now() - this.publicThemes.at > SUMMARY_TTL_MS) {
      const ids = this.access.publicThemeIds();
      ids.catch(() => (this.publicThemes = null));
      this.publicThemes = { key, at: Date.now(), ids };
    }
    return this.publicThemes.ids;
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
    const [refs, channels, followers] = await Promise.all([
      this.themes.refs([themeId]),
      this.themes.channelsOf([themeId]),
      this.themes.newFollowers(themeId, from, to, NEW_MEMBER_NAMES + 1),
    ]);
    const ref = refs.get(themeId);
    if (!ref) throw new Error(`theme ${themeId} is gone`);
    const [activity, cards] = await Promise.all([
      // Twice as many as shown: a thread whose channel was archived since is left out below.
      this.chat.inChannels(
        channels.map((channel) => channel.id),
        from,
        to,
        HOT_THREADS_PER_THEME * 2,
      ),
      this.members.cards(followers.ids),
    ]);
    const names = new Map(cards.map((card) => [card.id, card.displayName]));
    const open = new Map(channels.filter((c) => c.archivedAt === null).map((c) => [c.id, c.name]));
    return {
      theme: { id: ref.id, slug: ref.slug, title: ref.title, titleEn: ref.titleEn },
      channels: new Map(channels.map((channel) => [channel.id, channel.name])),
      messageCount: activity.messageCount,
      byAuthor: activity.byAuthor,
      // A thread is shown only from a channel that is still open.
      hotThreads: activity.threads
        .filter((thread) => open.has(thread.channelId))
        .slice(0, HOT_THREADS_PER_THEME)
        .map((thread) => ({
          messageId: thread.messageId,
          soleAuthorId: thread.soleAuthorId,
          channelName: open.get(thread.channelId) ?? '',
          authorName: thread.authorName,
          excerpt: excerpt(thread.body),
          participants: thread.participants,
          messages: thread.messages,
        })),
      newFollowers: followers.ids.map((id) => ({ id, name: names.get(id) ?? '' })),
      newFollowerTotal: followers.total,
    };
  }
}
