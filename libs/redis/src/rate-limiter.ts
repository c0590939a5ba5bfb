import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimitedError } from '@app/common';
import { REDIS } from './redis.token';

export interface RateLimit {
  /** What is counted, e.g. `login:ip:127.0.0.1`. */
  bucket: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in Redis, shared by every api process. A window starts at the first hit
 * and its key expires with it, so nothing needs cleaning up.
 */
@Injectable()
export class RateLimiter {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Counts one hit; throws RATE_LIMITED (with the seconds until the window ends) once over the limit. */
  async consume({ bucket, limit, windowSeconds }: RateLimit): Promise<void> {
    const key = this.key(bucket);
    const results = await this.redis
      .multi()
      .set(key, 0, 'EX', windowSeconds, 'NX')
      .incr(key)
      .pttl(key)
      .exec();
    const count = Number(results?.[1]?.[1]);
    const ttlMs = Number(results?.[2]?.[1]);
    if (count > limit) throw new RateLimitedError(this.seconds(ttlMs, windowSeconds));
  }

  /** Throws RATE_LIMITED if the bucket is already full, without counting. */
  async assertAvailable({ bucket, limit, windowSeconds }: RateLimit): Promise<void> {
    const key = this.key(bucket);
    const [count, ttlMs] = await Promise.all([this.redis.get(key), this.redis.pttl(key)]);
    if (Number(count ?? 0) >= limit) throw new RateLimitedError(this.seconds(ttlMs, windowSeconds));
  }

  async reset(bucket: string): Promise<void> {
    await this.redis.del(this.key(bucket));
  }

  private key(bucket: string): string {
    return `ratelimit:${bucket}`;
  }

  private seconds(ttlMs: number, windowSeconds: number): number {
    return ttlMs > 0 ? Math.ceil(ttlMs / 1000) : windowSeconds;
  }
}
