import type { TestingModule } from '@nestjs/testing';
import type { Redis } from 'ioredis';
import { REDIS } from '@app/redis';
import { createIntegrationModule } from '@test/support';
import { ChatModule } from './chat.module';
import { PRESENCE_TTL_MS, PresenceService } from './presence.service';

describe('PresenceService (real Redis)', () => {
  let moduleRef: TestingModule;
  let presence: PresenceService;
  let redis: Redis;
  let counter = 0;
  const theme = () => `theme-${process.pid}-${Date.now().toString(36)}-${(counter += 1)}`;

  beforeAll(async () => {
    moduleRef = await createIntegrationModule([ChatModule]);
    presence = moduleRef.get(PresenceService);
    redis = moduleRef.get<Redis>(REDIS);
  });
  afterAll(() => moduleRef.close());

  it("reports a change only for a member's first connection in and last connection out", async () => {
    const themeId = theme();
    expect(await presence.enter(themeId, 'alice', 'phone')).toBe(true);
    expect(await presence.enter(themeId, 'alice', 'laptop')).toBe(false);
    expect(await presence.enter(themeId, 'alice', 'phone')).toBe(false); // a heartbeat
    expect(await presence.enter(themeId, 'bob', 'b1')).toBe(true);
    expect((await presence.online(themeId)).sort()).toEqual(['alice', 'bob']);

    expect(await presence.leave(themeId, 'alice', 'phone')).toBe(false);
    expect((await presence.online(themeId)).sort()).toEqual(['alice', 'bob']);
    expect(await presence.leave(themeId, 'alice', 'laptop')).toBe(true);
    expect(await presence.online(themeId)).toEqual(['bob']);
    // Leaving twice (a revoked connection that disconnects later) changes nothing.
    expect(await presence.leave(themeId, 'alice', 'laptop')).toBe(false);
    expect(await presence.enter(themeId, 'alice', 'tablet')).toBe(true);
  });

  it('agrees on one first-in and one last-out when connections race', async () => {
    const themeId = theme();
    const sockets = Array.from({ length: 20 }, (_, i) => `s${i}`);
    const entered = await Promise.all(sockets.map((socket) => presence.enter(themeId, 'carol', socket)));
    expect(entered.filter(Boolean)).toHaveLength(1);
    const left = await Promise.all(sockets.map((socket) => presence.leave(themeId, 'carol', socket)));
    expect(left.filter(Boolean)).toHaveLength(1);
    expect(await presence.online(themeId)).toEqual([]);
  });

  it("lets a dead process's connections expire, and counts the member as new when they come back", async () => {
    const themeId = theme();
    await presence.enter(themeId, 'dave', 'gone');
    await presence.enter(themeId, 'erin', 'live');
    // Age dave's entries as if his process had stopped heartbeating a TTL ago.
    const past = Date.now() - 1;
    await redis.zadd(`presence:theme:{${themeId}}`, past, 'dave');
    await redis.zadd(`presence:theme:{${themeId}}:member:dave`, past, 'gone');
    expect(await presence.online(themeId)).toEqual(['erin']);
    expect(await presence.sweep(themeId)).toBe(true);
    expect(await presence.sweep(themeId)).toBe(false);
    // The expired connection leaving now is no change; a new one is.
    expect(await presence.leave(themeId, 'dave', 'gone')).toBe(false);
    expect(await presence.enter(themeId, 'dave', 'back')).toBe(true);
    const ttl = await redis.pttl(`presence:theme:{${themeId}}`);
    expect(ttl).toBeGreaterThan(PRESENCE_TTL_MS - 5_000);
    expect(ttl).toBeLessThanOrEqual(PRESENCE_TTL_MS);
  });
});
