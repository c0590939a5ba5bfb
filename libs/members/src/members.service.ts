import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DEFAULT_PAGE_SIZE, decodeTimeIdCursor, encodeTimeIdCursor, type Page } from '@app/common';
import type { DirectoryQueryDto } from './dto/directory.dto';
import type { UpdateProfileDto } from './dto/profile.dto';
import { MemberEntity } from './member.entity';
import { MemberNotFoundError } from './members.errors';

export interface DirectoryScope {
  clause: string;
  params: Record<string, unknown>;
}

/** Escapes LIKE's wildcards so a search for `50%` means the text "50%". */
export function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

@Injectable()
export class MembersService {
  constructor(@InjectRepository(MemberEntity) private readonly members: Repository<MemberEntity>) {}

  async get(id: string): Promise<MemberEntity> {
    const member = await this.members.findOneBy({ id });
    if (!member) throw new MemberNotFoundError();
    return member;
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
   * The directory, newest members first, keyset-paginated on (created_at, id). `scope` narrows it with a
   * condition on `m` that another domain supplies (e.g. the people of a theme).
   */
  async directory(query: DirectoryQueryDto, scope?: DirectoryScope): Promise<Page<MemberEntity>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const builder = this.members
      .createQueryBuilder('m')
      .orderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'DESC')
      .limit(limit + 1);

    if (query.q) {
      // search_text is lower(name, furigana, bio, skills) with a trigram index.
      builder.andWhere('m.search_text LIKE :pattern', {
        pattern: likeContains(query.q.trim().toLowerCase()),
      });
    }
    if (query.skill) builder.andWhere('m.skills @> ARRAY[:skill]::text[]', { skill: query.skill });
    if (query.relation) builder.andWhere('m.relation = :relation', { relation: query.relation });
    if (scope) builder.andWhere(scope.clause, scope.params);
    if (query.cursor) {
      const [createdAt, id] = decodeTimeIdCursor(query.cursor);
      builder.andWhere('(m.created_at, m.id) < (:createdAt::timestamptz, :id::uuid)', { createdAt, id });
    }

    const rows = await builder.getMany();
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    const nextCursor = rows.length > limit && last ? encodeTimeIdCursor(last.createdAt, last.id) : null;
    return { items, nextCursor };
  }
}
