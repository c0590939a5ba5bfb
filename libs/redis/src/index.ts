export { RedisModule, createRedisClient } from './redis.module';
export { REDIS } from './redis.token';
export { RateLimiter, type RateLimit } from './rate-limiter';
export { watchRedisErrors } from './redis-errors';
