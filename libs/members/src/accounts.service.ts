import { Inject, Injectable } from '@nestjs/common';
import {
  CurrentMembers,
  PasswordHasher,
  SessionService,
  TokenService,
  type Role,
  type SessionMeta,
} from '@app/auth';
import { DomainEvents } from '@app/common';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { RateLimiter, type RateLimit } from '@app/redis';
import type { LoginDto, RegisterDto } from './dto/auth.dto';
import type { MemberEntity } from './member.entity';
import { MembersRepository } from './members.repository';
import {
  EmailTakenError,
  InvalidCredentialsError,
  InvitationInvalidError,
  InvitationRequiredError,
  LastAdminError,
  MemberNotFoundError,
} from './members.errors';
import { MemberRegistered } from './members.events';
import { RegistrationGates, type Admission } from './registration-gate';

export interface SignedIn {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  member: MemberEntity;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Registration, sign-in and the session lifecycle of members. */
@Injectable()
export class AccountsService {
  constructor(
    private readonly members: MembersRepository,
    private readonly passwords: PasswordHasher,
    private readonly sessions: SessionService,
    private readonly tokens: TokenService,
    private readonly currentMembers: CurrentMembers,
    private readonly rateLimiter: RateLimiter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly gates: RegistrationGates,
    private readonly events: DomainEvents,
  ) {}

  async register(input: RegisterDto, meta: SessionMeta): Promise<SignedIn> {
    await this.rateLimiter.consume(this.ipLimit('register', meta));
    const admission = await this.admit(input);
    // An invitation mailed to this very address proves it: no verification mail for them.
    const emailConfirmed = admission !== null && admission.email === normaliseEmail(input.email);
    let member: MemberEntity;
    try {
      member = await this.createAccount(input, 'member', { verified: emailConfirmed });
    } catch (error) {
      if (admission) await this.gates.current?.release(admission);
      throw error;
    }
    if (admission) await this.gates.current?.admitted(admission, member.id);
    await this.events.publish(new MemberRegistered(member.id, member.email, admission, emailConfirmed));
    return this.signIn(member, meta);
  }

  /**
   * The invitation a registration comes with, claimed so nobody else can use it; null without one, which
   * REGISTRATION=invite refuses (INVITATION_REQUIRED).
   */
  private async admit(input: RegisterDto): Promise<Admission | null> {
    if (!input.inviteToken) {
      if (this.config.REGISTRATION === 'invite') throw new InvitationRequiredError();
      return null;
    }
    const gate = this.gates.current;
    if (!gate) throw new InvitationInvalidError();
    return gate.claim(input.inviteToken);
  }

  /**
   * Creates the account row; EMAIL_TAKEN when the normalised email exists. Accounts made by operators and
   * the demo count as verified; registration asks the member to verify (`verified: false`).
   */
  async createAccount(
    input: RegisterDto,
    role: Role,
    { verified = true }: { verified?: boolean } = {},
  ): Promise<MemberEntity> {
    const email = normaliseEmail(input.email);
    if (await this.members.existsByEmail(email)) throw new EmailTakenError();
    const id = await this.members.insert({
      email,
      passwordHash: await this.passwords.hash(input.password),
      displayName: input.displayName.trim(),
      role,
      emailVerifiedAt: verified ? new Date() : null,
    });
    // Two registrations racing for one email: the unique index decides.
    if (!id) throw new EmailTakenError();
    return this.reload(id);
  }

  async findByEmail(email: string): Promise<MemberEntity | null> {
    return this.members.findByEmail(normaliseEmail(email));
  }

  /** Counts every attempt per address and failed attempts per account; both answer RATE_LIMITED. */
  async login(input: LoginDto, meta: SessionMeta): Promise<SignedIn> {
    const email = normaliseEmail(input.email);
    const accountLimit = this.accountLimit(email);
    await this.rateLimiter.consume(this.ipLimit('login', meta));
    await this.rateLimiter.assertAvailable(accountLimit);

    const found = await this.members.findByEmailWithPassword(email);
    if (!(await this.passwords.verify(found?.passwordHash, input.password)) || !found) {
      await this.rateLimiter.consume(accountLimit);
      throw new InvalidCredentialsError();
    }
    await this.rateLimiter.reset(accountLimit.bucket);
    return this.signIn(found, meta);
  }

  /** `fromCookie`: a browser's refresh, which may repeat one whose answer a reload cut off (SessionService.rotate). */
  async refresh(
    refreshToken: string,
    { fromCookie = false }: { fromCookie?: boolean } = {},
  ): Promise<SignedIn> {
    const rotated = await this.sessions.rotate(refreshToken, { acceptJustReplaced: fromCookie });
    const member = await this.reload(rotated.memberId);
    return {
      accessToken: await this.tokens.signAccessToken(member, rotated.sessionId),
      refreshToken: rotated.refreshToken,
      expiresIn: this.config.JWT_ACCESS_TTL_SECONDS,
      member,
    };
  }

  logout(refreshToken: string): Promise<void> {
    return this.sessions.revoke(refreshToken);
  }

  /** Operators' command: give a member a role. */
  async setRole(email: string, role: Role): Promise<MemberEntity> {
    const member = await this.findByEmail(email);
    if (!member) throw new MemberNotFoundError();
    await this.members.setRole(member.id, role);
    // Tokens signed before carry the old role: every process reads the new one at the next use.
    await this.currentMembers.forget(member.id);
    return this.reload(member.id);
  }

  /**
   * Admins' screen (PUT /api/admin/members/:id/role): like setRole, by id, and never demoting the last admin
   * (LAST_ADMIN). The member's existing tokens carry the new role at their next use, in every process.
   */
  async changeRole(id: string, role: Role): Promise<MemberEntity> {
    const result = await this.members.setRoleKeepingAnAdmin(id, role);
    if (result === 'missing') throw new MemberNotFoundError();
    if (result === 'last-admin') throw new LastAdminError();
    await this.currentMembers.forget(id);
    return this.reload(id);
  }

  private async signIn(member: MemberEntity, meta: SessionMeta): Promise<SignedIn> {
    const { sessionId, refreshToken } = await this.sessions.open(member.id, meta);
    const accessToken = await this.tokens.signAccessToken(member, sessionId);
    return { accessToken, refreshToken, expiresIn: this.config.JWT_ACCESS_TTL_SECONDS, member };
  }

  private async reload(id: string): Promise<MemberEntity> {
    const member = await this.members.findById(id);
    if (!member) throw new MemberNotFoundError();
    return member;
  }

  private ipLimit(action: string, meta: SessionMeta): RateLimit {
    return {
      bucket: `${action}:ip:${meta.ip ?? 'unknown'}`,
      limit: this.config.LOGIN_RATE_LIMIT_PER_IP,
      windowSeconds: this.config.LOGIN_RATE_WINDOW_SECONDS,
    };
  }

  private accountLimit(email: string): RateLimit {
    return {
      bucket: `login:account:${email}`,
      limit: this.config.LOGIN_RATE_LIMIT_PER_ACCOUNT,
      windowSeconds: this.config.LOGIN_RATE_WINDOW_SECONDS,
    };
  }
}
