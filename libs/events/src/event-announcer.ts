import { Injectable } from '@nestjs/common';
import { ChatService, type SendResult } from '@app/chat';
import { formatDateRange } from '@app/mail';
import { ThemesService } from '@app/themes';
import type { EventDto } from './dto/event.dto';
import type { EventChange } from './events.service';
import { EventsService } from './events.service';

const LOUNGE_SLUG = 'lounge';

const FORMAT_LABEL: Record<EventDto['format'], string> = {
  online: 'オンライン',
  onsite: '塩尻で開催',
  hybrid: 'オンライン＋会場',
};

/**
 * Posts an event's news into its theme's #general (or the lounge's) through the same path as members'
 * messages, so connected members see it at once. Salon content is Japanese first, so is this text.
 */
@Injectable()
export class EventAnnouncer {
  constructor(
    private readonly chat: ChatService,
    private readonly themes: ThemesService,
    private readonly events: EventsService,
  ) {}

  async announce({ event, announcement }: EventChange): Promise<SendResult | null> {
    if (!announcement) return null;
    const themeId = event.theme?.id ?? (await this.themes.themeIdBySlug(LOUNGE_SLUG));
    const channelId = themeId ? await this.themes.generalChannelId(themeId) : null;
    if (!channelId) return null;
    const when = formatDateRange(new Date(event.startsAt), new Date(event.endsAt), event.timeZone, 'ja');
    const where = event.venueName
      ? `${FORMAT_LABEL[event.format]}・${event.venueName}`
      : FORMAT_LABEL[event.format];
    const lead = {
      created: '📅 新しいイベント',
      rescheduled: '🕒 日時が変わりました',
      cancelled: '❌ 中止になりました',
    }[announcement];
    const body = `${lead}：「${event.title}」\n${when}（${where}）\n${this.events.eventUrl(event.id)}`;
    // One announcement per event, change and version: a retried request does not post twice.
    return this.chat.postSystemMessage(
      channelId,
      body,
      `event:${event.id}:${announcement}:${event.updatedAt}`,
    );
  }
}
