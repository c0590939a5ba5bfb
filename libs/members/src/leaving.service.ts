import { Inject, Injectable } from '@nestjs/common';
import { CurrentMembers, PasswordHasher, SessionService } from '@app/auth';
import { DomainEvents } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { RateLimiter, type RateLimit } from '@app/redis';
import { toOwnProfile } from './dto/profile.mapper';
import type { LeaveDto } from './dto/leave.dto';
import { MemberMailRepository } from './member-mail.repository';
import { LastAdminError, MemberNotFoundError, PasswordIncorrectError } from './members.errors';
import { MemberDataRequested, MemberLeaving, MemberLeft } from './members.events';
import { MembersRepository } from './members.repository';

/** Version of the export's shape, so a reader can tell what to expect. */
export const EXPORT_FORMAT = 'shiojiri-salon-export/1';

/** Everything the platform holds about a member: the members domain's part, and each domain's section. */
export interface MemberExport {
  format: string;
  exportedAt: string;
  memberId: string;
  [section: string]: unknown;
}

/** A member taking their data with them (APPI disclosure) and leaving (deletion on request). */
@Injectable()
export class LeavingService {
  constructor(
    private readonly members: MembersRepository,
    private readonly mail: MemberMailRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly currentMembers: CurrentMembers,
    private readonly rateLimiter: RateLimiter,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The member's data: profile and settings and sessions (never token digests) from here, and what each other
   * domain adds when asked (MemberDataRequested): themes, messages, reactions, RSVPs, digests, invitations.
   */
  async export(memberId: string): Promise<MemberExport> {
    const member = await this.members.findById(memberId);
    if (!member) throw new MemberNotFoundError();
    const request = new MemberDataRequested(memberId);
    request.add('profile', { ...toOwnProfile(member), updatedAt: member.updatedAt.toISOString() });
    request.add('settings', await this.mail.preferences(memberId));
    request.add('sessions', await this.sessions.describeAll(memberId));
    await this.events.publish(request);
    return {
      format: EXPORT_FORMAT,
      exportedAt: new Date().toISOString(),
      memberId,
      ...request.sections,
    };
  }

  /**
   * Leaves the salon, confirmed with the password (PASSWORD_INCORRECT; failures count like sign-ins); the only admin
   * cannot (LAST_ADMIN: make another member admin first). Each domain
   * first ends what the member has there (MemberLeaving), then the row is anonymised, every session ends,
   * every process forgets the member (their tokens answer TOKEN_INVALID) and their sockets are closed
   * (MemberLeft).
   */
  async leave(memberId: string, input: LeaveDto): Promise<void> {
    const limit = this.attemptLimit(memberId);
    await this.rateLimiter.assertAvailable(limit);
    const found = await this.members.findByIdWithPassword(memberId);
    if (!found) throw new MemberNotFoundError();
    if (!(await this.passwords.verify(found.passwordHash, input.password))) {
      await this.rateLimiter.consume(limit);
      throw new PasswordIncorrectError('password');
    }
    if (await this.members.isLastAdmin(memberId)) throw new LastAdminError();
    await this.events.publish(new MemberLeaving(memberId, input.deleteMessages ?? false));
    const anonymised = await this.members.anonymise(memberId);
    if (anonymised === 'last-admin') throw new LastAdminError();
    if (anonymised === 'gone') throw new MemberNotFoundError();
    await this.sessions.deleteAll(memberId);
    await this.currentMembers.forget(memberId);
    await this.events.publish(new MemberLeft(memberId));
  }

  private attemptLimit(memberId: string): RateLimit {
    return {
      bucket: `leave:account:${memberId}`,
      limit: this.config.LOGIN_RATE_LIMIT_PER_ACCOUNT,
      windowSeconds: this.config.LOGIN_RATE_WINDOW_SECONDS,
    };
  }
}
