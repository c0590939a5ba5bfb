import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import type { AuthMember } from '@app/auth';
import { AccountsService } from '@app/members';
import { ThemesService } from '@app/themes';
import { createIntegrationModule, uniqueEmail } from '@test/support';
import { ChatModule } from './chat.module';
import { MessagesRepository } from './messages.repository';

/**
 * Search picks its way by how common the text is (a walk through the newest messages, a longer walk, the
 * GIN index): every way must give the same pages as one plain query, newest first, cursor by cursor.
 */
describe('MessagesRepository.search (real PostgreSQL)', () => {
  let moduleRef: TestingModule;
  let db: DataSource;
  let channelId: string;
  let otherChannelId: string;

  beforeAll(async () => {
    moduleRef = await createIntegrationModule([ChatModule]);
    db = moduleRef.get(DataSource);
    const themes = moduleRef.get(ThemesService);
    const owner = await moduleRef
      .get(AccountsService)
      .createAccount(
        { email: uniqueEmail('search-owner'), password: 'password-1', displayName: '検索' },
        'coordinator',
      );
    const coordinator: AuthMember = { id: owner.id, role: owner.role };
    const slug = `search-${Date.now().toString(36)}`;
    await themes.create({ slug, title: '検索の試験' }, coordinator);
    await themes.create({ slug: `${slug}-other`, title: '別のテーマ' }, coordinator);
    [{ id: channelId }] = await themes.channels(slug, coordinator);
    [{ id: otherChannelId }] = await themes.channels(`${slug}-other`, coordinator);
    // 3,000 messages a minute apart (two at a time share a timestamp: the id breaks the tie): 塩尻 in every
    // 50th, workshop in every 10th (in mixed case), ざざむし in three old ones; every 97th deleted; the other
    // channel has the terms too, and must never show.
    for (const [channel, count] of [
      [channelId, 3000],
      [otherChannelId, 200],
    ] as const) {
      await db.query(
        `INSERT INTO messages (channel_id, seq, author_id, body, created_at, deleted_at)
         SELECT $1, i, $2,
                CASE WHEN i % 97 = 0 THEN ''
                     ELSE 'メッセージ ' || i
                          || CASE WHEN i % 50 = 0 THEN ' 塩尻の話' ELSE '' END
                          || CASE WHEN i % 10 = 3 THEN ' the WorkShop' ELSE '' END
                          || CASE WHEN i IN (5, 17, 1001) THEN ' ざざむし' ELSE '' END END,
                now() - ((($3::int - i) / 2) * interval '1 minute'),
                CASE WHEN i % 97 = 0 THEN now() END
           FROM generate_series(1, $3::int) AS i`,
        [channel, owner.id, count],
      );
      await db.query(`UPDATE channels SET last_seq = $2 WHERE id = $1`, [channel, count]);
    }
  });
  afterAll(() => moduleRef.close());

  async function reference(text: string): Promise<string[]> {
    const rows = await db.query<{ id: string }[]>(
      `SELECT id FROM messages WHERE channel_id = $1 AND deleted_at IS NULL AND lower(body) LIKE $2
        ORDER BY created_at DESC, id DESC`,
      [channelId, `%${text.toLowerCase()}%`],
    );
    return rows.map((row) => row.id);
  }

  async function everyPage(repo: MessagesRepository, text: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor: [string, string] | null = null;
    for (;;) {
      const rows = await repo.search([channelId], text, cursor, limit);
      const page = rows.slice(0, limit);
      ids.push(...page.map((row) => row.id));
      for (const row of page) expect(row.deleted).toBe(false);
      if (rows.length <= limit) return ids;
      const last = page[page.length - 1];
      cursor = [last.createdAt, last.id];
    }
  }

  it.each([
    ['塩尻', 'a walk, then a longer one'],
    ['workshop', 'the first walk'],
    ['ざざむし', 'the index after a walk'],
    ['見つからない', 'nothing anywhere'],
  ])('pages %s (%s) exactly as one plain query would, before and after ANALYZE', async (text) => {
    const expected = await reference(text);
    expect(await everyPage(new MessagesRepository(db), text, 20)).toEqual(expected);
    expect(await everyPage(new MessagesRepository(db), text, 7)).toEqual(expected);
    // With statistics, a text whose rarest bigram is rare goes straight to the index.
    await db.query('ANALYZE messages');
    expect(await everyPage(new MessagesRepository(db), text, 20)).toEqual(expected);
    expect(await everyPage(new MessagesRepository(db), text, 7)).toEqual(expected);
  });
});
