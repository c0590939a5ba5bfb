import { Injectable } from '@nestjs/common';
import {
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  decodeTimeIdCursor,
  encodeCursor,
  encodeTimeIdCursor,
  InvalidInputError,
  type Page,
} from '@app/common';
import type { DirectoryQueryDto } from './dto/directory.dto';
import type { UpdateProfileDto } from './dto/profile.dto';
import { MemberEntity } from './member.entity';
import { MemberNotFoundError } from './members.errors';
import { directoryNameKey, MembersRepository, type MemberCard } from './members.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A by-name cursor: `['name', key, id]`, so a newest-first cursor is refused here (and the other way). */
function decodeNameCursor(cursor: string): [string, string] {
  const [kind, key, id] = decodeCursor(cursor, 3);
  if (kind !== 'name' || typeof key !== 'string' || typeof id !== 'string' || !UUID.test(id)) {
    throw new InvalidInputError('INVALID_CURSOR', 'The cursor is not one this server issued');
  }
  return [key, id];
}

@Injectable()
export class MembersService {
  constructor(private readonly members: MembersRepository) {}

  async get(id: string): Promise<MemberEntity> {
    const member = await this.members.findById(id);
    if (!member) throw new MemberNotFoundError();
    return member;
  }

  /** MEMBER_NOT_FOUND unless every one of these members exists. */
  async assertExist(ids: readonly string[]): Promise<void> {
    const unique = [...new Set(ids)];
    if ((await this.members.cards(unique)).length !== unique.length) throw new MemberNotFoundError();
  }

  /** How these members are shown beside what they did (unknown ids are left out). */
  cards(ids: readonly string[]): Promise<MemberCard[]> {
    return this.members.cards(ids);
  }

  staffCards(): Promise<MemberCard[]> {
    return this.members.staffCards();
  }

  async updateProfile(id: string, changes: UpdateProfileDto): Promise<MemberEntity> {
    const member = await this.get(id);
    const { pastProjects, links, ...plain } = changes;
    Object.assign(member, plain, {
      // Copy nested DTO instances into plain JSON so jsonb stores only the validated fields.
      ...(pastProjects && { pastProjects: pastProjects.map((p) => ({ ...p })) }),
      ...(links && { links: links.map((l) => ({ label: l.label, url: l.url })) }),
    });
    return this.members.save(member);
  }

  /**
   * The directory, newest members first (`sort=newest`, the default) or by name (`sort=name`: furigana,
   * else display name), keyset-paginated. `within` narrows it to some members (another domain's people,
   * e.g. a theme's).
   */
  async directory(query: DirectoryQueryDto, within?: readonly string[]): Promise<Page<MemberEntity>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const byName = query.sort === 'name';
    const rows = await this.members.directory({
      text: query.q?.trim().toLowerCase(),
      skill: query.skill,
      relation: query.relation,
      memberIds: within && [...within],
      order: byName ? 'name' : 'newest',
      before: query.cursor
        ? byName
          ? decodeNameCursor(query.cursor)
          : decodeTimeIdCursor(query.cursor)
        : undefined,
      limit,
    });
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? byName
          ? encodeCursor(['name', directoryNameKey(last), last.id])
          : encodeTimeIdCursor(last.createdAt, last.id)
        : null;
    return { items, nextCursor };
  }
}
