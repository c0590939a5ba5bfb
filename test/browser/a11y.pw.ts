import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import {
  ADMIN,
  apiToken,
  baseUrl,
  channelReady,
  COORDINATOR,
  KENTA,
  mailTo,
  marker,
  salonLinks,
  signIn,
} from './salon';

/** Every page of the client, at desktop and phone widths: axe finds no serious or critical violation. */
async function seriousViolations(page: Page, { legacy = false } = {}): Promise<string[]> {
  // Legacy mode (axe.run in each frame) for pages with a sandboxed frame: the default mode's blank page
  // for axe.finishRun cannot be opened there with Debian's Chromium (Target.createTarget fails).
  const results = await new AxeBuilder({ page }).setLegacyMode(legacy).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

for (const width of [1280, 375]) {
  test(`no serious or critical accessibility violation on any page at ${width} px`, async ({
    browser,
    request,
  }) => {
    // Every page of the client, each analysed by axe: more than the default minute on two cores.
    test.setTimeout(240_000);
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    const found: Record<string, string[]> = {};

    await page.goto(`${baseUrl()}/login`);
    await expect(page.getByRole('button', { name: 'ログイン' })).toBeVisible();
    found.login = await seriousViolations(page);
    await page.goto(`${baseUrl()}/register`);
    await expect(page.getByRole('button', { name: '登録' })).toBeVisible();
    found.register = await seriousViolations(page);
    // Registration from an invitation: who invited, into which theme, and their note.
    const token = await apiToken(request, COORDINATOR);
    const invitee = `${marker('a11y-invite')}@test.example`;
    const invited = await request.post(`${baseUrl()}/api/invitations`, {
      headers: { authorization: `Bearer ${token}` },
      data: { email: invitee, themeSlug: 'lounge', message: 'ようこそ' },
    });
    expect(invited.status()).toBe(201);
    const inviteLink = salonLinks(await mailTo(invitee, '招待')).find((url) =>
      url.includes('/register?invite='),
    );
    await page.goto(inviteLink ?? `${baseUrl()}/register?invite=missing`);
    await expect(page.getByRole('button', { name: '登録して参加する' })).toBeVisible();
    found['register with an invitation'] = await seriousViolations(page);

    await signIn(page, KENTA, '/');
    await expect(page.getByRole('heading', { name: '今後のイベント' })).toBeVisible();
    await expect(page.getByRole('status')).toHaveCount(1); // only the connection banner's live region
    found.home = await seriousViolations(page);

    const pages: [string, string, () => Promise<void>][] = [
      [
        'themes',
        '/themes',
        () => expect(page.getByRole('button', { name: /フォロー/ }).first()).toBeVisible(),
      ],
      [
        'theme',
        '/themes/lounge',
        () => expect(page.getByRole('heading', { name: 'フォロワー' })).toBeVisible(),
      ],
      ['channel', '/themes/lounge/general', () => channelReady(page)],
      ['events', '/events', () => expect(page.getByRole('button', { name: '過去' })).toBeVisible()],
      [
        'event',
        '/events',
        async () => {
          await page
            .getByRole('link', { name: /漆器工房めぐり/ })
            .first()
            .click();
          await expect(page.getByRole('button', { name: 'カレンダーに追加' })).toBeVisible();
        },
      ],
      [
        'account settings',
        '/settings/account',
        () => expect(page.getByRole('heading', { name: '退会する' })).toBeVisible(),
      ],
      [
        'not readable message',
        '/messages/00000000-0000-4000-8000-000000000000',
        () => expect(page.getByRole('heading', { level: 1 })).toContainText('表示できません'),
      ],
      ['members', '/members', () => expect(page.locator('.member-card').first()).toBeVisible()],
      [
        'members filtered',
        '/members?relation=side_job_professional&q=%E3%81%95%E3%81%A8%E3%81%86',
        () => expect(page.locator('.member-card ruby').first()).toBeVisible(),
      ],
      [
        'profile settings',
        '/settings/profile',
        () => expect(page.getByRole('button', { name: '保存する' })).toBeVisible(),
      ],
      [
        'notification settings',
        '/settings/notifications',
        () =>
          expect(
            page
              .getByRole('button', { name: 'アドレスを作成' })
              .or(page.getByRole('button', { name: 'アドレスを無効にする' })),
          ).toBeVisible(),
      ],
      [
        'account settings',
        '/settings/account',
        () =>
          expect(
            page.getByRole('button', { name: 'ログアウトさせる' }).or(page.getByText('この端末')),
          ).toBeVisible(),
      ],
      [
        'verify email: a used link',
        '/verify-email?token=not-a-token',
        () => expect(page.getByRole('alert')).toContainText('このリンクは期限切れか'),
      ],
      [
        'forgotten password',
        '/reset-password',
        () => expect(page.getByRole('button', { name: '再設定のリンクを送る' })).toBeVisible(),
      ],
      [
        'new password',
        '/reset-password?token=not-a-token',
        () => expect(page.getByRole('button', { name: 'パスワードを設定' })).toBeVisible(),
      ],
      [
        'not found',
        '/no/such/page',
        () => expect(page.getByRole('heading', { name: 'ページが見つかりません' })).toBeVisible(),
      ],
    ];
    for (const [name, path, ready] of pages) {
      await page.goto(`${baseUrl()}${path}`);
      await ready();
      found[name] = await seriousViolations(page);
    }
    // The channel with a thread open.
    await page.goto(`${baseUrl()}/themes/lounge/general`);
    await channelReady(page);
    const withReplies = page.getByRole('button', { name: /件の返信/ }).first();
    if (await withReplies.count()) {
      await withReplies.click();
      await expect(page.getByRole('complementary', { name: 'スレッド' })).toBeVisible();
      found.thread = await seriousViolations(page);
    }

    // The digest preview: the mail in a sandboxed frame.
    await page.goto(`${baseUrl()}/settings/notifications`);
    await page.getByRole('button', { name: 'プレビューを表示' }).click();
    await expect(page.locator('iframe[title="ダイジェストメールのプレビュー"]')).toBeVisible();
    found['digest preview'] = await seriousViolations(page, { legacy: true });

    // A member's profile (with themes and events), reached from the directory.
    await page.goto(`${baseUrl()}/members`);
    await page.locator('.member-card').filter({ hasText: '佐藤 健太' }).getByRole('link').click();
    await expect(page.getByRole('heading', { name: '参加するイベント' })).toBeVisible();
    found.member = await seriousViolations(page);

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((key) => [key, []])));
    await context.close();
  });
}

// The managing screens (/manage…), in a test of their own: a member's no-permission page, then each screen as
// the demo admin.
for (const width of [1280, 375]) {
  test(`no serious or critical accessibility violation on the managing screens at ${width} px`, async ({
    browser,
  }) => {
    const found: Record<string, string[]> = {};
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    await signIn(page, KENTA, '/manage');
    await expect(page.getByRole('heading', { name: 'この画面を使う権限がありません' })).toBeVisible();
    found['manage: no permission'] = await seriousViolations(page);
    await context.close();

    const adminContext = await browser.newContext({ viewport: { width, height: 800 } });
    const admin = await adminContext.newPage();
    await signIn(admin, ADMIN, '/manage');
    const managing: [string, string, () => Promise<void>][] = [
      ['manage', '/manage', () => expect(admin.getByRole('link', { name: '新しいテーマ' })).toBeVisible()],
      [
        'manage: new theme',
        '/manage/themes/new',
        () => expect(admin.getByRole('button', { name: 'テーマを作成' })).toBeVisible(),
      ],
      [
        'manage: theme',
        '/manage/themes/lounge',
        async () => {
          await expect(admin.getByRole('button', { name: 'チャンネルを追加' })).toBeVisible();
          await admin.getByRole('searchbox', { name: '会員を名前で検索' }).fill('佐藤');
          await expect(admin.getByRole('list', { name: '検索結果' })).toBeVisible();
        },
      ],
      [
        'manage: members',
        '/manage/members',
        async () => {
          await admin.getByRole('searchbox', { name: '会員を検索' }).fill('田中');
          await expect(admin.getByRole('list', { name: '検索結果' })).toBeVisible();
        },
      ],
      [
        'manage: invitations',
        '/manage/invitations',
        () => expect(admin.getByRole('heading', { name: '送った招待' })).toBeVisible(),
      ],
      [
        'manage: digests',
        '/manage/digests',
        () => expect(admin.getByRole('heading', { name: '最近の実行' })).toBeVisible(),
      ],
    ];
    for (const [name, path, ready] of managing) {
      await admin.goto(`${baseUrl()}${path}`);
      await ready();
      found[name] = await seriousViolations(admin);
    }
    await adminContext.close();

    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((key) => [key, []])));
  });
}

// The event organisers' screens, as the coordinator, in a test of their own.
for (const width of [1280, 375]) {
  test(`no serious or critical accessibility violation on the event organisers' screens at ${width} px`, async ({
    browser,
    request,
  }) => {
    const token = await apiToken(request, COORDINATOR);
    const listed = await request.get(`${baseUrl()}/api/events?limit=5`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const eventId = ((await listed.json()) as { items: { id: string }[] }).items[0].id;
    const found: Record<string, string[]> = {};
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    await signIn(page, COORDINATOR, '/events/new');
    await expect(page.getByLabel('タイトル')).toBeVisible();
    found.eventForm = await seriousViolations(page);
    await page.getByRole('button', { name: '作成して告知する' }).click();
    await expect(page.getByLabel('タイトル')).toHaveAttribute('aria-invalid', 'true');
    found.eventFormErrors = await seriousViolations(page);
    await page.goto(`${baseUrl()}/events/${eventId}/attendees`);
    await expect(page.getByRole('button', { name: 'CSVをダウンロード' })).toBeVisible();
    found.attendees = await seriousViolations(page);
    await page.goto(`${baseUrl()}/events/${eventId}/check-in`);
    await expect(page.getByLabel('名前・ふりがなで検索')).toBeVisible();
    found.checkIn = await seriousViolations(page);
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((key) => [key, []])));
    await context.close();
  });
}
