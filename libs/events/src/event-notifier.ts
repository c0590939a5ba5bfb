import { Injectable, Logger } from '@nestjs/common';
import { PublicLinks } from '@app/config';
import { MailPermanentError, MailService } from '@app/mail';
import { MemberMailRepository, type MailRecipient } from '@app/members';
import type { EventReminderJob } from '@app/queue';
import { renderEventEmail, type EventEmailKind } from './event-emails';
import type { EventEntity } from './event.entity';
import { EventMailRepository, type EventMailClaim } from './event-mail.repository';
import { EventsRepository } from './events.repository';

/** Sends the emails about events; called by the worker's processors. */
@Injectable()
export class EventNotifier {
  private readonly logger = new Logger(EventNotifier.name);

  constructor(
    private readonly events: EventsRepository,
    private readonly deliveries: EventMailRepository,
    private readonly recipients: MemberMailRepository,
    private readonly mail: MailService,
    private readonly links: PublicLinks,
  ) {}

  /**
   * Mails each member going. A delivery row is claimed before sending (unique per member, event, kind and
   * start), so a job that runs twice sends nothing twice; a temporary SMTP failure gives the claim back for
   * the retry. A stale job (the event moved or was cancelled) does nothing.
   */
  async sendReminders(job: EventReminderJob): Promise<{ sent: number; stale: boolean }> {
    const event = await this.events.findById(job.eventId);
    if (!event || event.status === 'cancelled' || event.startsAt.toISOString() !== job.startsAt) {
      return { sent: 0, stale: true };
    }
    let sent = 0;
    for (const member of await this.recipients.recipients(await this.events.goingMemberIds(event.id))) {
      if (await this.sendOnce(job.kind, `reminder-${job.kind}`, event, member)) sent += 1;
    }
    return { sent, stale: false };
  }

  async sendPromotion(eventId: string, memberId: string): Promise<void> {
    const event = await this.events.findById(eventId);
    // Withdrawn again before the mail went out, or cancelled meanwhile: nothing to tell.
    if (
      !event ||
      event.status === 'cancelled' ||
      (await this.events.statusOf(eventId, memberId)) !== 'going'
    ) {
      return;
    }
    const [member] = await this.recipients.recipients([memberId]);
    if (member) await this.send('waitlist-promoted', event, member);
  }

  /** Mails everyone who had RSVPed, each at most once even when the job is retried after a partial run. */
  async sendCancellation(eventId: string, memberIds: string[]): Promise<void> {
    const event = await this.events.findById(eventId);
    if (!event) return;
    for (const member of await this.recipients.recipients(memberIds)) {
      await this.sendOnce('cancelled', 'event-cancelled', event, member);
    }
  }

  /**
   * Claims the (event, member, kind, start) delivery row, then mails; false when it was claimed before. A
   * temporary SMTP failure gives the claim back and rethrows for the job's retry; a permanent refusal keeps
   * it (retrying would get the same answer) and is only logged.
   */
  private async sendOnce(
    claim: EventMailClaim,
    kind: EventEmailKind,
    event: EventEntity,
    member: MailRecipient,
  ): Promise<boolean> {
    if (!(await this.deliveries.claim(event.id, member.id, claim, event.startsAt))) return false;
    try {
      await this.send(kind, event, member);
      return true;
    } catch (error) {
      if (!(error instanceof MailPermanentError)) {
        await this.deliveries.release(event.id, member.id, claim, event.startsAt);
        throw error;
      }
      this.logger.warn({ err: error, memberId: member.id, kind }, 'event mail refused by the mail server');
      return false;
    }
  }

  private async send(kind: EventEmailKind, event: EventEntity, member: MailRecipient): Promise<void> {
    await this.mail.send(
      renderEventEmail(
        kind,
        event,
        {
          email: member.email,
          displayName: member.displayName,
          locale: member.locale,
          timeZone: member.timeZone,
        },
        this.links.event(event.id),
      ),
    );
  }
}
