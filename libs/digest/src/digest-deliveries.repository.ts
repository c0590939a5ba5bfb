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

/** A delivery row's key: one digest per member and period. */
export interface DeliveryKey {
  memberId: string;
  period: string;
}

/** What became of a claimed row. */
export interface DeliveryOutcomeRow extends DeliveryKey {
  status: 'sent' | 'skipped' | 'failed';
  messageId?: string;
  error?: string;
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

/** One order of keys for every worker: rows are locked in it. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

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
   * Moves these rows queued → sending, counting the attempt, in one statement: the rows of concurrent jobs
   * (DigestSender gathers them). A row that is not queued (sent, skipped, or being sent by another job, in
   * this process or another) is not claimed: null. The rows are locked in key order before the update, so
   * two workers claiming overlapping sets wait for each other instead of deadlocking; the update's own
   * `status = 'queued'` is checked again on the row as the other left it. Prepared: a run makes it for every member.
   */
  async claimMany(keys: readonly DeliveryKey[]): Promise<(ClaimedDelivery | null)[]> {
    const sorted = [...keys].sort((a, b) => compare(a.memberId, b.memberId) || compare(a.period, b.period));
    const rows = await preparedQuery<{
      member_id: string;
      period: string;
      frequency: DigestFrequency;
      period_start: Date;
      period_end: Date;
      last_sent_end: Date | null;
    }>(
      this.db,
      'digest_claim_many',
      // Each row is an exact key lookup (lateral), whatever the statistics say of queued rows, locked in
      // the order of the keys, which are sorted. The update then finds them by their physical address (a
      // join on the key, or a second status test, let the planner read every queued row of the run for
      // each batch): they are locked by this statement and were queued when it locked them.
      `WITH open AS (
         SELECT o.ctid FROM unnest($1::uuid[], $2::text[]) AS k (member_id, period)
          CROSS JOIN LATERAL (
            SELECT ctid FROM digest_deliveries
             WHERE member_id = k.member_id AND period = k.period AND status = 'queued'
               FOR UPDATE) o)
       UPDATE digest_deliveries d SET status = 'sending', attempts = d.attempts + 1, updated_at = now()
        WHERE d.ctid = ANY (ARRAY(SELECT ctid FROM open))
       RETURNING d.member_id, d.period, d.frequency, d.period_start, d.period_end,
                 (SELECT max(s.period_end) FROM digest_deliveries s
                   WHERE s.member_id = d.member_id AND s.status = 'sent' AND s.period_end < d.period_end) AS last_sent_end`,
      [sorted.map((key) => key.memberId), sorted.map((key) => key.period)],
    );
    const claimed = new Map(rows.map((row) => [`${row.member_id}|${row.period}`, row]));
    return keys.map((key) => {
      // A key asked for twice in one batch (a job BullMQ thought stalled, run again beside itself) is
      // claimed once: the second asker gets null, as it would from a statement of its own.
      const id = `${key.memberId}|${key.period}`;
      const row = claimed.get(id);
      claimed.delete(id);
      return row
        ? {
            frequency: row.frequency,
            periodStart: row.period_start,
            periodEnd: row.period_end,
            lastSentEnd: row.last_sent_end,
          }
        : null;
    });
  }

  /** Records the outcomes of claimed rows, in one statement (the rows of concurrent jobs). */
  async finishMany(outcomes: readonly DeliveryOutcomeRow[]): Promise<void> {
    await preparedQuery(
      this.db,
      'digest_finish_many',
      `UPDATE digest_deliveries d SET status = f.status, message_id = f.message_id, error = f.error, updated_at = now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[])
              AS f (member_id, period, status, message_id, error)
        WHERE d.member_id = f.member_id AND d.period = f.period AND d.status = 'sending'`,
      [
        outcomes.map((row) => row.memberId),
        outcomes.map((row) => row.period),
        outcomes.map((row) => row.status),
        outcomes.map((row) => row.messageId ?? null),
        outcomes.map((row) => row.error ?? null),
      ],
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
  async ofMember(memberId: string): Promise<
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
