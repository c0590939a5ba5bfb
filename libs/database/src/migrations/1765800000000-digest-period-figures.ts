import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The digest figures of closed periods, kept (issue 15): a period's `sent` and `returned72h` are final once its
 * last delivery is settled and the Tokyo day 72 hours after its last sending has ended, and counting them
 * again probes a member's activity for every delivery (1.5 million over three years of weekly digests to
 * 10,000 members: 7–9 s). The KPI domain computes a period once when first asked after it closed; clicks and
 * unsubscribes, which keep arriving, are always counted afresh.
 *
 * digest_deliveries_period_end_idx lists the periods of a range without reading their deliveries (a skip scan
 * over (period_end, period)), and reads one period's deliveries; the period indexes on clicks and
 * unsubscribes count one period's.
 */
export class DigestPeriodFigures1765800000000 implements MigrationInterface {
  name = 'DigestPeriodFigures1765800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX digest_deliveries_period_end_idx ON digest_deliveries (period_end, period)`);
    await db.query(`CREATE INDEX digest_clicks_period_idx ON digest_clicks (period)`);
    await db.query(`CREATE INDEX digest_unsubscribes_period_idx ON digest_unsubscribes (period)`);
    await db.query(`
      CREATE TABLE kpi_digest_periods (
        period text PRIMARY KEY,
        period_end timestamptz(3) NOT NULL,
        sent integer NOT NULL,
        returned_72h integer NOT NULL,
        computed_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE kpi_digest_periods`);
    await db.query(`DROP INDEX digest_unsubscribes_period_idx`);
    await db.query(`DROP INDEX digest_clicks_period_idx`);
    await db.query(`DROP INDEX digest_deliveries_period_end_idx`);
  }
}
