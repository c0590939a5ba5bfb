import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ChatService } from '@app/chat';
import { DomainEvents } from '@app/common';
import { PublicLinks } from '@app/config';
import { formatDateRange } from '@app/mail';
import { ThemesService } from '@app/themes';
import type { EventEntity, EventFormat } from './event.entity';
import { EventCancelled, EventScheduled } from './event.events';

const LOUNGE_SLUG = 'lounge';

const FORMAT_LABEL: Record<EventFormat, string> = {
  online: 'オンライン',
  onsite: '塩尻で開催',
  hybrid: 'オンライン＋会場',
};

const LEAD = {
  created: '📅 新しいイベント',
  rescheduled: '🕒 日時が変わりました',
  cancelled: '❌ 中止になりました',
};

/**
 * Tells the theme's #general (or the lounge's, for a salon-wide event) when an event is announced, moved or
 * cancelled, through the chat's own path, so connected members see it at once. Salon content is Japanese
 * first, so is this text.
 */
@Injectable()
export class EventAnnouncer implements OnModuleInit {
  constructor(
    private readonly chat: ChatService,
    private readonly themes: ThemesService,
    private readonly links: PublicLinks,
    private readonly events: DomainEvents,
  ) {}

  onModuleInit(): void {
    this.events.on(EventScheduled, ({ event, change }) =>
      change === 'changed' ? undefined : this.announce(event, change),
    );
    this.events.on(EventCancelled, ({ event }) => this.announce(event, 'cancelled'));
  }

  private async announce(event: EventEntity, announcement: keyof typeof LEAD): Promise<void> {
    const themeId = event.themeId ?? (await this.themes.themeIdBySlug(LOUNGE_SLUG));
    const channelId = themeId ? await this.themes.generalChannelId(themeId) : null;
    if (!channelId) return;
    const when = formatDateRange(event.startsAt, event.endsAt, event.timeZone, 'ja');
    const where = event.venueName
      ? `${FORMAT_LABEL[event.format]}・${event.venueName}`
      : FORMAT_LABEL[event.format];
    const body = `${LEAD[announcement]}：「${event.title}」\n${when}（${where}）\n${this.links.event(event.id)}`;
    // One announcement per event, change and version: a retried request does not post twice.
    await this.chat.postSystemMessage(
      channelId,
      body,
      `event:${event.id}:${announcement}:${event.updatedAt.toISOString()}`,
    );
  }
}
