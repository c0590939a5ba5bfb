import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { AuthMember } from '@app/auth';
import { APP_CONFIG, PublicLinks, type AppConfig } from '@app/config';
import { MembersService } from '@app/members';
import { ThemeAccess } from '@app/themes';
import type { CalendarTokenDto, CalendarTokenStateDto } from './dto/calendar.dto';
import { EventEntity } from './event.entity';
import { CalendarTokenInvalidError } from './events.errors';
import { EventMailRepository } from './event-mail.repository';
import { EventsRepository } from './events.repository';
import { EventsService } from './events.service';
import { renderIcsCalendar, type IcsEvent } from './ics';

/** iCalendar downloads and each member's private, revocable calendar feed. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly events: EventsService,
    private readonly stored: EventsRepository,
    private readonly feeds: EventMailRepository,
    private readonly access: ThemeAccess,
    private readonly members: MembersService,
    private readonly links: PublicLinks,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async eventIcs(id: string, viewer: AuthMember): Promise<string> {
    const event = await this.events.visibleEvent(id, viewer);
    const dto = await this.events.get(id, viewer);
    return this.render([this.toIcs(event, dto.joinUrl)], event.title);
  }

  /**
   * Events the token's member is going to or interested in, from 30 days ago on, leaving out those of a
   * private theme they no longer belong to.
   */
  async feed(token: string): Promise<string> {
    const ownerId = await this.feeds.feedOwner(token);
    const owner = ownerId ? await this.members.get(ownerId).catch(() => null) : null;
    if (!owner) throw new CalendarTokenInvalidError();
    const visible = new Set(await this.access.visibleThemeIds(owner));
    const answered = await this.stored.answeredBy(owner.id, new Date(Date.now() - 30 * 24 * 3600_000));
    const events = (await this.stored.findByIds(answered.map((row) => row.eventId))).filter(
      (event) => event.themeId === null || visible.has(event.themeId),
    );
    return this.render(
      events
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : 1))
        .map((event) =>
          this.toIcs(
            event,
            answered.find((row) => row.eventId === event.id)?.status === 'going' ? event.joinUrl : null,
          ),
        ),
      '塩尻サロン イベント',
    );
  }

  async tokenState(memberId: string): Promise<CalendarTokenStateDto> {
    const createdAt = await this.feeds.feedCreatedAt(memberId);
    return { active: createdAt !== null, createdAt: createdAt?.toISOString() ?? null };
  }

  /** A new secret address; the previous one stops working. The token is shown only now. */
  async regenerateToken(memberId: string): Promise<CalendarTokenDto> {
    const token = randomBytes(24).toString('base64url');
    await this.feeds.replaceFeedToken(memberId, token);
    return { token, url: this.links.calendarFeed(token) };
  }

  async revokeToken(memberId: string): Promise<void> {
    await this.feeds.deleteFeedToken(memberId);
  }

  private toIcs(event: EventEntity, joinUrl: string | null): IcsEvent {
    return {
      id: event.id,
      title: event.title,
      description: event.description,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      timeZone: event.timeZone,
      location: [event.venueName, event.venueAddress].filter(Boolean).join(', ') || null,
      url: this.links.event(event.id),
      joinUrl,
      sequence: event.sequence,
      cancelled: event.status === 'cancelled',
      updatedAt: event.updatedAt,
    };
  }

  private render(events: IcsEvent[], name: string): string {
    return renderIcsCalendar(events, { publicUrl: this.config.PUBLIC_URL, name });
  }
}
