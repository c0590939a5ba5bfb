import { Inject, Injectable, Logger } from '@nestjs/common';
import { Batcher } from '@app/common';
import { APP_CONFIG, PublicLinks, type AppConfig } from '@app/config';
import { MailPermanentError, MailService, type OutgoingMail } from '@app/mail';
import { MemberMailRepository, type MailRecipient } from '@app/members';
import type { DigestFrequency, DigestSendJob } from '@app/queue';
import { DigestContentService, windowStart, type DigestContent } from './digest-content';
import {
  DigestDeliveriesRepository,
  type ClaimedDelivery,
  type DeliveryKey,
  type DeliveryOutcomeRow,
} from './digest-deliveries.repository';
import { renderDigestEmail } from './digest-email';
import { digestLinks } from './digest-links';

/** How long a claim waits for the claims of other jobs to go with it. */
const CLAIM_WAIT_MS = 3;

export type DeliveryOutcome = 'sent' | 'skipped' | 'failed' | 'not-queued';

/** The member's signed one-click unsubscribe link (with the digest's period, when it came in one). */
export function unsubscribeUrl(config: AppConfig, memberId: string, period?: string | null): string {
  return digestLinks(config, new PublicLinks(config), memberId, period ?? null).unsubscribe;
}

/**
 * The digest mail for this member, with links to the platform (through the click redirect when `period` is
 * given: a digest being sent) and their signed unsubscribe link.
 */
export function renderMemberDigest(
  config: AppConfig,
  links: PublicLinks,
  frequency: DigestFrequency,
  content: DigestContent,
  member: Pick<MailRecipient, 'id' | 'email' | 'displayName' | 'locale' | 'timeZone'>,
  period: string | null = null,
): OutgoingMail {
  return renderDigestEmail(
    frequency,
    content,
    {
      email: member.email,
      displayName: member.displayName,
      locale: member.locale,
      timeZone: member.timeZone,
    },
    digestLinks(config, links, member.id, period),
  );
}

/**
 * Sends one member's digest for one period, at most once. The job first moves the delivery row
 * queued → sending (only one job can), then hands the mail to SMTP, then records sent. A job that
 * runs again finds the row no longer queued and does nothing, so even a crash between SMTP's accept
 * and the final update cannot cause a second email; such a row is later closed as failed
 * (DigestScheduler.tick). A temporary SMTP failure gives the row back to `queued` for BullMQ's retry; a
 * permanent one fails it and counts a refusal against the address (the members domain decides when it
 * is undeliverable).
 *
 * The claims and the outcomes of the jobs running at the same time go to the database together, one
 * statement each (Batcher): the claim's row lock and its `status = 'queued'` condition are the guard, per
 * row, however many rows a statement claims and however many worker processes share a run.
 */
@Injectable()
export class DigestSender {
  private readonly logger = new Logger(DigestSender.name);
  /**
   * Claims wait up to CLAIM_WAIT_MS for the worker's other jobs (BullMQ hands them over one at a time);
   * after the claim, the jobs of a batch move on together, so the later reads batch by themselves.
   */
  private readonly claims = new Batcher<DeliveryKey, ClaimedDelivery | null>(
    (keys) => this.deliveries.claimMany(keys),
    { waitMs: CLAIM_WAIT_MS },
  );
  private readonly members = new Batcher<string, MailRecipient | null>(async (memberIds) => {
    const found = await this.recipients.recipientsByIds(memberIds);
    return memberIds.map((id) => found.get(id) ?? null);
  });
  private readonly outcomes = new Batcher<DeliveryOutcomeRow, void>(async (rows) => {
    await this.deliveries.finishMany(rows);
    return rows.map(() => undefined);
  });

  constructor(
    private readonly deliveries: DigestDeliveriesRepository,
    private readonly recipients: MemberMailRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly links: PublicLinks,
    private readonly content: DigestContentService,
    private readonly mail: MailService,
  ) {}

  async deliver({ memberId, period }: DigestSendJob, finalAttempt: boolean): Promise<DeliveryOutcome> {
    const claimed = await this.claims.get({ memberId, period });
    if (!claimed) return 'not-queued';
    const finish = (
      status: 'sent' | 'skipped' | 'failed',
      detail: { messageId?: string; error?: string } = {},
    ) => this.finish(memberId, period, status, detail);

    const member = await this.members.get(memberId);
    // An address not (or no longer: a change waits for its check) verified gets no digest.
    if (!member || member.digest !== claimed.frequency || member.undeliverable || !member.verified) {
      return finish('skipped', { error: 'settings changed since it was enqueued' });
    }
    let messageId: string;
    try {
      const from = windowStart(claimed.periodStart, claimed.lastSentEnd);
      const content = await this.content.build(memberId, from, claimed.periodEnd);
      if (!content) return await finish('skipped');
      ({ messageId } = await this.mail.send(
        renderMemberDigest(this.config, this.links, claimed.frequency, content, member, period),
      ));
    } catch (error) {
      // Nothing reached SMTP (or SMTP refused it): safe to record and, for a passing trouble, retry.
      await this.recordFailureBeforeSend(memberId, period, error, finalAttempt);
      throw error;
    }
    // From here on SMTP has the mail: whatever fails now must not give the row back to `queued`.
    const outcome = await finish('sent', { messageId });
    // The address took a mail: its count of refusals starts again.
    if (member.refusals > 0) await this.recipients.recordAccepted(memberId);
    return outcome;
  }

  private async recordFailureBeforeSend(
    memberId: string,
    period: string,
    error: unknown,
    finalAttempt: boolean,
  ): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof MailPermanentError) {
      if (await this.recipients.recordRefused(memberId, this.config.MAIL_BOUNCE_LIMIT)) {
        this.logger.warn({ memberId }, 'address marked undeliverable');
      }
      await this.finish(memberId, period, 'failed', { error: message });
    } else if (finalAttempt) {
      await this.finish(memberId, period, 'failed', { error: message });
    } else {
      // Not sent: the retry may send it.
      await this.deliveries.release(memberId, period, message);
    }
  }

  private async finish(
    memberId: string,
    period: string,
    status: 'sent' | 'skipped' | 'failed',
    detail: { messageId?: string; error?: string },
  ): Promise<DeliveryOutcome> {
    await this.outcomes.get({ memberId, period, status, ...detail });
    return status;
  }
}
