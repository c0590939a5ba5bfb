import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { VisitRecorder } from '@app/auth';
import { REDIS } from '@app/redis';
import { tokyoDay } from '@app/common';
import { VISIT_DAY_TTL_SECONDS, VISIT_KEYS, pendingEntry } from './visit-keys';

/** First of the day for this member in any process? Then it waits in the pending set for the flush. */
const MARK_VISIT = `
if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  redis.call('SADD', KEYS[2], ARGV[2])
  return 1
end
return 0`;

/** Members remembered per process and day; beyond it the set starts again (Redis still deduplicates). */
const MAX_REMEMBERED = 200_000;
/** A Redis outage is logged once per this many ms, not per request. */
const WARN_EVERY_MS = 60_000;

type MarkVisit = (
  dayKey: string,
  pendingKey: string,
  memberId: string,
  entry: string,
  ttl: number,
) => Promise<number>;

/**
 * Counts a visit per member and Tokyo day, cheaply: the first request of a member in a day in this process
 * sends one Redis script (SADD to the day's set; if the member is new there, SADD to the pending set);
 * every later request of that day is a Set lookup in memory and nothing else. The worker's flush
 * (ActivityRollup.flushVisits) writes the pending entries to activity_days in one statement per 1,000.
 * So the database sees at most one write per member and day, whatever the number of requests and api
 * processes. If Redis fails, the member is forgotten here and the next request tries again.
 */
@Injectable()
export class VisitTracker implements VisitRecorder {
  private readonly logger = new Logger(VisitTracker.name);
  private day = '';
  private seen = new Set<string>();
  private lastWarned = 0;
  private readonly markVisit: MarkVisit;

  constructor(@Inject(REDIS) private readonly redis: Redis) {
    const client = redis as Redis & { salonMarkVisit?: MarkVisit };
    if (!client.salonMarkVisit) client.defineCommand('salonMarkVisit', { numberOfKeys: 2, lua: MARK_VISIT });
    this.markVisit = (client as Redis & { salonMarkVisit: MarkVisit }).salonMarkVisit.bind(client);
  }

  /** `at` is the clock (tests pass the instant); returns at once and never throws. */
  visited(memberId: string, at: Date = new Date()): void {
    const day = tokyoDay(at);
    if (day !== this.day) {
      this.day = day;
      this.seen = new Set();
    }
    if (this.seen.has(memberId)) return;
    if (this.seen.size >= MAX_REMEMBERED) this.seen.clear();
    this.seen.add(memberId);
    const seen = this.seen;
    this.markVisit(
      VISIT_KEYS.day(day),
      VISIT_KEYS.pending,
      memberId,
      pendingEntry(day, memberId),
      VISIT_DAY_TTL_SECONDS,
    ).catch((error: unknown) => {
      seen.delete(memberId);
      const now = Date.now();
      if (now - this.lastWarned < WARN_EVERY_MS) return;
      this.lastWarned = now;
      this.logger.warn(
        { err: error },
        'could not record a visit in Redis; will try again on the next request',
      );
    });
  }

  /** Forgets what this process remembers (tests: a second api process, or the next day). */
  forgetAll(): void {
    this.seen = new Set();
  }
}
