import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { isStaff, type AuthMember } from '@app/auth';
import {
  DEFAULT_PAGE_SIZE,
  DomainEvents,
  decodeTimeIdCursor,
  encodeTimeIdCursor,
  type Page,
} from '@app/common';
import { APP_CONFIG, PublicLinks, type AppConfig } from '@app/config';
import { MailService } from '@app/mail';
import {
  AccountsService,
  InvitationInvalidError,
  MemberDataRequested,
  MemberLeaving,
  MembersService,
  RegistrationGates,
  normaliseEmail,
  type Admission,
  type MemberCard,
  type RegistrationGate,
} from '@app/members';
import type {
  CreateInvitationDto,
  InvitationDto,
  InvitationPreviewDto,
  InvitationState,
  InvitationsQueryDto,
} from './dto/invitation.dto';
import { renderInvitationEmail } from './invitation-email';
import { InvitationsRepository, type InvitationRow } from './invitations.repository';
import { ThemeAccess } from './theme-access';
import {
  AlreadyMemberError,
  CannotInviteError,
  InvitationExpiredError,
  InvitationNotFoundError,
  InvitationRevokedError,
  InvitationUsedError,
} from './themes.errors';
import { ThemesRepository } from './themes.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Only the digest of a token is stored: a database reader cannot register with it. */
export function invitationTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function invitationState(row: InvitationRow, now = new Date()): InvitationState {
  if (row.revokedAt) return 'revoked';
  if (row.acceptedAt) return 'accepted';
  return row.expiresAt <= now ? 'expired' : 'pending';
}

/**
 * Invitations into the salon and into a theme. Coordinators and admins invite into any theme or none, a
 * theme's owners into their theme. Registering with one (AccountsService through RegistrationGates) follows the
 * theme — for a private theme, the way in. Tokens are random, stored as SHA-256, single-use, and expire.
 */
@Injectable()
export class InvitationsService implements RegistrationGate, OnModuleInit {
  private readonly logger = new Logger(InvitationsService.name);
  private readonly links: PublicLinks;

  constructor(
    private readonly invitations: InvitationsRepository,
    private readonly themes: ThemesRepository,
    private readonly access: ThemeAccess,
    private readonly members: MembersService,
    private readonly accounts: AccountsService,
    private readonly gates: RegistrationGates,
    private readonly mail: MailService,
    private readonly events: DomainEvents,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.links = new PublicLinks(config);
  }

  onModuleInit(): void {
    this.gates.use(this);
    this.events.on(MemberDataRequested, (request) => this.exportPart(request));
    this.events.on(MemberLeaving, ({ memberId }) => this.invitations.forgetMember(memberId));
  }

  /** Creates the invitation and mails its link (sent before the answer: a refused address is an error). */
  async create(input: CreateInvitationDto, caller: AuthMember): Promise<InvitationDto> {
    const themeId = await this.invitableThemeId(input.themeSlug, caller);
    const email = normaliseEmail(input.email);
    if (await this.accounts.findByEmail(email)) throw new AlreadyMemberError();
    const token = randomBytes(32).toString('base64url');
    const row = await this.invitations.insert({
      tokenHash: invitationTokenHash(token),
      email,
      themeId,
      message: input.message ?? '',
      invitedBy: caller.id,
      expiresAt: new Date(Date.now() + this.config.INVITATION_TTL_DAYS * DAY_MS),
    });
    const [inviter] = await this.members.cards([caller.id]);
    const theme = themeId ? (await this.themes.themesByIds([themeId]))[0] : null;
    await this.mail.send(
      renderInvitationEmail({
        to: email,
        inviterName: inviter?.displayName ?? '',
        theme: theme ? { title: theme.title, titleEn: theme.titleEn } : null,
        message: row.message,
        link: this.links.invitation(token),
        expiresAt: row.expiresAt,
      }),
    );
    this.logger.log({ invitationId: row.id, themeId, invitedBy: caller.id }, 'invitation sent');
    const [dto] = await this.toDtos([row]);
    return dto;
  }

  /** Staff: every invitation; a theme owner: those into their themes and those they sent. */
  async list(query: InvitationsQueryDto, caller: AuthMember): Promise<Page<InvitationDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const mine = isStaff(caller)
      ? undefined
      : { themeIds: await this.ownedThemeIds(caller), invitedBy: caller.id };
    if (mine && !mine.themeIds.length) throw new CannotInviteError();
    const rows = await this.invitations.list({
      mine,
      before: query.cursor ? decodeTimeIdCursor(query.cursor) : undefined,
      limit,
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const nextCursor = rows.length > limit && last ? encodeTimeIdCursor(last.createdAt, last.id) : null;
    return { items: await this.toDtos(items), nextCursor };
  }

  /** Withdraws a pending invitation (its link stops working); an accepted one cannot be (INVITATION_USED). */
  async revoke(id: string, caller: AuthMember): Promise<void> {
    const row = await this.invitations.findById(id);
    if (!row || !(await this.mayManage(row, caller))) throw new InvitationNotFoundError();
    if (row.acceptedAt) throw new InvitationUsedError();
    await this.invitations.revoke(id);
  }

  /** What the registration page shows; the same codes as registering with it. */
  async preview(token: string): Promise<InvitationPreviewDto> {
    const row = await this.invitations.findByTokenHash(invitationTokenHash(token));
    if (!row) throw new InvitationInvalidError();
    this.assertPending(row);
    const [[inviter], theme] = await Promise.all([
      this.members.cards([row.invitedBy]),
      row.themeId ? this.themes.themesByIds([row.themeId]).then((t) => t[0] ?? null) : null,
    ]);
    return {
      email: row.email,
      theme: theme ? { id: theme.id, slug: theme.slug, title: theme.title, titleEn: theme.titleEn } : null,
      invitedBy: inviter?.displayName ?? '',
      message: row.message,
      expiresAt: row.expiresAt.toISOString(),
    };
  }

  // RegistrationGate: AccountsService.register asks these.

  async claim(token: string): Promise<Admission> {
    const hash = invitationTokenHash(token);
    const claimed = await this.invitations.claim(hash);
    if (claimed) return { invitationId: claimed.id, email: claimed.email, themeId: claimed.themeId };
    const row = await this.invitations.findByTokenHash(hash);
    if (!row) throw new InvitationInvalidError();
    this.assertPending(row);
    // Pending a moment ago: another registration took it between the two reads.
    throw new InvitationUsedError();
  }

  async release(admission: Admission): Promise<void> {
    await this.invitations.release(admission.invitationId);
  }

  async admitted(admission: Admission, memberId: string): Promise<void> {
    await this.invitations.setAcceptedBy(admission.invitationId, memberId);
    const row = await this.invitations.findById(admission.invitationId);
    // Added by whoever invited, as a manager adds someone: for a private theme, this is membership.
    if (admission.themeId) await this.themes.follow(admission.themeId, memberId, row?.invitedBy ?? null);
  }

  private assertPending(row: InvitationRow): void {
    switch (invitationState(row)) {
      case 'accepted':
        throw new InvitationUsedError();
      case 'revoked':
        throw new InvitationRevokedError();
      case 'expired':
        throw new InvitationExpiredError();
      case 'pending':
        return;
    }
  }

  /** The theme an invitation leads into, if the caller may invite there (CANNOT_INVITE otherwise). */
  private async invitableThemeId(slug: string | undefined, caller: AuthMember): Promise<string | null> {
    if (!slug) {
      if (!isStaff(caller)) throw new CannotInviteError();
      return null;
    }
    const theme = await this.access.visibleTheme(slug, caller);
    if (!isStaff(caller) && !theme.owner) throw new CannotInviteError();
    return theme.id;
  }

  private async ownedThemeIds(caller: AuthMember): Promise<string[]> {
    return (await this.access.visibleThemes(caller)).filter((t) => t.owner).map((t) => t.id);
  }

  private async mayManage(row: InvitationRow, caller: AuthMember): Promise<boolean> {
    if (isStaff(caller) || row.invitedBy === caller.id) return true;
    return row.themeId !== null && (await this.ownedThemeIds(caller)).includes(row.themeId);
  }

  private async toDtos(rows: InvitationRow[]): Promise<InvitationDto[]> {
    const people = rows.flatMap((r) => [r.invitedBy, ...(r.acceptedBy ? [r.acceptedBy] : [])]);
    const themeIds = [...new Set(rows.flatMap((r) => (r.themeId ? [r.themeId] : [])))];
    const [cards, themes] = await Promise.all([
      this.members.cards([...new Set(people)]),
      this.themes.themesByIds(themeIds),
    ]);
    const byId = new Map<string, MemberCard>(cards.map((card) => [card.id, card]));
    const person = (id: string | null) => {
      const card = id ? byId.get(id) : undefined;
      return card ? { id: card.id, displayName: card.displayName, former: card.former } : null;
    };
    const now = new Date();
    return rows.map((row) => {
      const theme = themes.find((t) => t.id === row.themeId);
      return {
        id: row.id,
        email: row.email,
        theme: theme ? { id: theme.id, slug: theme.slug, title: theme.title, titleEn: theme.titleEn } : null,
        message: row.message,
        state: invitationState(row, now),
        invitedBy: person(row.invitedBy),
        acceptedBy: person(row.acceptedBy),
        createdAt: row.createdAt.toISOString(),
        expiresAt: row.expiresAt.toISOString(),
        acceptedAt: row.acceptedAt?.toISOString() ?? null,
        revokedAt: row.revokedAt?.toISOString() ?? null,
      };
    });
  }

  /** The member's invitations for their data export: those they sent, and the one they registered with. */
  private async exportPart(request: MemberDataRequested): Promise<void> {
    const { sent, received } = await this.invitations.ofMember(request.memberId);
    const [sentDtos, receivedDtos] = await Promise.all([this.toDtos(sent), this.toDtos(received)]);
    request.add('invitations', { sent: sentDtos, received: receivedDtos });
  }
}
