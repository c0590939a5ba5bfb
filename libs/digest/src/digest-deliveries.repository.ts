import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { preparedQuery, updateReturning } from '@app/database';
import type { DigestFrequency } from '@app/queue';
import type { DigestRunDto } from './dto/digest-run.dto';

export interface NewDelivery {
  memberId: string;
  period: string;
  periodStart: Date;
  periodEnd: Date;
}

/** A delivery row claimed for sending: its period, and where the member's last sent digest ended. */
export interface ClaimedDelivery {
  frequency: DigestFrequency;
  periodStart: Date;
  periodEnd: Date;
  lastSentEnd: Date | null;
}

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

/** A `sending` row this old belongs to a job that died mid-send: whether SMTP took the mail is unknown. */
const INTERRUPTED_AFTER = '15 minutes';
/** A `queued` row this old whose job is gone (a crash between the insert and the enqueue) is enqueued again. */
const STRANDED_AFTER = '10 minutes';

/**
 * digest_deliveries and digest_runs. A delivery row per member and period is what makes a digest go out at
 * most once: its unique key refuses a second row, and only the job that moves it queued → sending hands
 * the mail to SMTP.
 */
@Injectable()
export class DigestDeliveriesRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async createRun(frequency: DigestFrequency, trigger: 'schedule' | 'admin', requestedBy: string | null) {
    const id = randomUUID();
    const [row] = await this.db.query<{ created_at: Date }[]>(
      `INSERT INTO digest_runs (id, frequency, trigger, requested_by) VALUES ($1, $2, $3, $4) RETURNING created_at`,
      [id, frequency, trigger, requestedBy],
    );
    return { id, createdAt: row.created_at };
  }

  /** When the run was recorded: the same "now" for every batch of it (and for a retry). */
  async runCreatedAt(runId: string): Promise<Date> {
    const [row] = await this.db.query<{ created_at: Date }[]>(
      `SELECT created_at FROM digest_runs WHERE id = $1`,
      [runId],
    );
    return row.created_at;
  }

  async deleteRun(runId: string): Promise<void> {
    await this.db.query(`DELETE FROM digest_runs WHERE id = $1`, [runId]);
  }

  async setEnqueued(runId: string, enqueued: number): Promise<void> {
    await this.db.query(`UPDATE digest_runs SET enqueued = $2 WHERE id = $1`, [runId, enqueued]);
  }

  async finishEnqueuing(runId: string): Promise<void> {
    await this.db.query(`UPDATE digest_runs SET finished_enqueuing_at = now() WHERE id = $1`, [runId]);
  }

  /** Inserts the rows that do not exist yet (ON CONFLICT DO NOTHING); returns exactly the new ones. */
  async insertNew(
    runId: string,
    frequency: DigestFrequency,
    rows: readonly NewDelivery[],
  ): Promise<{ memberId: string; period: string }[]> {
    if (!rows.length) return [];
    const inserted = await this.db.query<{ member_id: string; period: string }[]>(
      `INSERT INTO digest_deliveries (member_id, period, frequency, period_start, period_end, run_id)
       SELECT member_id, period, $2, period_start, period_end, $1
         FROM unnest($3::uuid[], $4::text[], $5::timestamptz[], $6::timestamptz[])
              AS d (member_id, period, period_start, period_end)
       ON CONFLICT (member_id, period) DO NOTHING
       RETURNING member_id, period`,
      [
        runId,
        frequency,
        rows.map((row) => row.memberId),
        rows.map((row) => row.period),
        rows.map((row) => row.periodStart),
        rows.map((row) => row.periodEnd),
      ],
    );
    return inserted.map((row) => ({ memberId: row.member_id, period: row.period }));
  }

  /** Newest first, with the state of each run's digests. */
  async runs(limit: number, id?: string): Promise<DigestRunDto[]> {
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

  /**
   * Closes the rows of jobs that died between claiming and recording: SMTP may have taken the mail, so they
   * are never resent. Returns how many.
   */
  async closeInterrupted(): Promise<number> {
    const rows = await updateReturning<{ member_id: string }>(
      this.db,
      `UPDATE digest_deliveries SET status = 'failed', updated_at = now(),
              error = 'INTERRUPTED: the job stopped while sending; not retried so no one gets the digest twice'
        WHERE status = 'sending' AND updated_at < now() - interval '${INTERRUPTED_AFTER}'
        RETURNING member_id`,
      [],
    );
    return rows.length;
  }

  /** Rows inserted by a tick that crashed before enqueuing them. */
  async stranded(limit: number): Promise<{ memberId: string; period: string }[]> {
    const rows = await this.db.query<{ member_id: string; period: string }[]>(
      `SELECT member_id, period FROM digest_deliveries
        WHERE status = 'queued' AND updated_at < now() - interval '${STRANDED_AFTER}' LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ memberId: row.member_id, period: row.period }));
  }

  /**
   * Moves the row queued → sending (only one job can), counting the attempt. Prepared, like the other
   * statements of a send: a run makes them once per member, and planning cost more than running them.
   */
  async claim(memberId: string, period: string): Promise<ClaimedDelivery | null> {
    const [row] = await preparedQuery<{
      frequency: DigestFrequency;
      period_start: Date;
      period_end: Date;
      last_sent_end: Date | null;
    }>(
      this.db,
      'digest_claim',
      `UPDATE digest_deliveries d SET status = 'sending', attempts = d.attempts + 1, updated_at = now()
        WHERE d.member_id = $1 AND d.period = $2 AND d.status = 'queued'
        RETURNING d.frequency, d.period_start, d.period_end,
                  (SELECT max(s.period_end) FROM digest_deliveries s
                    WHERE s.member_id = d.member_id AND s.status = 'sent' AND s.period_end < d.period_end) AS last_sent_end`,
      [memberId, period],
    );
    return row
      ? {
          frequency: row.frequency,
          periodStart: row.period_start,
          periodEnd: row.period_end,
          lastSentEnd: row.last_sent_end,
        }
      : null;
  }

  /** Records the outcome of a claimed row. */
  async finish(
    memberId: string,
    period: string,
    status: 'sent' | 'skipped' | 'failed',
    detail: { messageId?: string; error?: string },
  ): Promise<void> {
    await preparedQuery(
      this.db,
      'digest_finish',
      `UPDATE digest_deliveries SET status = $3, message_id = $4, error = $5, updated_at = now()
        WHERE member_id = $1 AND period = $2 AND status = 'sending'`,
      [memberId, period, status, detail.messageId ?? null, detail.error ?? null],
    );
  }

  /** Gives a claimed row back (nothing was sent): the job's retry may send it. */
  async release(memberId: string, period: string, error: string): Promise<void> {
    await this.db.query(
      `UPDATE digest_deliveries SET status = 'queued', updated_at = now(), error = $3
        WHERE member_id = $1 AND period = $2 AND status = 'sending'`,
      [memberId, period, error],
    );
  }

  /** Where the member's last sent digest ended (a preview starts there). */
  async lastSentEnd(memberId: string): Promise<Date | null> {
    const [row] = await this.db.query<{ last: Date | null }[]>(
      `SELECT max(period_end) AS last FROM digest_deliveries WHERE member_id = $1 AND status = 'sent'`,
      [memberId],
    );
    return row?.last ?? null;
  }

  /** The digests made for a member (what period, and what became of each), oldest first: their data export. */
  async ofMember(
    memberId: string,
  ): Promise<
    {
      period: string;
      frequency: string;
      periodStart: string;
      periodEnd: string;
      status: string;
      at: string;
    }[]
  > {
    const rows = await this.db.query<
      {
        period: string;
        frequency: string;
        period_start: Date;
        period_end: Date;
        status: string;
        updated_at: Date;
      }[]
    >(
      `SELECT period, frequency, period_start, period_end, status, updated_at FROM digest_deliveries
        WHERE member_id = $1 ORDER BY period_end, period`,
      [memberId],
    );
    return rows.map((row) => ({
      period: row.period,
      frequency: row.frequency,
      periodStart: row.period_start.toISOString(),
      periodEnd: row.period_end.toISOString(),
      status: row.status,
      at: row.updated_at.toISOString(),
    }));
  }
}
