import { Logger } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { ActivityModule, VISIT_KEYS } from '@app/activity';
import { tokyoDay } from '@app/common';
import { APP_CONFIG, PublicLinks, type AppConfig } from '@app/config';
import { AccountsService, MembersModule } from '@app/members';
import { QueueModule } from '@app/queue';
import { REDIS } from '@app/redis';
import { createIntegrationModule, uniqueEmail } from '@test/support';
import { DigestClickService } from './digest-click.service';
import { CLICK_COUNTED_DAYS } from './digest-click-token';
import type { DigestLinks } from './digest-email';
import { digestLinks } from './digest-links';
import { DigestSettingsService } from './digest-settings.service';
import { DigestUnsubscribeService } from './digest-unsubscribe.service';
import { DigestModule } from './digest.module';

describe('Digest clicks and unsubscribes (real PostgreSQL and Redis)', () => {
  let moduleRef: TestingModule;
  let db: DataSource;
  let redis: Redis;
  let config: AppConfig;
  let links: PublicLinks;
  let clicks: DigestClickService;

  async function newMember(name: string): Promise<string> {
    const member = await moduleRef
      .get(AccountsService)
      .createAccount({ email: uniqueEmail(name), password: 'password-1', displayName: name }, 'member');
    await db.query(`UPDATE members SET digest_frequency = 'weekly' WHERE id = $1`, [member.id]);
    return member.id;
  }

  /** As if the worker had sent this member the digest of `period`. */
  async function delivered(memberId: string, period: string): Promise<void> {
    await db.query(
      `INSERT INTO digest_deliveries (member_id, period, frequency, period_start, period_end, status)
       VALUES ($1, $2, 'weekly', now() - interval '7 days', now(), 'sent')`,
      [memberId, period],
    );
  }

  const clicksOf = (memberId: string) =>
    db.query<{ period: string; clicks: number; first_clicked_at: Date }[]>(
      `SELECT period, clicks, first_clicked_at FROM digest_clicks WHERE member_id = $1`,
      [memberId],
    );
  const unsubscribesOf = (memberId: string) =>
    db.query<{ period: string | null }[]>(
      `SELECT period FROM digest_unsubscribes WHERE member_id = $1 ORDER BY unsubscribed_at`,
      [memberId],
    );
  const tokenOf = (url: string) => new URL(url).searchParams.get('token') ?? '';
  const periodOf = (url: string) => new URL(url).searchParams.get('period');
  const linksFor = (memberId: string, period: string, now = new Date()): DigestLinks =>
    digestLinks(config, links, memberId, period, now);

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    moduleRef = await createIntegrationModule([QueueModule, MembersModule, ActivityModule, DigestModule]);
    db = moduleRef.get(DataSource);
    redis = moduleRef.get(REDIS);
    config = moduleRef.get(APP_CONFIG);
    links = moduleRef.get(PublicLinks);
    clicks = moduleRef.get(DigestClickService);
  });

  afterAll(async () => {
    await moduleRef?.close();
  });

  describe('links in a sent digest', () => {
    it('go through the click redirect, except the unsubscribe link, which carries the period', async () => {
      const memberId = await newMember('リンク');
      const built = linksFor(memberId, '2026-W48');
      for (const url of [built.pages.message('m1'), built.pages.theme('漆器'), built.pages.event('e1')]) {
        expect(url.startsWith(`${links.home}/api/digests/click?token=`)).toBe(true);
      }
      expect(built.unsubscribe.startsWith(`${links.home}/api/digests/unsubscribe?token=`)).toBe(true);
      expect(periodOf(built.unsubscribe)).toBe('2026-W48');
      // A preview links straight to the pages.
      expect(digestLinks(config, links, memberId, null).pages.theme('kiso')).toBe(
        `${links.home}/themes/kiso`,
      );
    });
  });

  describe('GET /api/digests/click', () => {
    it('counts the first click and every other one, marks a visit today, and leads to the page', async () => {
      const memberId = await newMember('クリック');
      await delivered(memberId, '2026-W48');
      const url = linksFor(memberId, '2026-W48').pages.theme('kiso-shikki');
      expect(await clicks.follow(tokenOf(url))).toBe(`${links.home}/themes/kiso-shikki`);
      const [first] = await clicksOf(memberId);
      expect(first).toMatchObject({ period: '2026-W48', clicks: 1 });

      expect(await clicks.follow(tokenOf(linksFor(memberId, '2026-W48').pages.message('m9')))).toBe(
        `${links.home}/messages/m9`,
      );
      expect(await clicksOf(memberId)).toEqual([
        { period: '2026-W48', clicks: 2, first_clicked_at: first.first_clicked_at },
      ]);
      await redis.ping();
      expect(await redis.sismember(VISIT_KEYS.day(tokyoDay(new Date())), memberId)).toBe(1);
    });

    it('leads to the page but counts no click of a digest the member was not sent', async () => {
      const memberId = await newMember('届いていない');
      await db.query(
        `INSERT INTO digest_deliveries (member_id, period, frequency, period_start, period_end, status)
         VALUES ($1, '2026-W47', 'weekly', now() - interval '7 days', now(), 'skipped')`,
        [memberId],
      );
      for (const period of ['2026-W47', '2026-W48']) {
        expect(await clicks.follow(tokenOf(linksFor(memberId, period).pages.theme('narai')))).toBe(
          `${links.home}/themes/narai`,
        );
      }
      expect(await clicksOf(memberId)).toEqual([]);
    });

    it('sends a forged, cut-off or missing token to the home page and counts nothing', async () => {
      const memberId = await newMember('改ざん');
      const token = tokenOf(linksFor(memberId, '2026-W48').pages.theme('kiso'));
      const [member, period, day, path, mac] = token.split('.');
      const otherPath = Buffer.from('/admin/kpis').toString('base64url');
      for (const bad of [
        `${token}x`,
        token.slice(0, -5),
        [member, '2026-W49', day, path, mac].join('.'),
        [member, period, day, otherPath, mac].join('.'),
        '',
        undefined,
        ['a', 'b'],
      ]) {
        expect(await clicks.follow(bad)).toBe(`${links.home}/`);
      }
      expect(await clicksOf(memberId)).toEqual([]);
    });

    it('still leads an old link to its page but no longer counts it', async () => {
      const memberId = await newMember('古いメール');
      const sentAt = new Date(Date.now() - (CLICK_COUNTED_DAYS + 5) * 24 * 3600_000);
      const url = linksFor(memberId, '2026-W20', sentAt).pages.event('e1');
      expect(await clicks.follow(tokenOf(url))).toBe(`${links.home}/events/e1`);
      expect(await clicksOf(memberId)).toEqual([]);
    });
  });

  describe('unsubscribes', () => {
    it('records the one-click unsubscribe with the period of the digest it came in, once', async () => {
      const memberId = await newMember('配信停止');
      await delivered(memberId, '2026-W48');
      const url = linksFor(memberId, '2026-W48').unsubscribe;
      const unsubscribe = moduleRef.get(DigestUnsubscribeService);
      // The page only offers choices; its buttons post back with the period.
      expect(await unsubscribe.choicesPage(tokenOf(url), periodOf(url))).toContain('period=2026-W48');
      expect(await unsubscribesOf(memberId)).toEqual([]);

      await unsubscribe.apply(tokenOf(url), undefined, periodOf(url));
      // A mail client retrying the one-click POST: already off, nothing more to record.
      await unsubscribe.apply(tokenOf(url), undefined, periodOf(url));
      expect(await unsubscribesOf(memberId)).toEqual([{ period: '2026-W48' }]);
    });

    it('keeps no period the member was not sent (a hand-edited link)', async () => {
      const memberId = await newMember('手書き');
      const url = linksFor(memberId, '2026-W48').unsubscribe;
      await moduleRef.get(DigestUnsubscribeService).apply(tokenOf(url), 'off', '2026-W01');
      expect(await unsubscribesOf(memberId)).toEqual([{ period: null }]);
    });

    it('records turning the digest off in the settings, and not other changes', async () => {
      const memberId = await newMember('設定');
      const settings = moduleRef.get(DigestSettingsService);
      await settings.update(memberId, { digest: 'daily' });
      expect(await unsubscribesOf(memberId)).toEqual([]);
      await settings.update(memberId, { digest: 'off' });
      await settings.update(memberId, { digest: 'off' });
      expect(await unsubscribesOf(memberId)).toEqual([{ period: null }]);
      await settings.update(memberId, { digest: 'weekly' });
      await settings.update(memberId, { digest: 'off' });
      expect(await unsubscribesOf(memberId)).toEqual([{ period: null }, { period: null }]);
    });
  });
});
