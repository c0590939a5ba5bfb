import { Inject, Injectable } from '@nestjs/common';
import { isStaff, type AuthMember } from '@app/auth';
import {
  DEFAULT_PAGE_SIZE,
  DomainError,
  DomainEvents,
  RateLimitedError,
  decodeTimeIdCursor,
  encodeTimeIdCursor,
  type PageQueryDto,
} from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { MembersService } from '@app/members';
import { RateLimiter } from '@app/redis';
import { ThemeAccess, ThemesService, type ChannelAccess, type ChannelPlace } from '@app/themes';
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
import {
  ChannelRead,
  MessageCreated,
  MessageDeleted,
  MessageEdited,
  ReactionChanged,
  type SendResult,
} from './message.events';
import { MessagesRepository, type MentionedMember } from './messages.repository';
import { resolveMentions } from './mentions';

const DEFAULT_HISTORY = 50;

/** Whether a message can mention anyone: it lists members, or its body has an @ (Japanese keyboards type the full-width ＠ as often). */
function mayMention(input: { body: string; mentions?: string[] }): boolean {
  return /[@＠]/.test(input.body) || Boolean(input.mentions?.length);
}
/** How many missed messages one `channel:join` catch-up carries; beyond it the client pages over HTTP. */
export const CATCH_UP_LIMIT = 1000;

/**
 * Messages, threads, reactions, mentions, read markers and search: the rules of the salon's chat. Who may
 * read and post is ThemeAccess's rule; what changed is published as domain events (message.events.ts),
 * which the realtime layer pushes to connected members.
 */
@Injectable()
export class ChatService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly access: ThemeAccess,
    private readonly themes: ThemesService,
    private readonly members: MembersService,
    private readonly rateLimiter: RateLimiter,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Stores a message in one transaction (seq, message, reply count, mentions, the sender's read marker)
   * and returns it as stored. A retry with the same clientMessageId returns the first message. `origin`
   * is the sending connection (see MessageCreated).
   *
   * The usual message (no mention) costs the rate limit and one statement, which checks the rights and
   * the thread parent itself; only when it stores nothing does the slower path find out why.
   */
  async send(member: AuthMember, input: SendMessageDto, origin: string | null = null): Promise<SendResult> {
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
      await this.access.writableChannel(member, input.channelId);
      return first;
    }
    let mentioned: MentionedMember[] = [];
    if (mayMention(input)) {
      // Who can be mentioned depends on the theme: the rights are read first, as the slow path does.
      const access = await this.access.writableChannel(member, input.channelId);
      try {
        if (input.parentId) await this.assertThreadParent(input.parentId, input.channelId);
        mentioned = await this.mentionsFor(access, member.id, input.body, input.mentions);
      } catch (error) {
        // A retry of a message already stored still gets it back when the thread changed since.
        const first = error instanceof DomainError ? await this.retried(member.id, input) : null;
        if (first) return first;
        throw error;
      }
    }

    const stored = await this.messages.insert(
      {
        channelId: input.channelId,
        authorId: member.id,
        clientMessageId: input.clientMessageId,
        body: input.body,
        parentId: input.parentId ?? null,
      },
      mentioned,
      { staff: isStaff(member) },
    );
    if (!stored) return this.notStored(member, input);
    const result: SendResult = {
      message: stored,
      created: true,
      mentioned: mentioned.map((candidate) => candidate.id),
      parent: input.parentId ? await this.getMessage(input.parentId) : null,
    };
    await this.events.publish(new MessageCreated(result, origin));
    return result;
  }

  /**
   * Why a send stored nothing, in the order the rules apply: the member may not post there (the rights
   * come first, so a retry from someone who has since lost access is refused too), it is a retry (the
   * first message comes back, even when its thread changed since), or the thread parent is not one.
   */
  private async notStored(member: AuthMember, input: SendMessageDto): Promise<SendResult> {
    await this.access.writableChannel(member, input.channelId);
    const first = await this.retried(member.id, input);
    if (first) return first;
    if (input.parentId) await this.assertThreadParent(input.parentId, input.channelId);
    throw new Error(`message ${input.clientMessageId} was neither stored nor refused`);
  }

  /** A message the platform itself posts (event announcements), once per clientMessageId. */
  async postSystemMessage(channelId: string, body: string, clientMessageId: string): Promise<SendResult> {
    const existing = await this.messages.systemMessageId(channelId, clientMessageId);
    if (existing)
      return { message: await this.getMessage(existing), created: false, mentioned: [], parent: null };
    const id = await this.messages.insertSystem(channelId, body, clientMessageId);
    const result: SendResult = {
      message: await this.getMessage(id),
      created: true,
      mentioned: [],
      parent: null,
    };
    await this.events.publish(new MessageCreated(result, null));
    return result;
  }

  async edit(member: AuthMember, messageId: string, body: string): Promise<MessageDto> {
    const current = await this.getMessage(messageId);
    if (current.deleted) throw new MessageDeletedError();
    if (current.author?.id !== member.id) throw new NotAuthorError();
    const access = await this.access.writableChannel(member, current.channelId);
    const candidates = await this.mentionsFor(access, member.id, body, []);
    const mentioned = await this.messages.edit(
      current,
      body,
      candidates.map((candidate) => candidate.id),
    );
    const message = await this.getMessage(messageId);
    await this.events.publish(new MessageEdited(message, mentioned));
    return message;
  }

  /** Authors delete their own; coordinators and theme owners any. The message stays as a tombstone (no seq gap). */
  async delete(member: AuthMember, messageId: string): Promise<MessageDto> {
    const current = await this.getMessage(messageId);
    if (current.deleted) throw new MessageDeletedError();
    const access = await this.access.readableChannel(member, current.channelId);
    if (current.author?.id !== member.id && !access.canModerate) throw new NotAuthorError();
    await this.messages.tombstone(messageId, current.parentId);
    const [message, parent] = await Promise.all([
      this.getMessage(messageId),
      current.parentId ? this.getMessage(current.parentId) : null,
    ]);
    await this.events.publish(new MessageDeleted(message, parent));
    return message;
  }

  async react(member: AuthMember, messageId: string, emoji: string, add: boolean): Promise<MessageDto> {
    const current = await this.getMessage(messageId);
    if (current.deleted) throw new MessageDeletedError();
    await this.access.writableChannel(member, current.channelId);
    const changed = await this.messages.react(messageId, member.id, emoji, add);
    const message = await this.getMessage(messageId);
    if (changed) await this.events.publish(new ReactionChanged(message, member.id, emoji, add));
    return message;
  }

  /** A page of a channel in seq order: the newest, before a seq, or after one. */
  async history(
    member: AuthMember,
    channelId: string,
    query: HistoryQueryDto,
  ): Promise<{ items: MessageDto[]; nextCursor: string | null }> {
    await this.access.readableChannel(member, channelId);
    const limit = query.limit ?? DEFAULT_HISTORY;
    const forward = query.afterSeq !== undefined;
    const rows = await this.messages.page(
      channelId,
      forward ? { afterSeq: query.afterSeq ?? 0 } : { beforeSeq: query.beforeSeq ?? null },
      limit,
    );
    const more = rows.length > limit;
    const items = forward ? rows.slice(0, limit) : rows.slice(more ? 1 : 0);
    const edge = forward ? items.at(-1) : items[0];
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
    await this.access.readableChannel(member, parent.channelId);
    const limit = query.limit ?? DEFAULT_HISTORY;
    const rows = await this.messages.threadPage(messageId, query.afterSeq ?? 0, limit);
    const items = rows.slice(0, limit);
    return { parent, items, nextCursor: rows.length > limit ? String(items.at(-1)?.seq) : null };
  }

  /** Substring search (Japanese or English) in the channels the caller may read, newest first. */
  async search(
    member: AuthMember,
    query: SearchQueryDto,
  ): Promise<{ items: SearchHitDto[]; nextCursor: string | null }> {
    if (query.theme) await this.access.visibleTheme(query.theme, member);
    const channelIds = await this.access.readableChannelIds(member, query.theme);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.messages.search(
      channelIds,
      query.q,
      query.cursor ? decodeTimeIdCursor(query.cursor) : null,
      limit,
    );
    return this.withPlaces(rows, limit, (item, place) => [
      { ...item, themeSlug: place.themeSlug, channelName: place.channelName },
    ]);
  }

  /** Moves the member's read marker forward (never back) and returns the channel's counts. */
  async markRead(member: AuthMember, channelId: string, seq: number): Promise<UnreadDto> {
    const { channel } = await this.access.readableChannel(member, channelId);
    await this.messages.advanceReadMarker(member.id, channelId, Math.min(seq, channel.lastSeq));
    const [counts] = await this.messages.unreadCounts(member.id, [channelId]);
    await this.events.publish(new ChannelRead(member.id, counts));
    return counts;
  }

  /** Unread messages of others, and unread mentions, after each channel's read marker. */
  unreadCounts(memberId: string, channelIds: string[]): Promise<UnreadDto[]> {
    return this.messages.unreadCounts(memberId, channelIds);
  }

  async getMessage(id: string): Promise<MessageDto> {
    const message = await this.messages.get(id);
    if (!message) throw new MessageNotFoundError();
    return message;
  }

  /**
   * A message the member may read, and where it lives (for permalinks); MESSAGE_NOT_FOUND otherwise, so
   * ids of private messages leak nothing.
   */
  async locate(
    member: AuthMember,
    id: string,
  ): Promise<{ message: MessageDto; access: ChannelAccess; place: MessageLocationDto }> {
    const message = await this.getMessage(id);
    const access = await this.access.channelAccess(member, message.channelId).catch(() => null);
    if (!access?.canRead) throw new MessageNotFoundError();
    const place = (await this.themes.channelPlaces([message.channelId])).get(message.channelId);
    if (!place) throw new MessageNotFoundError();
    return { message, access, place };
  }

  /** Messages that mention the member, newest first, in channels they may read; deleted ones left out. */
  async mentionsOf(
    member: AuthMember,
    query: PageQueryDto,
  ): Promise<{ items: MentionHitDto[]; nextCursor: string | null }> {
    const channelIds = await this.access.readableChannelIds(member);
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.messages.mentionsOf(
      member.id,
      channelIds,
      query.cursor ? decodeTimeIdCursor(query.cursor) : null,
      limit,
    );
    return this.withPlaces(rows, limit, (item, place) => [{ ...item, ...place }]);
  }

  /**
   * A newest-first page (rows: `limit + 1`, the extra one tells of more) with where each message lives;
   * the cursor is the last item's (created_at, id).
   */
  private async withPlaces<T extends MessageDto, R>(
    rows: T[],
    limit: number,
    shape: (item: T, place: Omit<ChannelPlace, 'channelId'>) => R[],
  ): Promise<{ items: R[]; nextCursor: string | null }> {
    const items = rows.slice(0, limit);
    const places = await this.themes.channelPlaces(items.map((item) => item.channelId));
    const last = items.at(-1);
    return {
      items: items.flatMap((item) => {
        const place = places.get(item.channelId);
        return place ? shape(item, place) : [];
      }),
      nextCursor: rows.length > limit && last ? encodeTimeIdCursor(last.createdAt, last.id) : null,
    };
  }

  /** The answer to a retried send: the first message with this clientMessageId, nothing new to broadcast. */
  private async retried(authorId: string, input: SendMessageDto): Promise<SendResult | null> {
    const message = await this.messages.byClientId(authorId, input.clientMessageId);
    return message ? { message, created: false, mentioned: [], parent: null } : null;
  }

  private async assertThreadParent(parentId: string, channelId: string): Promise<void> {
    const parent = await this.messages.threadRoot(parentId);
    if (!parent || parent.channelId !== channelId || parent.parentId || parent.deleted) {
      throw new InvalidParentError();
    }
  }

  /** Members who can read the channel and are named by `@display name` or listed; never the author. */
  private async mentionsFor(
    access: ChannelAccess,
    authorId: string,
    body: string,
    listed: string[] | undefined,
  ): Promise<MentionedMember[]> {
    if (!mayMention({ body, mentions: listed })) return [];
    const candidates = await this.members.cards(await this.access.readerIdsOf(access.theme.id));
    const found = new Set(resolveMentions(body, listed ?? [], candidates));
    found.delete(authorId);
    return candidates
      .filter((candidate) => found.has(candidate.id) && !candidate.former)
      .map(({ id, displayName }) => ({ id, displayName }));
  }
}
