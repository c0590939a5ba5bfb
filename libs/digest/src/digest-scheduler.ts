import { InjectQueue } from '@nestjs/bullmq';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '@app/config';
import { updateReturning } from '@app/database';
import {
  DIGEST_FREQUENCIES,
  QUEUES,
  digestJobId,
  restoreOnReconnect,
  type DigestFrequency,
  type DigestScheduleJob,
  type DigestSendJob,
} from '@app/queue';
import type { DigestRunDto } from './dto/digest-run.dto';

/** A `sending` row this old belongs to a job that died mid-send: whether SMTP took the mail is unknown. */
const INTERRUPTED_AFTER = '15 minutes';
/** A `queued` row this old whose job is gone (a crash between the insert and the enqueue) is enqueued again. */
const STRANDED_AFTER = '10 minutes';

/**
 * The local period a member is due for, computed in SQL for a whole batch:
 * - scheduled: the period that ended at the member's latest send time at or before now
 *   (weekly: ISO weekday + hour; daily: hour), in the member's own time zone;
 * - admin run ($3 = true): the period that ends now, whatever the send hour.
 * "Now" is when the run ($4) was recorded, the same instant for every batch of the run (and for a retry
 * of it): an admin run's members then share one window, so DigestContentService computes each theme's
 * summary once per run instead of once per batch.
 * The key is the ISO week (weekly) or the date (daily) of the period's local end, so one member
 * gets at most one digest per week or day whoever triggers it. Members who joined after the period
 * ended are not due for it.
 */
const ENQUEUE_DUE_SQL = `
  WITH batch AS (
    SELECT m.id, m.created_at, m.time_zone, m.digest_weekday, m.digest_hour,
           ((SELECT r.created_at FROM digest_runs r WHERE r.id = $4) AT TIME ZONE m.time_zone) AS local_now
      FROM members m WHERE m.id = ANY($1::uuid[])
  ), due AS (
    SELECT b.id, b.created_at, b.time_zone, e.local_end
      FROM batch b
     CROSS JOIN LATERAL (
       SELECT CASE $2 WHEN 'daily' THEN date_trunc('day', b.local_now) + make_interval(hours => b.digest_hour)
              ELSE date_trunc('day', b.local_now)
                   - make_interval(days => (extract(isodow FROM b.local_now)::int - b.digest_weekday + 7) % 7)
                   + make_interval(hours => b.digest_hour) END AS candidate) c
     CROSS JOIN LATERAL (
       SELECT CASE WHEN $3 THEN b.local_now
                   WHEN c.candidate <= b.local_now THEN c.candidate
                   ELSE c.candidate - CASE $2 WHEN 'daily' THEN interval '1 day' ELSE interval '7 days' END
              END AS local_end) e
  )
  INSERT INTO digest_deliveries (member_id, period, frequency, period_start, period_end, run_id)
  SELECT d.id,
         to_char(d.local_end, CASE $2 WHEN 'daily' THEN 'YYYY-MM-DD' ELSE 'IYYY-"W"IW' END),
         $2,
         (d.local_end - CASE $2 WHEN 'daily' THEN interval '1 day' ELSE interval '7 days' END) AT TIME ZONE d.time_zone,
         d.local_end AT TIME ZONE d.time_zone,
         $4
    FROM due d
   WHERE (d.local_end AT TIME ZONE d.time_zone) > d.created_at
  ON CONFLICT (member_id, period) DO NOTHING
  RETURNING member_id, period`;

interface RunRow {
  id: string;
  frequency: DigestFrequency;
  trigger: 'schedule' | 'admin';
  created_at: Date;
  finished_enqueuing_at: Date | null;
  enqueued: number;
  pending: string;
  sent: string;
  skipped: string;
  failed: string;
}

/** Finds the members whose digest is due and enqueues one job each; also what admins see of runs. */
@Injectable()
export class DigestScheduler {
  private readonly logger = new Logger(DigestScheduler.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectQueue(QUEUES.digestSchedule) private readonly scheduleQueue: Queue<DigestScheduleJob>,
    @InjectQueue(QUEUES.digestSend) private readonly sendQueue: Queue<DigestSendJob>,
  ) {}

  /**
   * Creates the ticker, and creates it again whenever the queue's Redis connection comes back: the job
   * scheduler lives only in Redis, and a Redis that restarted without its data has lost it.
   */
  keepTicker(): Promise<void> {
    return restoreOnReconnect(this.scheduleQueue, 'the digest ticker', () => this.ensureTicker());
  }

  /** Idempotent: a restart or a second worker updates the same scheduler instead of adding one. */
  private async ensureTicker(): Promise<void> {
    await this.scheduleQueue.upsertJobScheduler(
      'digest-tick',
      { every: this.config.DIGEST_TICK_SECONDS * 1000 },
      { name: 'tick', data: { kind: 'tick' } },
    );
  }

  /** One tick: clean up after crashes, then enqueue everyone due, per frequency. */
  async tick(): Promise<void> {
    await this.markInterrupted();
    await this.requeueStranded();
    for (const frequency of DIGEST_FREQUENCIES) {
      const runId = await this.createRun(frequency, 'schedule', null);
      const enqueued = await this.enqueueDue(runId, frequency, false);
      // A tick that found nobody is not worth a line in the admins' list.
      if (enqueued === 0) await this.db.query(`DELETE FROM digest_runs WHERE id = $1`, [runId]);
    }
  }

  /**
   * An admin's run: recorded now, enqueued by the worker (it may be 100,000 members). `adminId` is
   * null when an operator starts it from the cli.
   */
  async startAdminRun(frequency: DigestFrequency, adminId: string | null): Promise<DigestRunDto> {
    const runId = await this.createRun(frequency, 'admin', adminId);
    await this.scheduleQueue.add('run', { kind: 'run', runId, frequency }, { jobId: `run-${runId}` });
    return (await this.runs(1, runId))[0];
  }

  /** Walks the members with that frequency in keyset batches; returns how many digests were enqueued. */
  async enqueueDue(runId: string, frequency: DigestFrequency, endsNow: boolean): Promise<number> {
    let cursor = '00000000-0000-0000-0000-000000000000';
    let enqueued = 0;
    for (;;) {
      const batch = await this.db.query<{ id: string }[]>(
        `SELECT id FROM members
          WHERE digest_frequency = $1 AND mail_undeliverable_at IS NULL AND id > $2
          ORDER BY id LIMIT $3`,
        [frequency, cursor, this.config.DIGEST_BATCH_SIZE],
      );
      if (!batch.length) break;
      cursor = batch[batch.length - 1].id;
      const rows = await this.db.query<{ member_id: string; period: string }[]>(ENQUEUE_DUE_SQL, [
        batch.map((row) => row.id),
        frequency,
        endsNow,
        runId,
      ]);
      await this.enqueue(rows);
      enqueued += rows.length;
      await this.db.query(`UPDATE digest_runs SET enqueued = $2 WHERE id = $1`, [runId, enqueued]);
    }
    await this.db.query(`UPDATE digest_runs SET finished_enqueuing_at = now() WHERE id = $1`, [runId]);
    if (enqueued) this.logger.log({ runId, frequency, enqueued }, 'digests enqueued');
    return enqueued;
  }

  /** Newest first, with the state of each run's digests. */
  async runs(limit = 20, id?: string): Promise<DigestRunDto[]> {
    const rows = await this.db.query<RunRow[]>(
      `SELECT r.id, r.frequency, r.trigger, r.created_at, r.finished_enqueuing_at, r.enqueued,
              count(*) FILTER (WHERE d.status IN ('queued', 'sending')) AS pending,
              count(*) FILTER (WHERE d.status = 'sent') AS sent,
              count(*) FILTER (WHERE d.status = 'skipped') AS skipped,
              count(*) FILTER (WHERE d.status = 'failed') AS failed
         FROM digest_runs r LEFT JOIN digest_deliveries d ON d.run_id = r.id
        WHERE $2::uuid IS NULL OR r.id = $2
        GROUP BY r.id ORDER BY r.created_at DESC, r.id DESC LIMIT $1`,
      [limit, id ?? null],
    );
    return rows.map((row) => ({
      id: row.id,
      frequency: row.frequency,
      trigger: row.trigger,
      createdAt: row.created_at,
      enqueuingDone: row.finished_enqueuing_at !== null,
      enqueued: row.enqueued,
      pending: Number(row.pending),
      sent: Number(row.sent),
      skipped: Number(row.skipped),
      failed: Number(row.failed),
    }));
  }

  private async createRun(
    frequency: DigestFrequency,
    trigger: 'schedule' | 'admin',
    requestedBy: string | null,
  ): Promise<string> {
    const id = randomUUID();
    await this.db.query(
      `INSERT INTO digest_runs (id, frequency, trigger, requested_by) VALUES ($1, $2, $3, $4)`,
      [id, frequency, trigger, requestedBy],
    );
    return id;
  }

  private async enqueue(rows: { member_id: string; period: string }[]): Promise<void> {
    if (!rows.length) return;
    await this.sendQueue.addBulk(
      rows.map((row) => ({
        name: 'send',
        data: { memberId: row.member_id, period: row.period },
        opts: { jobId: digestJobId(row.member_id, row.period) },
      })),
    );
  }

  /**
   * A job that died between claiming its row and recording the outcome may have handed the mail to
   * SMTP: sending again could mean two digests, so the row is closed as failed, never resent.
   */
  private async markInterrupted(): Promise<void> {
    const rows = await updateReturning<{ member_id: string }>(
      this.db,
      `UPDATE digest_deliveries SET status = 'failed', updated_at = now(),
              error = 'INTERRUPTED: the job stopped while sending; not retried so no one gets the digest twice'
        WHERE status = 'sending' AND updated_at < now() - interval '${INTERRUPTED_AFTER}'
        RETURNING member_id`,
      [],
    );
    if (rows.length) this.logger.warn({ count: rows.length }, 'digests interrupted while sending');
  }

  /** Rows inserted by a tick that crashed before enqueuing; same job ids, so live jobs are not doubled. */
  private async requeueStranded(): Promise<void> {
    const rows = await this.db.query<{ member_id: string; period: string }[]>(
      `SELECT member_id, period FROM digest_deliveries
        WHERE status = 'queued' AND updated_at < now() - interval '${STRANDED_AFTER}' LIMIT 10000`,
    );
    await this.enqueue(rows);
  }
}
