import { Inject, Injectable } from '@nestjs/common';
import { PasswordHasher, SessionService, type AuthMember, type LiveSession } from '@app/auth';
import { DomainEvents } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { isUniqueViolation } from '@app/database';
import { RateLimiter, type RateLimit } from '@app/redis';
import { EmailChangeRequested, PasswordResetRequested, VerificationRequested } from './account.events';
import { hashAccountToken } from './account-token';
import { AccountTokensRepository } from './account-tokens.repository';
import { normaliseEmail } from './accounts.service';
import type { MemberEntity } from './member.entity';
import { MembersRepository } from './members.repository';
import {
  AccountLinkInvalidError,
  EmailAlreadyVerifiedError,
  EmailTakenError,
  EmailUnchangedError,
  MemberNotFoundError,
  PasswordIncorrectError,
  SessionNotFoundError,
} from './members.errors';

export interface MySession extends LiveSession {
  current: boolean;
}

/**
 * What a member does to keep their account theirs: verify the address, reset a forgotten password, change
 * password or address, see and end their sessions. Mails follow from the events published here
 * (AccountMailPlanner queues them, the worker's AccountMailer sends them).
 */
@Injectable()
export class AccountSecurityService {
  constructor(
    private readonly members: MembersRepository,
    private readonly tokens: AccountTokensRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly rateLimiter: RateLimiter,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The link from a verification mail: the address it was sent to is the member's, and verified. */
  async verifyEmail(token: string): Promise<MemberEntity> {
    const tokenHash = hashAccountToken(token);
    const used = await this.tokens.consume('verify_email', tokenHash);
    if (!used) throw new AccountLinkInvalidError();
    try {
      // A link to an address the member no longer has or asks for (they asked for another since) does nothing.
      if (!(await this.members.confirmEmail(used.memberId, used.email))) throw new AccountLinkInvalidError();
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      // Someone registered or confirmed that address meanwhile; the link stays usable if it is freed again.
      await this.tokens.release(tokenHash);
      throw new EmailTakenError();
    }
    return this.reload(used.memberId);
  }

  /** Another verification mail, for the address waiting to be verified (a change's, or the first). */
  async resendVerification(memberId: string): Promise<void> {
    const member = await this.reload(memberId);
    if (member.emailVerifiedAt && !member.pendingEmail) throw new EmailAlreadyVerifiedError();
    await this.rateLimiter.consume(this.mailLimit(`verify:member:${memberId}`));
    await this.events.publish(new VerificationRequested(memberId));
  }

  /**
   * Always the same answer, whether the address belongs to anyone or not: the lookup, the token and the
   * mail happen in the worker. Limited per client address and per address asked for.
   */
  async requestPasswordReset(email: string, ip: string | undefined): Promise<void> {
    const address = normaliseEmail(email);
    await this.rateLimiter.consume({
      bucket: `password-reset:ip:${ip ?? 'unknown'}`,
      limit: this.config.LOGIN_RATE_LIMIT_PER_IP,
      windowSeconds: this.config.LOGIN_RATE_WINDOW_SECONDS,
    });
    await this.rateLimiter.consume(this.mailLimit(`password-reset:email:${address}`));
    await this.events.publish(new PasswordResetRequested(address));
  }

  /**
   * The link from a reset mail sets a new password and ends every session of the member. Refused when the
   * link is unknown, used or expired, when its address is no longer the member's, or when the password
   * changed after it was sent.
   */
  async resetPassword(token: string, password: string): Promise<void> {
    const passwordHash = await this.passwords.hash(password);
    const used = await this.tokens.consume('password_reset', hashAccountToken(token));
    if (!used) throw new AccountLinkInvalidError();
    const reset = await this.members.resetPassword(used.memberId, passwordHash, used.email, used.createdAt);
    if (!reset) throw new AccountLinkInvalidError();
    await this.sessions.endAll(used.memberId, 'password_reset');
  }

  /** A new password; every other session of the member ends, the caller's stays. */
  async changePassword(caller: AuthMember, currentPassword: string, newPassword: string): Promise<void> {
    await this.checkPassword(caller.id, currentPassword, 'currentPassword');
    await this.members.setPassword(caller.id, await this.passwords.hash(newPassword));
    await this.sessions.endAll(caller.id, 'password_changed', caller.sessionId ?? null);
  }

  /**
   * Asks to move to another address: it becomes the member's once verified from the mail sent to it; the
   * current address stays in use meanwhile and is told.
   */
  async changeEmail(memberId: string, email: string, password: string): Promise<MemberEntity> {
    const member = await this.checkPassword(memberId, password, 'password');
    const address = normaliseEmail(email);
    if (address === member.email) throw new EmailUnchangedError();
    if (await this.members.existsByEmail(address)) throw new EmailTakenError();
    await this.rateLimiter.consume(this.mailLimit(`verify:member:${memberId}`));
    await this.members.setPendingEmail(memberId, address);
    await this.events.publish(new EmailChangeRequested(memberId, member.email));
    return this.reload(memberId);
  }

  async sessionsOf(caller: AuthMember): Promise<MySession[]> {
    const sessions = await this.sessions.liveOf(caller.id);
    return sessions.map((session) => ({ ...session, current: session.id === caller.sessionId }));
  }

  async endSession(memberId: string, sessionId: string): Promise<void> {
    if (!(await this.sessions.endOwn(memberId, sessionId))) throw new SessionNotFoundError();
  }

  /** The member, if the password is theirs; failures count against the same limit as sign-in failures. */
  private async checkPassword(memberId: string, password: string, field: string): Promise<MemberEntity> {
    const member = await this.members.findByIdWithPassword(memberId);
    if (!member) throw new MemberNotFoundError();
    const limit: RateLimit = {
      bucket: `login:account:${member.email}`,
      limit: this.config.LOGIN_RATE_LIMIT_PER_ACCOUNT,
      windowSeconds: this.config.LOGIN_RATE_WINDOW_SECONDS,
    };
    await this.rateLimiter.assertAvailable(limit);
    if (!(await this.passwords.verify(member.passwordHash, password))) {
      await this.rateLimiter.consume(limit);
      throw new PasswordIncorrectError(field);
    }
    return member;
  }

  private mailLimit(bucket: string): RateLimit {
    return {
      bucket,
      limit: this.config.ACCOUNT_MAIL_RATE_LIMIT,
      windowSeconds: this.config.ACCOUNT_MAIL_WINDOW_SECONDS,
    };
  }

  private async reload(id: string): Promise<MemberEntity> {
    const member = await this.members.findById(id);
    if (!member) throw new MemberNotFoundError();
    return member;
  }
}
