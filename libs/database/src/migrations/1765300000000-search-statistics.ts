import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Finer statistics of messages.search_bigrams. Search chooses its way by how common the text's rarest
 * bigram is (MessagesRepository.search): ANALYZE keeps the frequencies of up to ten times the statistics
 * target of the most common elements, and a bigram not among them counts as rarer than the last one kept.
 * With 1,000 (not the default 100) the last one kept is about ten times rarer, so far fewer texts are
 * taken for common when they are not.
 */
export class SearchStatistics1765300000000 implements MigrationInterface {
  name = 'SearchStatistics1765300000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messages ALTER COLUMN search_bigrams SET STATISTICS 1000`);
    await db.query(`ANALYZE messages (search_bigrams)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messages ALTER COLUMN search_bigrams SET STATISTICS -1`);
  }
}
