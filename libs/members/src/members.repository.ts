import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import type { Role } from '@app/auth';
import { isUniqueViolation, preparedQuery, updateReturning } from '@app/database';
import { MemberEntity, type Relation } from './member.entity';

/** How a member is shown next to what they did: the `member_cards` view other domains join. */
export interface MemberCard {
  id: string;
  displayName: string;
  furigana: string | null;
  avatarUrl: string | null;
  /** The member left: shown as 退会したメンバー / "Former member". */
  former: boolean;
}

/** What a member who left is called in the row (and so wherever a name is read without `former`). */
export const FORMER_MEMBER_NAME = '退会したメンバー';

export interface DirectoryFilter {
  /** Lower-cased substring of name, furigana, bio or skills. */
  text?: string;
  skill?: string;
  relation?: Relation;
  /** Only these members (a theme's people, say); an empty list finds nobody. */
  memberIds?: string[];
  /** `newest` (default): created_at descending; `name`: by furigana, else display name (NAME_KEY). */
  order?: DirectoryOrder;
  /** Keyset: members created before this (created_at, id) when newest first, after (name key, id) by name. */
  before?: [string, string];
  limit: number;
}

export const DIRECTORY_ORDERS = ['newest', 'name'] as const;
export type DirectoryOrder = (typeof DIRECTORY_ORDERS)[number];

/**
 * The name a member is sorted by: their furigana (kana read in 50-on order), else the display name;
 * lower-cased, byte order (`C`) so the keyset comparison and the ORDER BY agree on every database.
 */
const NAME_KEY = `lower(coalesce(nullif(btrim(m.furigana), ''), m.display_name)) COLLATE "C"`;

/** The sort key NAME_KEY computes, for the cursor of the last member of a page. */
export function directoryNameKey(member: { furigana: string | null; displayName: string }): string {
  return (member.furigana?.trim() || member.displayName).toLowerCase();
}

/** Escapes LIKE's wildcards so a search for `50%` means the text "50%". */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** The members table: accounts, profiles, roles and the directory. */
@Injectable()
export class MembersRepository {
  constructor(@InjectRepository(MemberEntity) private readonly members: Repository<MemberEntity>) {}

  /** A member who has not left. */
  findById(id: string): Promise<MemberEntity | null> {
    return this.members.findOneBy({ id, deletedAt: IsNull() });
  }

  /** With the password hash (a member confirming who they are); null once they left. */
  findByIdWithPassword(id: string): Promise<MemberEntity | null> {
    return this.members
      .createQueryBuilder('m')
      .addSelect('m.passwordHash')
      .where('m.id = :id AND m.deleted_at IS NULL', { id })
      .getOne();
  }

  /**
   * The member left: the row stays (messages keep their author id) with every personal field wiped, an
   * address that cannot be registered (so the real one can be again), no password, no role, no mail. False
   * when they had already left.
   */
  async anonymise(id: string): Promise<'done' | 'gone' | 'last-admin'> {
    return this.members.manager.transaction(async (tx) => {
      // As setRoleKeepingAnAdmin: the salon keeps at least one admin.
      const admins = await tx.query<{ id: string }[]>(
        `SELECT id FROM members WHERE role = 'admin' AND deleted_at IS NULL ORDER BY id FOR UPDATE`,
      );
      if (admins.length === 1 && admins[0].id === id) return 'last-admin';
      const rows = await updateReturning<{ id: string }>(
        tx,
        `UPDATE members
            SET email = 'left-' || id || '@deleted.invalid', password_hash = '', role = 'member',
                display_name = $2, furigana = NULL, bio = '', skills = '{}', relation = NULL, home_area = NULL,
                past_projects = '[]', links = '[]', avatar_url = NULL, open_to_help = false,
                digest_frequency = 'off', pending_email = NULL, deleted_at = now(), updated_at = now()
          WHERE id = $1 AND deleted_at IS NULL
          RETURNING id`,
        [id, FORMER_MEMBER_NAME],
      );
      // Verification and reset links carry the address they were mailed to: gone with the member.
      if (rows.length === 1) await tx.query(`DELETE FROM account_tokens WHERE member_id = $1`, [id]);
      return rows.length === 1 ? 'done' : 'gone';
    });
  }

  /** True when this member is the salon's only admin (who may not leave or step down). */
  async isLastAdmin(id: string): Promise<boolean> {
    const admins = await this.members.find({
      where: { role: 'admin', deletedAt: IsNull() },
      select: { id: true },
      take: 2,
    });
    return admins.length === 1 && admins[0].id === id;
  }

  findByEmail(email: string): Promise<MemberEntity | null> {
    return this.members.findOneBy({ email });
  }

  /** With the password hash, which no other read returns. */
  findByEmailWithPassword(email: string): Promise<MemberEntity | null> {
    return this.members
      .createQueryBuilder('m')
      .addSelect('m.passwordHash')
      .where('m.email = :email', { email })
      .getOne();
  }

  /** A new password chosen by a signed-in member: reset links issued before now stop working. */
  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.members.query(
      `UPDATE members SET password_hash = $2, password_changed_at = now(), updated_at = now() WHERE id = $1`,
      [id, passwordHash],
    );
  }

  /**
   * A new password from a reset link mailed to `email` at `issuedAt`: refused (false) when the address is no
   * longer the member's or the password changed after the link was issued. The link shows the member reads
   * mail at that address, so it counts as verified.
   */
  async resetPassword(id: string, passwordHash: string, email: string, issuedAt: Date): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      this.members.manager,
      `UPDATE members SET password_hash = $2, password_changed_at = now(), updated_at = now(),
              email_verified_at = coalesce(email_verified_at, now())
        WHERE id = $1 AND email = $3 AND (password_changed_at IS NULL OR password_changed_at < $4)
        RETURNING id`,
      [id, passwordHash, email, issuedAt],
    );
    return rows.length === 1;
  }

  /**
   * The member confirmed `email` from a verification mail: their address if it still is, or the pending
   * one, which then replaces it. False when it is neither any more; a unique violation when another
   * account took the pending address meanwhile. A confirmed address also starts its refusal count again.
   */
  async confirmEmail(id: string, email: string): Promise<boolean> {
    const rows = await updateReturning<{ id: string }>(
      this.members.manager,
      `UPDATE members SET email = $2, email_verified_at = now(), updated_at = now(),
              pending_email = CASE WHEN pending_email = $2 THEN NULL ELSE pending_email END,
              mail_bounce_count = 0, mail_undeliverable_at = NULL
        WHERE id = $1 AND (email = $2 OR pending_email = $2)
        RETURNING id`,
      [id, email],
    );
    return rows.length === 1;
  }

  async setPendingEmail(id: string, email: string | null): Promise<void> {
    await this.members.query(`UPDATE members SET pending_email = $2, updated_at = now() WHERE id = $1`, [
      id,
      email,
    ]);
  }

  existsByEmail(email: string): Promise<boolean> {
    return this.members.existsBy({ email });
  }

  /** Inserts a new account; false when the email's unique key refused it (a concurrent registration). */
  async insert(
    member: Pick<MemberEntity, 'email' | 'passwordHash' | 'displayName' | 'role' | 'emailVerifiedAt'>,
  ): Promise<string | null> {
    const row = this.members.create(member);
    try {
      await this.members.insert(row);
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
    return row.id;
  }

  save(member: MemberEntity): Promise<MemberEntity> {
    return this.members.save(member);
  }

  async setRole(id: string, role: Role): Promise<void> {
    await this.members.update({ id }, { role });
  }

  /**
   * Sets a role unless it would leave the salon without an admin. The admins' rows are locked first, so two
   * admins demoting each other at once cannot both succeed (the second reads the first's change).
   */
  setRoleKeepingAnAdmin(id: string, role: Role): Promise<'changed' | 'missing' | 'last-admin'> {
    return this.members.manager.transaction(async (tx) => {
      const admins = await tx.query<{ id: string }[]>(
        `SELECT id FROM members WHERE role = 'admin' ORDER BY id FOR UPDATE`,
      );
      const [target] = await tx.query<{ role: Role }[]>(
        `SELECT role FROM members WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`,
        [id],
      );
      if (!target) return 'missing';
      if (target.role === 'admin' && role !== 'admin' && admins.length <= 1) return 'last-admin';
      await tx.query(`UPDATE members SET role = $2, updated_at = now() WHERE id = $1`, [id, role]);
      return 'changed';
    });
  }

  /** Read for every member who uses the salon (CurrentMembers, every 10 s each): prepared, no query builder. */
  async roleOf(id: string): Promise<Role | null> {
    const [row] = await preparedQuery<{ role: Role }>(
      this.members.manager.connection,
      'members_role_of',
      `SELECT role FROM members WHERE id = $1 AND deleted_at IS NULL`,
      [id],
    );
    return row?.role ?? null;
  }

  /**
   * Newest members first, keyset-paginated on (created_at, id), or by name on (NAME_KEY, id); one more row
   * than `limit` tells of a next page.
   */
  directory(filter: DirectoryFilter): Promise<MemberEntity[]> {
    const builder = this.members.createQueryBuilder('m').limit(filter.limit + 1);
    if (filter.order === 'name') builder.orderBy(NAME_KEY, 'ASC').addOrderBy('m.id', 'ASC');
    else builder.orderBy('m.created_at', 'DESC').addOrderBy('m.id', 'DESC');
    builder.where('m.deleted_at IS NULL');
    // search_text is lower(name, furigana, bio, skills) with a trigram index.
    if (filter.text) builder.andWhere('m.search_text LIKE :pattern', { pattern: likeContains(filter.text) });
    if (filter.skill) builder.andWhere('m.skills @> ARRAY[:skill]::text[]', { skill: filter.skill });
    if (filter.relation) builder.andWhere('m.relation = :relation', { relation: filter.relation });
    if (filter.memberIds) builder.andWhere('m.id = ANY(:memberIds::uuid[])', { memberIds: filter.memberIds });
    if (filter.before && filter.order === 'name') {
      const [nameKey, id] = filter.before;
      builder.andWhere(`(${NAME_KEY}, m.id) > (:nameKey COLLATE "C", :id::uuid)`, { nameKey, id });
    } else if (filter.before) {
      const [createdAt, id] = filter.before;
      builder.andWhere('(m.created_at, m.id) < (:createdAt::timestamptz, :id::uuid)', { createdAt, id });
    }
    return builder.getMany();
  }

  /** The cards of these members, in no particular order (unknown ids are left out). */
  async cards(ids: readonly string[]): Promise<MemberCard[]> {
    if (!ids.length) return [];
    const rows = await this.members.query<
      {
        id: string;
        display_name: string;
        furigana: string | null;
        avatar_url: string | null;
        former: boolean;
      }[]
    >(`SELECT id, display_name, furigana, avatar_url, former FROM member_cards WHERE id = ANY($1::uuid[])`, [
      ids,
    ]);
    return rows.map((row) => ({
      id: row.id,
      displayName: row.display_name,
      furigana: row.furigana,
      avatarUrl: row.avatar_url,
      former: row.former,
    }));
  }

  /** The cards of the coordinators and admins, for rules that include the salon's staff. */
  async staffCards(): Promise<MemberCard[]> {
    const rows = await this.members.find({
      where: [
        { role: 'coordinator', deletedAt: IsNull() },
        { role: 'admin', deletedAt: IsNull() },
      ],
      select: { id: true, displayName: true, furigana: true, avatarUrl: true },
    });
    return rows.map(({ id, displayName, furigana, avatarUrl }) => ({
      id,
      displayName,
      furigana,
      avatarUrl,
      former: false,
    }));
  }
}
