import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { MailPermanentError, MailService } from '@app/mail';
import type { EventReminderJob, ReminderKind } from '@app/queue';
import { renderEventEmail, type EventEmailKind, type Recipient } from './event-emails';
import { EventEntity } from './event.entity';
import { EventsService } from './events.service';

interface RecipientRow {
  id: string;
  email: string;
  display_name: string;
  locale: Recipient['locale'];
  time_zone: string;
}

const RECIPIENT_COLUMNS = `m.id, m.email, m.display_name, m.locale, m.time_zone`;

/** Sends the emails about events; called by the worker's processors. */
@Injectable()
export class EventNotifier {
  private readonly logger = new Logger(EventNotifier.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly mail: MailService,
    private readonly events: EventsService,
  ) {}

  /**
   * Mails each member going. A delivery row is claimed before sending (unique per member, event, kind and
   * start), so a job that runs twice sends nothing twice; a temporary SMTP failure gives the claim back for
   * the retry. A stale job (the event moved or was cancelled) does nothing.
   */
  async sendReminders(job: EventReminderJob): Promise<{ sent: number; stale: boolean }> {
    const event = await this.db.getRepository(EventEntity).findOneBy({ id: job.eventId });
    if (!event || event.status === 'cancelled' || event.startsAt.toISOString() !== job.startsAt) {
      return { sent: 0, stale: true };
    }
    const going = await this.db.query<RecipientRow[]>(
      `SELECT ${RECIPIENT_COLUMNS} FROM event_rsvps r JOIN members m ON m.id = r.member_id
        WHERE r.event_id = $1 AND r.status = 'going' ORDER BY m.id`,
      [event.id],
    );
    let sent = 0;
    for (const member of going) {
      if (await this.sendOnce(job.kind, `reminder-${job.kind}`, event, member)) sent += 1;
    }
    return { sent, stale: false };
  }

  async sendPromotion(eventId: string, memberId: string): Promise<void> {
    const event = await this.db.getRepository(EventEntity).findOneByOrFail({ id: eventId });
    const [member] = await this.db.query<RecipientRow[]>(
      `SELECT ${RECIPIENT_COLUMNS} FROM event_rsvps r JOIN members m ON m.id = r.member_id
        WHERE r.event_id = $1 AND r.member_id = $2 AND r.status = 'going'`,
      [eventId, memberId],
    );
    // Withdrawn again before the mail went out: nothing to tell.
    if (member && event.status !== 'cancelled') await this.send('waitlist-promoted', event, member);
  }

  /** Mails everyone who had RSVPed, each at most once even when the job is retried after a partial run. */
  async sendCancellation(eventId: string, memberIds: string[]): Promise<void> {
    const event = await this.db.getRepository(EventEntity).findOneByOrFail({ id: eventId });
    const members = await this.db.query<RecipientRow[]>(
      `SELECT ${RECIPIENT_COLUMNS} FROM members m WHERE m.id = ANY($1::uuid[]) ORDER BY m.id`,
      [memberIds],
    );
    for (const member of members) await this.sendOnce('cancelled', 'event-cancelled', event, member);
  }

  /**
   * Claims the (event, member, kind, start) delivery row, then mails; false when it was claimed before. A
   * temporary SMTP failure gives the claim back and rethrows for the job's retry; a permanent refusal keeps
   * it (retrying would get the same answer) and is only logged.
   */
  private async sendOnce(
    claim: ReminderKind | 'cancelled',
    kind: EventEmailKind,
    event: EventEntity,
    member: RecipientRow,
  ): Promise<boolean> {
    const key = [event.id, member.id, claim, event.startsAt];
    const claimed = await this.db.query<{ member_id: string }[]>(
      `INSERT INTO event_mail_deliveries (event_id, member_id, kind, starts_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING RETURNING member_id`,
      key,
    );
    if (!claimed.length) return false;
    try {
      await this.send(kind, event, member);
      return true;
    } catch (error) {
      if (!(error instanceof MailPermanentError)) {
        await this.db.query(
          `DELETE FROM event_mail_deliveries WHERE event_id = $1 AND member_id = $2 AND kind = $3 AND starts_at = $4`,
          key,
        );
        throw error;
      }
      this.logger.warn({ err: error, memberId: member.id, kind }, 'event mail refused by the mail server');
      return false;
    }
  }

  private async send(kind: EventEmailKind, event: EventEntity, member: RecipientRow): Promise<void> {
    const recipient: Recipient = {
      email: member.email,
      displayName: member.display_name,
      locale: member.locale,
      timeZone: member.time_zone,
    };
    await this.mail.send(renderEventEmail(kind, event, recipient, this.events.eventUrl(event.id)));
  }
}
