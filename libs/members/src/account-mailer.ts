import { Injectable, Logger } from '@nestjs/common';
import { PublicLinks } from '@app/config';
import { MailService } from '@app/mail';
import type { AccountMailJob } from '@app/queue';
import { renderAccountEmail } from './account-emails';
import { newAccountToken, PASSWORD_RESET_TTL_SECONDS, VERIFICATION_TTL_SECONDS } from './account-token';
import { AccountTokensRepository } from './account-tokens.repository';
import { MembersRepository } from './members.repository';

/**
 * Sends the account mails; called by the worker. Each reads the member as they are now, so a member who
 * was deleted, verified or changed address since the job was queued gets nothing stale; the link's token
 * is made here, stored as a digest and only ever written into the mail.
 */
@Injectable()
export class AccountMailer {
  private readonly logger = new Logger(AccountMailer.name);

  constructor(
    private readonly members: MembersRepository,
    private readonly tokens: AccountTokensRepository,
    private readonly mail: MailService,
    private readonly links: PublicLinks,
  ) {}

  async send(job: AccountMailJob): Promise<boolean> {
    switch (job.kind) {
      case 'verify-email':
        return this.sendVerification(job.memberId);
      case 'email-change-notice':
        return this.sendChangeNotice(job.memberId, job.to);
      case 'password-reset':
        return this.sendPasswordReset(job.email);
    }
  }

  /** To the address waiting for its check: a change's, or the first one; nothing when none waits. */
  private async sendVerification(memberId: string): Promise<boolean> {
    const member = await this.members.findById(memberId);
    if (!member) return false;
    const to = member.pendingEmail ?? (member.emailVerifiedAt ? null : member.email);
    if (!to) return false;
    const { token, tokenHash } = newAccountToken();
    await this.tokens.insert({
      memberId,
      purpose: 'verify_email',
      tokenHash,
      email: to,
      ttlSeconds: VERIFICATION_TTL_SECONDS,
    });
    await this.mail.send(
      renderAccountEmail({
        kind: 'verify-email',
        to,
        displayName: member.displayName,
        locale: member.locale,
        link: this.links.verifyEmail(token),
        change: member.pendingEmail !== null,
      }),
    );
    return true;
  }

  private async sendChangeNotice(memberId: string, to: string): Promise<boolean> {
    const member = await this.members.findById(memberId);
    if (!member) return false;
    // Already confirmed when the worker got to it: the member's address is now the new one.
    const newEmail = member.pendingEmail ?? member.email;
    if (newEmail === to) return false;
    await this.mail.send(
      renderAccountEmail({
        kind: 'email-change-notice',
        to,
        displayName: member.displayName,
        locale: member.locale,
        newEmail,
        settingsLink: this.links.accountSettings,
      }),
    );
    return true;
  }

  /** Nothing is sent for an address that belongs to nobody; the api answered the same either way. */
  private async sendPasswordReset(email: string): Promise<boolean> {
    const member = await this.members.findByEmail(email);
    if (!member) {
      this.logger.debug('password reset asked for an unknown address');
      return false;
    }
    const { token, tokenHash } = newAccountToken();
    await this.tokens.insert({
      memberId: member.id,
      purpose: 'password_reset',
      tokenHash,
      email: member.email,
      ttlSeconds: PASSWORD_RESET_TTL_SECONDS,
    });
    await this.mail.send(
      renderAccountEmail({
        kind: 'password-reset',
        to: member.email,
        displayName: member.displayName,
        locale: member.locale,
        link: this.links.resetPassword(token),
      }),
    );
    return true;
  }
}
