import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '@app/redis';
import { ActivityRepository, type VisitDay } from './activity.repository';
import { tokyoDay, tokyoDayStart } from '@app/common';
import { VISIT_KEYS, parsePendingEntry } from './visit-keys';

/** Where the last rollup stopped (an ISO instant of the database's clock). */
const WATERMARK_KEY = 'activity:engaged-until';
/** The Tokyo day whose re-sweep has run (see resweep). */
const RESWEEP_KEY = 'activity:reswept-on';
/**
 * Each rollup reads again this far behind its watermark: a row's created_at is when its transaction
 * started, and it may be committed (and visible) a little later, or stamped by an api process whose clock
 * is a little behind. Upserts are idempotent, so reading a row twice costs nothing.
 */
export const ROLLUP_SAFETY_MS = 5 * 60_000;
/** A backfill works through history in windows this long, one statement each. */
const BACKFILL_WINDOW_MS = 31 * 24 * 3600_000;
/** Visits taken from Redis per statement. */
const FLUSH_BATCH = 1000;

export interface ActivityTickResult {
  visits: number;
  engaged: number;
  /** Member-days found by the day's re-sweep (0 on every other tick). */
  reswept: number;
}

/**
 * What the worker's activity ticker runs (ActivityTicker, every ACTIVITY_TICK_SECONDS):
 * - flushVisits: the pending visits from Redis into activity_days, 1,000 per statement (unnest).
 * - rollUp: marks engaged the member-days of messages, replies, reactions, RSVPs and check-ins since the
 *   watermark (minus ROLLUP_SAFETY_MS), from the rows those actions write anyway. Nothing is written on
 *   the chat send path (or any other) to count engagement.
 * - resweep: once per Tokyo day, the same from the start of yesterday, for rows committed later than the
 *   safety window allows (a transaction open for more than five minutes).
 * - backfill: the same over all history (the migration runs it once; `npm run cli -- activity:backfill`).
 */
@Injectable()
export class ActivityRollup {
  private readonly logger = new Logger(ActivityRollup.name);

  constructor(
    private readonly activity: ActivityRepository,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async tick(): Promise<ActivityTickResult> {
    const visits = await this.flushVisits();
    const engaged = await this.rollUp();
    const reswept = await this.resweep();
    return { visits, engaged, reswept };
  }

  /**
   * Takes the pending visits out of Redis and writes them. A failed write puts them back for the next tick;
   * only a process that dies between SPOP and the end of the INSERT loses its batch (at most 1,000 visits),
   * and a Redis that restarts without its data loses what was pending (at most one tick's worth).
   */
  async flushVisits(): Promise<number> {
    let flushed = 0;
    for (;;) {
      const entries = await this.redis.spop(VISIT_KEYS.pending, FLUSH_BATCH);
      if (!entries.length) return flushed;
      const visits = entries.map(parsePendingEntry).filter((visit): visit is VisitDay => visit !== null);
      try {
        await this.activity.markVisited(visits);
      } catch (error) {
        await this.redis.sadd(VISIT_KEYS.pending, ...entries);
        throw error;
      }
      flushed += visits.length;
      if (entries.length < FLUSH_BATCH) return flushed;
    }
  }

  /** From the watermark (minus the safety window) to now by the database's clock. */
  async rollUp(): Promise<number> {
    const to = await this.activity.now();
    const watermark = await this.redis.get(WATERMARK_KEY);
    const from = watermark ? new Date(Date.parse(watermark) - ROLLUP_SAFETY_MS) : await this.restartPoint(to);
    const engaged = await this.rollUpRange(from, to);
    await this.redis.set(WATERMARK_KEY, to.toISOString());
    return engaged;
  }

  /**
   * On the first tick of a Tokyo day, rolls up again from the start of yesterday: what it finds is what the
   * rollup missed. Two workers may both run it on the same tick; the upserts make that harmless.
   */
  async resweep(): Promise<number> {
    const now = await this.activity.now();
    const today = tokyoDay(now);
    if ((await this.redis.get(RESWEEP_KEY)) === today) return 0;
    const yesterday = tokyoDay(new Date(tokyoDayStart(today).getTime() - 1));
    const found = await this.rollUpRange(tokyoDayStart(yesterday), now);
    await this.redis.set(RESWEEP_KEY, today);
    if (found) this.logger.log(`re-sweep from ${yesterday}: ${found} member-days the rollup had missed`);
    return found;
  }

  /** All history: safe to run at any time, any number of times. */
  async backfill(): Promise<number> {
    const first = await this.activity.firstEngagement();
    if (!first) return 0;
    return this.rollUpRange(first, new Date((await this.activity.now()).getTime() + 1));
  }

  /**
   * Without a watermark (first start, or Redis lost its data): from the start of the last day already
   * marked engaged (today at the latest), or from the beginning on a database never rolled up.
   */
  private async restartPoint(now: Date): Promise<Date> {
    const day = await this.activity.lastEngagedDay();
    if (day) {
      const today = tokyoDay(now);
      return tokyoDayStart(day < today ? day : today);
    }
    const first = await this.activity.firstEngagement();
    this.logger.log('no activity watermark: rolling up all history');
    return first ?? new Date(0);
  }

  private async rollUpRange(from: Date, to: Date): Promise<number> {
    let engaged = 0;
    for (let start = from.getTime(); start < to.getTime(); start += BACKFILL_WINDOW_MS) {
      const end = Math.min(start + BACKFILL_WINDOW_MS, to.getTime());
      engaged += await this.activity.markEngaged(new Date(start), new Date(end));
    }
    return engaged;
  }
}
