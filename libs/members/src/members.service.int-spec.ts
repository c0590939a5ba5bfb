import type { TestingModule } from '@nestjs/testing';
import { InvalidInputError } from '@app/common';
import { createIntegrationModule, uniqueEmail } from '@test/support';
import { AccountsService } from './accounts.service';
import { MembersModule } from './members.module';
import { MembersService } from './members.service';

describe('MembersService directory (real PostgreSQL)', () => {
  let moduleRef: TestingModule;
  let members: MembersService;
  let accounts: AccountsService;
  const marker = `mk${Date.now().toString(36)}`;
  const ids: string[] = [];

  async function addMember(displayName: string, profile: Parameters<MembersService['updateProfile']>[1]) {
    const member = await accounts.createAccount(
      { email: uniqueEmail('dir'), password: 'password-1', displayName },
      'member',
    );
    await members.updateProfile(member.id, { ...profile, bio: `${profile.bio ?? ''} ${marker}` });
    ids.push(member.id);
    return member;
  }

  beforeAll(async () => {
    moduleRef = await createIntegrationModule([MembersModule]);
    members = moduleRef.get(MembersService);
    accounts = moduleRef.get(AccountsService);
    await addMember('小林 誠', {
      bio: '木曽平沢で漆器の工房を営んでいます',
      skills: ['漆器'],
      relation: 'theme_owner',
    });
    await addMember('Emily Carter', {
      bio: 'Product designer who loves Narai-juku',
      skills: ['UX'],
      relation: 'supporter',
    });
    await addMember('佐藤 健太', {
      furigana: 'さとう けんた',
      bio: 'マーケティング担当',
      skills: ['CMO'],
      relation: 'side_job_professional',
    });
    for (let i = 0; i < 12; i += 1) await addMember(`会員 ${i}`, { bio: `普通の会員 100%_${i}` });
  });
  afterAll(() => moduleRef.close());

  it('finds a Japanese substring inside a bio', async () => {
    const page = await members.directory({ q: `漆器` });
    expect(page.items.map((m) => m.displayName)).toContain('小林 誠');
    expect(page.items.every((m) => `${m.bio} ${m.skills.join(' ')}`.includes('漆器'))).toBe(true);
  });

  it('finds English case-insensitively, and furigana', async () => {
    expect((await members.directory({ q: 'NARAI' })).items.map((m) => m.displayName)).toContain(
      'Emily Carter',
    );
    expect((await members.directory({ q: 'けんた' })).items.map((m) => m.displayName)).toContain('佐藤 健太');
  });

  it('treats % and _ in a query as text, not wildcards', async () => {
    const page = await members.directory({ q: `100%_3 ${marker}`.split(' ')[0], limit: 100 });
    expect(page.items.map((m) => m.displayName)).toEqual(['会員 3']);
  });

  it('filters by skill and by relation', async () => {
    const bySkill = await members.directory({ q: marker, skill: 'CMO' });
    expect(bySkill.items.map((m) => m.displayName)).toEqual(['佐藤 健太']);
    const byRelation = await members.directory({ q: marker, relation: 'supporter' });
    expect(byRelation.items.map((m) => m.displayName)).toEqual(['Emily Carter']);
  });

  it('pages newest first with no duplicates and no gaps', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await members.directory({ q: marker, limit: 4, cursor });
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...ids].reverse());
  });

  it('pages by name (furigana, else display name) on its own keyset, in byte order of the lower-cased key', async () => {
    const seen: { id: string; key: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await members.directory({ q: marker, limit: 4, cursor, sort: 'name' });
      seen.push(...page.items.map((m) => ({ id: m.id, key: (m.furigana ?? m.displayName).toLowerCase() })));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(4);
    expect(new Set(seen.map((row) => row.id)).size).toBe(ids.length);
    const sorted = [...seen].sort((a, b) =>
      a.key === b.key ? (a.id < b.id ? -1 : 1) : Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)),
    );
    expect(seen).toEqual(sorted);
    // Kana furigana after Latin names, so 佐藤 健太 (さとう けんた) comes after Emily Carter and 会員 … (by name).
    const order = seen.map((row) => row.key);
    expect(order.indexOf('emily carter')).toBeLessThan(order.indexOf('さとう けんた'));
  });

  it('rejects a cursor it did not issue', async () => {
    await expect(members.directory({ cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('keeps nested profile data as plain JSON', async () => {
    const member = await addMember('Links', { links: [{ label: 'note', url: 'https://note.example/x' }] });
    const reloaded = await members.get(member.id);
    expect(reloaded.links).toEqual([{ label: 'note', url: 'https://note.example/x' }]);
  });
});
