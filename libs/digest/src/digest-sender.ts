import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { preparedQuery, updateReturning } from '@app/database';
import { MailPermanentError, MailService, type MailLocale, type OutgoingMail } from '@app/mail';
import type { DigestFrequency, DigestSendJob } from '@app/queue';
import { DigestContentService, windowStart, type DigestContent } from './digest-content';
import { renderDigestEmail } from './digest-email';
import { signMailLinkToken } from './unsubscribe-token';

export type DeliveryOutcome = 'sent' | 'skipped' | 'failed' | 'not-queued';

export function unsubscribeUrl(config: AppConfig, memberId: string): string {
  const token = signMailLinkToken(config.JWT_SECRET, 'digest-unsubscribe', memberId);
  return `${config.PUBLIC_URL}/api/digests/unsubscribe?token=${encodeURIComponent(token)}`;
}

/** A member as the digest mail needs them, with the columns' own names. */
export interface DigestMemberRow {
  email: string;
  display_name: string;
  locale: MailLocale;
  time_zone: string;
}

interface ClaimedRow extends DigestMemberRow {
  frequency: DigestFrequency;
  period_start: Date;
  period_end: Date;
  last_sent_end: Date | null;
  digest_frequency: DigestFrequency | 'off';
  mail_undeliverable_at: Date | null;
}

/** The digest mail for this member, with links to PUBLIC_URL and their signed unsubscribe link. */
export function renderMemberDigest(
  config: AppConfig,
  memberId: string,
  frequency: DigestFrequency,
  content: DigestContent,
  member: DigestMemberRow,
): OutgoingMail {
  return renderDigestEmail(
    frequency,
    content,
    {
      email: member.email,
      displayName: member.display_name,
      locale: member.locale,
      timeZone: member.time_zone,
    },
    { base: config.PUBLIC_URL, unsubscribe: unsubscribeUrl(config, memberId) },
  );
}

/**
 * Sends one member's digest for one period, at most once. The job first moves the delivery row
 * queued → sending (only one job can), then hands the mail to SMTP, then records sent. A job that
 * runs again finds the row no longer queued and does nothing, so even a crash between SMTP's accept
 * and the final update cannot cause a second email; such a row is later closed as failed
 * (DigestScheduler.markInterrupted). A temporary SMTP failure gives the row back to `queued` for
 * BullMQ's retry; a permanent one fails it and counts a bounce against the address.
 */
@Injectable()
export class DigestSender {
  private readonly logger = new Logger(DigestSender.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly content: DigestContentService,
    private readonly mail: MailService,
  ) {}

  async deliver({ memberId, period }: DigestSendJob, finalAttempt: boolean): Promise<DeliveryOutcome> {
    // The three statements of a digest (claim, DigestContentService's member part, finish) are prepared:
    // a run makes them once per member, and planning them cost several times more than running them.
    const [row] = await preparedQuery<ClaimedRow>(
      this.db,
      'digest_claim',
      `UPDATE digest_deliveries d SET status = 'sending', attempts = d.attempts + 1, updated_at = now()
         FROM members m
        WHERE d.member_id = $1 AND d.period = $2 AND d.status = 'queued' AND m.id = d.member_id
        RETURNING d.frequency, d.period_start, d.period_end, m.email, m.display_name, m.locale, m.time_zone,
                  m.digest_frequency, m.mail_undeliverable_at,
                  (SELECT max(s.period_end) FROM digest_deliveries s
                    WHERE s.member_id = d.member_id AND s.status = 'sent' AND s.period_end < d.period_end) AS last_sent_end`,
      [memberId, period],
    );
    if (!row) return 'not-queued';
    const finish = (
      status: 'sent' | 'skipped' | 'failed',
      detail: { messageId?: string; error?: string } = {},
    ) => this.finish(memberId, period, status, detail);

    if (row.digest_frequency !== row.frequency || row.mail_undeliverable_at) {
      return finish('skipped', { error: 'settings changed since it was enqueued' });
    }
    let messageId: string;
    try {
      const from = windowStart(row.period_start, row.last_sent_end);
      const content = await this.content.build(memberId, from, row.period_end);
      if (!content) return await finish('skipped');
      ({ messageId } = await this.mail.send(
        renderMemberDigest(this.config, memberId, row.frequency, content, row),
      ));
    } catch (error) {
      // Nothing reached SMTP (or SMTP refused it): safe to record and, for a passing trouble, retry.
      await this.recordFailureBeforeSend(memberId, period, error, finalAttempt);
      throw error;
    }
    // From here on SMTP has the mail: whatever fails now must not give the row back to `queued`.
    // The same statement clears the address's bounce count: it took a mail.
    return finish('sent', { messageId });
  }

  private async recordFailureBeforeSend(
    memberId: string,
    period: string,
    error: unknown,
    finalAttempt: boolean,
  ): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof MailPermanentError) {
      await this.countBounce(memberId);
      await this.finish(memberId, period, 'failed', { error: message });
    } else if (finalAttempt) {
      await this.finish(memberId, period, 'failed', { error: message });
    } else {
      // Not sent: the retry may send it.
      await this.db.query(
        `UPDATE digest_deliveries SET status = 'queued', updated_at = now(), error = $3
          WHERE member_id = $1 AND period = $2 AND status = 'sending'`,
        [memberId, period, message],
      );
    }
  }

  private async finish(
    memberId: string,
    period: string,
    status: 'sent' | 'skipped' | 'failed',
    { messageId, error }: { messageId?: string; error?: string },
  ): Promise<DeliveryOutcome> {
    await preparedQuery(
      this.db,
      'digest_finish',
      `WITH accepted AS (
         UPDATE members SET mail_bounce_count = 0 WHERE id = $1 AND mail_bounce_count > 0 AND $3 = 'sent')
       UPDATE digest_deliveries SET status = $3, message_id = $4, error = $5, updated_at = now()
        WHERE member_id = $1 AND period = $2 AND status = 'sending'`,
      [memberId, period, status, messageId ?? null, error ?? null],
    );
    return status;
  }

  /**
   * Repeated permanent refusals mark the address undeliverable: no more digests to it until an operator
   * clears `mail_undeliverable_at` (members cannot change their email yet).
   */
  private async countBounce(memberId: string): Promise<void> {
    const [member] = await updateReturning<{ mail_undeliverable_at: Date | null }>(
      this.db,
      `UPDATE members SET mail_bounce_count = mail_bounce_count + 1,
              mail_undeliverable_at = CASE WHEN mail_bounce_count + 1 >= $2 THEN now() ELSE mail_undeliverable_at END
        WHERE id = $1 RETURNING mail_undeliverable_at`,
      [memberId, this.config.MAIL_BOUNCE_LIMIT],
    );
    if (member?.mail_undeliverable_at) this.logger.warn({ memberId }, 'address marked undeliverable');
  }
}
