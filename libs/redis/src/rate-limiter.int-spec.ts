import type { TestingModule } from '@nestjs/testing';
import { RateLimitedError } from '@app/common';
import { createIntegrationModule } from '@test/support';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter (real Redis)', () => {
  let moduleRef: TestingModule;
  let limiter: RateLimiter;

  beforeAll(async () => {
    moduleRef = await createIntegrationModule();
    limiter = moduleRef.get(RateLimiter);
  });
  afterAll(() => moduleRef.close());

  const bucket = (name: string) => `spec:${name}:${Date.now()}:${Math.random()}`;

  it('allows up to the limit, then refuses with the seconds left in the window', async () => {
    const limit = { bucket: bucket('consume'), limit: 3, windowSeconds: 60 };
    for (let i = 0; i < 3; i += 1) await limiter.consume(limit);
    const refused = await limiter.consume(limit).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).retryAfterSeconds).toBeGreaterThan(55);
    expect((refused as RateLimitedError).retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it('counts concurrent hits exactly once each', async () => {
    const limit = { bucket: bucket('race'), limit: 10, windowSeconds: 60 };
    const results = await Promise.allSettled(Array.from({ length: 25 }, () => limiter.consume(limit)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
  });

  it('opens a new window once the old one expires', async () => {
    const limit = { bucket: bucket('expiry'), limit: 1, windowSeconds: 1 };
    await limiter.consume(limit);
    await expect(limiter.consume(limit)).rejects.toBeInstanceOf(RateLimitedError);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await expect(limiter.consume(limit)).resolves.toBeUndefined();
  });

  it('checks without counting, and resets', async () => {
    const limit = { bucket: bucket('check'), limit: 2, windowSeconds: 60 };
    await limiter.assertAvailable(limit);
    await limiter.assertAvailable(limit);
    await limiter.consume(limit);
    await limiter.consume(limit);
    await expect(limiter.assertAvailable(limit)).rejects.toBeInstanceOf(RateLimitedError);
    await limiter.reset(limit.bucket);
    await expect(limiter.assertAvailable(limit)).resolves.toBeUndefined();
  });
});
