import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { isUniqueViolation, preparedQuery } from '@app/database';
import { ChannelEntity } from './channel.entity';
import { ThemeEntity, type ThemeVisibility } from './theme.entity';

/** A theme with how one member stands in it (the inputs of the access rule, theme-rights.ts). */
export interface ThemeStandingRow {
  id: string;
  slug: string;
  visibility: ThemeVisibility;
  /** The theme is archived (read-only). */
  archived: boolean;
  follower: boolean;
  owner: boolean;
}

export interface ChannelStandingRow {
  channel: ChannelEntity;
  theme: Pick<ThemeEntity, 'id' | 'slug' | 'title' | 'visibility' | 'status' | 'archivedAt'>;
  follower: boolean;
  owner: boolean;
}

export type NewTheme = Pick<
  ThemeEntity,
  'slug' | 'title' | 'summary' | 'titleEn' | 'summaryEn' | 'status' | 'visibility' | 'createdBy'
>;

export interface ChannelPlace {
  channelId: string;
  themeSlug: string;
  themeTitle: string;
  channelSlug: string;
  channelName: string;
}

export const GENERAL_CHANNEL = { slug: 'general', name: '全体 General' };

/** themes, theme_owners, theme_follows and channels (chat owns channels.last_seq, see MessagesRepository). */
@Injectable()
export class ThemesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Every theme (or the one with this slug or id) with the member's standing, oldest first. */
  standings(memberId: string, only: { slug?: string; id?: string } = {}): Promise<ThemeStandingRow[]> {
    return this.db.query<ThemeStandingRow[]>(
      `SELECT t.id, t.slug, t.visibility, t.archived_at IS NOT NULL AS archived,
              EXISTS (SELECT 1 FROM theme_follows f WHERE f.theme_id = t.id AND f.member_id = $1) AS follower,
              EXISTS (SELECT 1 FROM theme_owners o WHERE o.theme_id = t.id AND o.member_id = $1) AS owner
         FROM themes t
        WHERE ($2::text IS NULL OR t.slug = $2) AND ($3::uuid IS NULL OR t.id = $3)
        ORDER BY t.created_at, t.id`,
      [memberId, only.slug ?? null, only.id ?? null],
    );
  }

  /**
   * A channel, its theme and the member's standing there, in one statement: it runs for nearly every chat
   * event, and planning it cost more than running it, so it is prepared.
   */
  async channelStanding(channelId: string, memberId: string): Promise<ChannelStandingRow | null> {
    const [row] = await preparedQuery<{
      id: string;
      theme_id: string;
      slug: string;
      name: string;
      last_seq: string;
      archived_at: Date | null;
      created_at: Date;
      theme_slug: string;
      theme_title: string;
      theme_visibility: ThemeEntity['visibility'];
      theme_status: ThemeEntity['status'];
      theme_archived_at: Date | null;
      follower: boolean;
      owner: boolean;
    }>(
      this.db,
      'themes_channel_standing',
      `SELECT c.id, c.theme_id, c.slug, c.name, c.last_seq, c.archived_at, c.created_at,
              t.slug AS theme_slug, t.title AS theme_title, t.visibility AS theme_visibility, t.status AS theme_status,
              t.archived_at AS theme_archived_at,
              EXISTS (SELECT 1 FROM theme_follows f WHERE f.theme_id = t.id AND f.member_id = $2) AS follower,
              EXISTS (SELECT 1 FROM theme_owners o WHERE o.theme_id = t.id AND o.member_id = $2) AS owner
         FROM channels c JOIN themes t ON t.id = c.theme_id
        WHERE c.id = $1`,
      [channelId, memberId],
    );
    if (!row) return null;
    const channel = this.db.getRepository(ChannelEntity).create({
      id: row.id,
      themeId: row.theme_id,
      slug: row.slug,
      name: row.name,
      lastSeq: Number(row.last_seq),
      archivedAt: row.archived_at,
      createdAt: row.created_at,
    });
    return {
      channel,
      theme: {
        id: row.theme_id,
        slug: row.theme_slug,
        title: row.theme_title,
        visibility: row.theme_visibility,
        status: row.theme_status,
        archivedAt: row.theme_archived_at,
      },
      follower: row.follower,
      owner: row.owner,
    };
  }

  async publicIds(): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(`SELECT id FROM themes WHERE visibility = 'public'`);
    return rows.map((row) => row.id);
  }

  themesByIds(ids: readonly string[]): Promise<ThemeEntity[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.db
      .getRepository(ThemeEntity)
      .createQueryBuilder('t')
      .whereInIds([...ids])
      .getMany();
  }

  findById(id: string): Promise<ThemeEntity | null> {
    return this.db.getRepository(ThemeEntity).findOneBy({ id });
  }

  async followerCounts(themeIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.db.query<{ theme_id: string; count: number }[]>(
      `SELECT theme_id, count(*)::int AS count FROM theme_follows WHERE theme_id = ANY($1::uuid[]) GROUP BY theme_id`,
      [themeIds],
    );
    return new Map(rows.map((row) => [row.theme_id, row.count]));
  }

  /** Owners per theme, in the order they were made owners. */
  async ownerIds(themeIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await this.db.query<{ theme_id: string; member_id: string }[]>(
      `SELECT theme_id, member_id FROM theme_owners WHERE theme_id = ANY($1::uuid[]) ORDER BY created_at, member_id`,
      [themeIds],
    );
    const owners = new Map<string, string[]>();
    for (const row of rows) owners.set(row.theme_id, [...(owners.get(row.theme_id) ?? []), row.member_id]);
    return owners;
  }

  /** A theme with its #general channel and owners, in one transaction; null when the slug is taken. */
  async create(theme: NewTheme, ownerIds: readonly string[]): Promise<string | null> {
    try {
      return await this.db.transaction(async (tx) => {
        const saved = await tx.getRepository(ThemeEntity).save(tx.getRepository(ThemeEntity).create(theme));
        await tx.getRepository(ChannelEntity).insert({ themeId: saved.id, ...GENERAL_CHANNEL, lastSeq: 0 });
        await this.replaceOwners(tx, saved.id, ownerIds);
        return saved.id;
      });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async update(
    id: string,
    changes: Partial<
      Pick<
        ThemeEntity,
        'title' | 'summary' | 'titleEn' | 'summaryEn' | 'status' | 'visibility' | 'archivedAt'
      >
    >,
    ownerIds?: readonly string[],
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.getRepository(ThemeEntity).update({ id }, changes);
      if (ownerIds) await this.replaceOwners(tx, id, ownerIds);
    });
  }

  async follow(themeId: string, memberId: string, addedBy: string | null): Promise<void> {
    await this.db.query(
      `INSERT INTO theme_follows (theme_id, member_id, added_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
      [themeId, memberId, addedBy],
    );
  }

  async unfollow(themeId: string, memberId: string): Promise<void> {
    await this.db.query(`DELETE FROM theme_follows WHERE theme_id = $1 AND member_id = $2`, [
      themeId,
      memberId,
    ]);
  }

  /** The themes a member belongs to (`theme_members`: follows or owns), oldest first. */
  async themeIdsOfMember(memberId: string): Promise<string[]> {
    const rows = await this.db.query<{ id: string }[]>(
      `SELECT t.id FROM themes t JOIN theme_members tm ON tm.theme_id = t.id AND tm.member_id = $1
        ORDER BY t.created_at, t.id`,
      [memberId],
    );
    return rows.map((row) => row.id);
  }

  /** themeIdsOfMember for several members in one statement (a digest worker's batch of jobs). */
  async themeIdsOfMembers(memberIds: readonly string[]): Promise<Map<string, string[]>> {
    const rows = await preparedQuery<{ member_id: string; ids: string[] }>(
      this.db,
      'themes_ids_of_members',
      `SELECT tm.member_id, array_agg(t.id ORDER BY t.created_at, t.id) AS ids
         FROM themes t JOIN theme_members tm ON tm.theme_id = t.id
        WHERE tm.member_id = ANY($1::uuid[]) GROUP BY tm.member_id`,
      [memberIds],
    );
    const byMember = new Map(rows.map((row) => [row.member_id, row.ids]));
    return new Map(memberIds.map((id) => [id, byMember.get(id) ?? []]));
  }

  async themeIdBySlug(slug: string): Promise<string | null> {
    const [row] = await this.db.query<{ id: string }[]>(`SELECT id FROM themes WHERE slug = $1`, [slug]);
    return row?.id ?? null;
  }

  /** The theme's members (`theme_members`: followers and owners). */
  async memberIds(themeId: string): Promise<string[]> {
    const rows = await this.db.query<{ member_id: string }[]>(
      `SELECT member_id FROM theme_members WHERE theme_id = $1`,
      [themeId],
    );
    return rows.map((row) => row.member_id);
  }

  /** Newest followers of a theme in a window: one more than `limit`, and how many there were. */
  async newFollowers(
    themeId: string,
    from: Date,
    to: Date,
    limit: number,
  ): Promise<{ ids: string[]; total: number }> {
    const rows = await this.db.query<{ member_id: string; total: string }[]>(
      `SELECT member_id, count(*) OVER () AS total FROM theme_follows
        WHERE theme_id = $1 AND created_at >= $2 AND created_at < $3
        ORDER BY created_at DESC, member_id LIMIT $4`,
      [themeId, from, to, limit],
    );
    return { ids: rows.map((row) => row.member_id), total: Number(rows[0]?.total ?? 0) };
  }

  channels(themeIds: readonly string[]): Promise<ChannelEntity[]> {
    if (!themeIds.length) return Promise.resolve([]);
    return this.db
      .getRepository(ChannelEntity)
      .createQueryBuilder('c')
      .where('c.theme_id = ANY(:ids)', { ids: themeIds })
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
  }

  /** Where each of these channels lives: its theme's slug and title, its own slug and name. */
  async channelPlaces(channelIds: readonly string[]): Promise<ChannelPlace[]> {
    if (!channelIds.length) return [];
    const rows = await this.db.query<
      { id: string; theme_slug: string; theme_title: string; channel_slug: string; channel_name: string }[]
    >(
      `SELECT c.id, t.slug AS theme_slug, t.title AS theme_title, c.slug AS channel_slug, c.name AS channel_name
         FROM channels c JOIN themes t ON t.id = c.theme_id WHERE c.id = ANY($1::uuid[])`,
      [channelIds],
    );
    return rows.map((row) => ({
      channelId: row.id,
      themeSlug: row.theme_slug,
      themeTitle: row.theme_title,
      channelSlug: row.channel_slug,
      channelName: row.channel_name,
    }));
  }

  /** Every channel with its theme's id, for filtering by the access rule. */
  allChannels(): Promise<{ id: string; theme_id: string }[]> {
    return this.db.query<{ id: string; theme_id: string }[]>(`SELECT id, theme_id FROM channels`);
  }

  findChannel(themeId: string, channelId: string): Promise<ChannelEntity | null> {
    return this.db.getRepository(ChannelEntity).findOneBy({ id: channelId, themeId });
  }

  /** Null when the slug is taken in the theme. */
  async createChannel(themeId: string, slug: string, name: string): Promise<ChannelEntity | null> {
    const repository = this.db.getRepository(ChannelEntity);
    try {
      const saved = await repository.save(repository.create({ themeId, slug, name, lastSeq: 0 }));
      return await repository.findOneByOrFail({ id: saved.id });
    } catch (error) {
      if (isUniqueViolation(error)) return null;
      throw error;
    }
  }

  async updateChannel(channel: ChannelEntity): Promise<void> {
    await this.db
      .getRepository(ChannelEntity)
      .update({ id: channel.id }, { name: channel.name, archivedAt: channel.archivedAt });
  }

  /** The open channel named `general` of a theme: where its announcements go. */
  async generalChannelId(themeId: string): Promise<string | null> {
    const [row] = await this.db.query<{ id: string }[]>(
      `SELECT id FROM channels WHERE theme_id = $1 AND slug = $2 AND archived_at IS NULL`,
      [themeId, GENERAL_CHANNEL.slug],
    );
    return row?.id ?? null;
  }

  /** What a member has to do with themes, for their data export: follows (with who added them) and ownerships. */
  async standingsOf(memberId: string): Promise<{
    follows: { themeId: string; slug: string; title: string; addedBy: string | null; since: Date }[];
    owns: { themeId: string; slug: string; title: string; since: Date }[];
  }> {
    const [follows, owns] = await Promise.all([
      this.db.query<
        { theme_id: string; slug: string; title: string; added_by: string | null; created_at: Date }[]
      >(
        `SELECT f.theme_id, t.slug, t.title, f.added_by, f.created_at FROM theme_follows f
           JOIN themes t ON t.id = f.theme_id WHERE f.member_id = $1 ORDER BY f.created_at, t.id`,
        [memberId],
      ),
      this.db.query<{ theme_id: string; slug: string; title: string; created_at: Date }[]>(
        `SELECT o.theme_id, t.slug, t.title, o.created_at FROM theme_owners o
           JOIN themes t ON t.id = o.theme_id WHERE o.member_id = $1 ORDER BY o.created_at, t.id`,
        [memberId],
      ),
    ]);
    return {
      follows: follows.map((r) => ({
        themeId: r.theme_id,
        slug: r.slug,
        title: r.title,
        addedBy: r.added_by,
        since: r.created_at,
      })),
      owns: owns.map((r) => ({ themeId: r.theme_id, slug: r.slug, title: r.title, since: r.created_at })),
    };
  }

  /** The member left: they follow and own nothing any more. */
  async removeMemberEverywhere(memberId: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`DELETE FROM theme_follows WHERE member_id = $1`, [memberId]);
      await tx.query(`DELETE FROM theme_owners WHERE member_id = $1`, [memberId]);
    });
  }

  private async replaceOwners(
    tx: EntityManager,
    themeId: string,
    ownerIds: readonly string[],
  ): Promise<void> {
    await tx.query(`DELETE FROM theme_owners WHERE theme_id = $1`, [themeId]);
    if (ownerIds.length) {
      await tx.query(`INSERT INTO theme_owners (theme_id, member_id) SELECT $1, unnest($2::uuid[])`, [
        themeId,
        ownerIds,
      ]);
    }
  }
}
