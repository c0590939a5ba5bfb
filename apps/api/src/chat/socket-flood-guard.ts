export interface FloodLimits {
  /** Events a quiet connection may send at once. */
  burst: number;
  /** Events per second a connection may keep sending. */
  perSecond: number;
  /** Events of one connection handled at the same time (each may hold a database connection); more wait. */
  maxInFlight: number;
  /** Refusals within REFUSAL_WINDOW_MS after which the connection is closed: it is not a person typing. */
  disconnectAfterRefusals: number;
}

export type FloodVerdict = 'admit' | 'refuse' | 'disconnect';

export const REFUSAL_WINDOW_MS = 10_000;

/**
 * One connection's event budget, checked in memory before any Redis or database work: a token bucket
 * (a burst, then a steady rate) decides whether an event is handled at all, and admitted events run at
 * most `maxInFlight` at a time, the rest waiting their turn (a client retrying ten queued messages at
 * once is not refused, but cannot take the database pool from everyone else either). A connection that
 * keeps going over is told to disconnect. The caller passes the time.
 */
export class SocketFloodGuard {
  private tokens: number;
  private refilledAt: number;
  private inFlight = 0;
  private readonly waiting: (() => void)[] = [];
  private refusals = 0;
  private refusalWindowStart: number;

  constructor(
    private readonly limits: FloodLimits,
    now: number,
  ) {
    this.tokens = limits.burst;
    this.refilledAt = now;
    this.refusalWindowStart = now;
  }

  /** Whether to handle an event arriving now; an admitted event is then `run()` and must be `settled()`. */
  admit(now: number): FloodVerdict {
    this.tokens = Math.min(
      this.limits.burst,
      this.tokens + ((now - this.refilledAt) / 1000) * this.limits.perSecond,
    );
    this.refilledAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 'admit';
    }
    if (now - this.refusalWindowStart >= REFUSAL_WINDOW_MS) {
      this.refusalWindowStart = now;
      this.refusals = 0;
    }
    this.refusals += 1;
    return this.refusals > this.limits.disconnectAfterRefusals ? 'disconnect' : 'refuse';
  }

  /** Starts an admitted event now, or when an earlier one settles (in arrival order). */
  run(start: () => void): void {
    if (this.inFlight < this.limits.maxInFlight) {
      this.inFlight += 1;
      start();
    } else {
      this.waiting.push(start);
    }
  }

  settled(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Seconds until the next event would be admitted by rate (at least 1), for the refusal's retryAfterSeconds. */
  retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((1 - this.tokens) / this.limits.perSecond));
  }
}
