import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import type { AuthMember } from '@app/auth';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { ThemesService } from '@app/themes';
import type { CalendarTokenDto, CalendarTokenStateDto } from './dto/calendar.dto';
import { EventEntity } from './event.entity';
import { CalendarTokenInvalidError } from './events.errors';
import { EventsService } from './events.service';
import { renderIcsCalendar, type IcsEvent } from './ics';

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

/** iCalendar downloads and each member's private, revocable calendar feed. */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: EventsService,
    private readonly themes: ThemesService,
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
    const [owner] = await this.db.query<{ id: string; role: AuthMember['role'] }[]>(
      `SELECT m.id, m.role FROM calendar_tokens c JOIN members m ON m.id = c.member_id WHERE c.token_hash = $1`,
      [digest(token)],
    );
    if (!owner) throw new CalendarTokenInvalidError();
    const rows = await this.db.query<{ id: string; status: string }[]>(
      `SELECT e.id, r.status FROM events e JOIN event_rsvps r ON r.event_id = e.id AND r.member_id = $1
        WHERE r.status IN ('going', 'waitlisted', 'interested') AND e.ends_at > now() - interval '30 days'
          AND (e.theme_id IS NULL OR e.theme_id = ANY($2::uuid[]))
        ORDER BY e.starts_at, e.id`,
      [owner.id, await this.themes.visibleThemeIds(owner)],
    );
    // findBy([]) has no condition at all, so it would return every event: ask only when there are some.
    const events = rows.length
      ? await this.db.getRepository(EventEntity).findBy({ id: In(rows.map((row) => row.id)) })
      : [];
    return this.render(
      events.map((event) =>
        this.toIcs(event, rows.find((row) => row.id === event.id)?.status === 'going' ? event.joinUrl : null),
      ),
      '塩尻サロン イベント',
    );
  }

  async tokenState(memberId: string): Promise<CalendarTokenStateDto> {
    const [row] = await this.db.query<{ created_at: Date }[]>(
      `SELECT created_at FROM calendar_tokens WHERE member_id = $1`,
      [memberId],
    );
    return { active: Boolean(row), createdAt: row?.created_at.toISOString() ?? null };
  }

  /** A new secret address; the previous one stops working. The token is shown only now. */
  async regenerateToken(memberId: string): Promise<CalendarTokenDto> {
    const token = randomBytes(24).toString('base64url');
    await this.db.query(
      `INSERT INTO calendar_tokens (member_id, token_hash) VALUES ($1, $2)
       ON CONFLICT (member_id) DO UPDATE SET token_hash = EXCLUDED.token_hash, created_at = now()`,
      [memberId, digest(token)],
    );
    return { token, url: `${this.config.PUBLIC_URL}/api/calendar/${token}.ics` };
  }

  async revokeToken(memberId: string): Promise<void> {
    await this.db.query(`DELETE FROM calendar_tokens WHERE member_id = $1`, [memberId]);
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
      url: this.events.eventUrl(event.id),
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
