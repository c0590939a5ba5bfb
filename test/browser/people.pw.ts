import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import type { AuthResult, DirectoryPage, EventPage, NotificationSettings } from '../e2e/api-types';
import { apiToken, baseUrl, DEMO_PASSWORD, KENTA, marker, signIn, YUMI, expectFocused } from './salon';

/** The directory, a profile, the settings pages: /members, /members/:id, /settings/profile, /settings/notifications. */

/** A member of this test's own (the demo members stay as they are for the other tests), signed up over the api. */
async function newcomer(
  request: APIRequestContext,
  displayName: string,
  profile: Record<string, unknown> = {},
): Promise<{ email: string; id: string; token: string }> {
  const email = `${marker('people')}@example.jp`;
  const reply = await request.post(`${baseUrl()}/api/auth/register`, {
    data: { email, password: DEMO_PASSWORD, displayName },
  });
  expect(reply.status()).toBe(201);
  const { accessToken, member } = (await reply.json()) as AuthResult;
  if (Object.keys(profile).length) {
    const patched = await request.patch(`${baseUrl()}/api/members/me`, {
      headers: { authorization: `Bearer ${accessToken}` },
      data: profile,
    });
    expect(patched.status()).toBe(200);
  }
  return { email, id: member.id, token: accessToken };
}

function cards(page: Page): Locator {
  return page.locator('.member-card');
}

function card(page: Page, name: string): Locator {
  return cards(page).filter({ has: page.getByRole('heading', { name: new RegExp(name) }) });
}

/** Presses Tab until `target` has the focus (keyboard only: no clicks, no focus() calls). */
async function tabTo(page: Page, target: Locator, limit = 60): Promise<void> {
  for (let i = 0; i < limit; i += 1) {
    if (await target.evaluate((element: { matches(selector: string): boolean }) => element.matches(':focus')))
      return;
    await page.keyboard.press('Tab');
  }
  await expectFocused(target);
}

test('the directory searches as you type (a Japanese substring, furigana), keeps the query in the address, filters, sorts by furigana and loads more', async ({
  page,
  request,
}) => {
  await signIn(page, KENTA, '/members');
  await expect(page.getByRole('heading', { level: 1, name: 'メンバー' })).toBeVisible();
  await expect(card(page, '田中 由美')).toBeVisible();
  const search = page.getByLabel('名前・ふりがな・自己紹介で検索');

  // A substring of the name, typed key by key: one search after the pause (not one per key), in the address.
  const searches: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/members' && url.searchParams.has('q'))
      searches.push(url.searchParams.get('q')!);
  });
  await search.pressSequentially('由美', { delay: 40 });
  await expect(page).toHaveURL(/\/members\?q=%E7%94%B1%E7%BE%8E$/);
  await expect(cards(page)).toHaveCount(1);
  expect(searches).toEqual(['由美']);
  await expect(card(page, '田中 由美').locator('ruby rt')).toHaveText('たなか ゆみ');

  // By furigana (hiragana).
  await search.fill('さとう');
  await expect(page).toHaveURL(/q=%E3%81%95%E3%81%A8%E3%81%86/);
  await expect(cards(page)).toHaveCount(1);
  await expect(card(page, '佐藤 健太')).toBeVisible();

  // A reload keeps the search (it lives in the address).
  await page.reload();
  await expect(search).toHaveValue('さとう');
  await expect(cards(page)).toHaveCount(1);

  // A filter narrows the whole directory: relation, then theme, then a skill tag.
  await page.getByRole('button', { name: '条件をクリア' }).click();
  await expect(search).toHaveValue('');
  await expect(page).toHaveURL(`${baseUrl()}/members`);
  await expect(card(page, '田中 由美')).toBeVisible();
  const everyone = await cards(page).count();
  await page.getByLabel('塩尻との関わり').selectOption({ label: '副業人材' });
  await expect(page).toHaveURL(/relation=side_job_professional/);
  await expect(card(page, '佐藤 健太')).toBeVisible();
  await expect(card(page, '田中 由美')).toHaveCount(0);
  expect(await cards(page).count()).toBeLessThan(everyone);
  for (const meta of await cards(page).locator('.member-card-meta').allTextContents())
    expect(meta).toContain('副業人材');
  await page.getByLabel('塩尻との関わり').selectOption({ label: 'すべて' });
  // The people of a theme: its followers and owners (木曽平沢「日々別荘」: 健太, 誠 and めぐみ in the demo).
  await page
    .getByLabel('テーマ')
    .selectOption({ label: '木曽平沢「日々別荘」を拠点にした滞在型コンテンツづくり' });
  await expect(page).toHaveURL(/theme=kiso-hirasawa-hibi-bessou/);
  await expect(card(page, '田中 由美')).toHaveCount(0);
  await expect(card(page, '佐藤 健太')).toBeVisible();
  await expect(card(page, '小林 誠')).toBeVisible();
  await page.getByLabel('テーマ').selectOption({ label: 'すべて' });
  await card(page, '田中 由美').getByRole('button', { name: '人事' }).click();
  await expect(page).toHaveURL(/skill=%E4%BA%BA%E4%BA%8B/);
  await expect(page.getByRole('textbox', { name: 'スキル' })).toHaveValue('人事');
  await expect(cards(page)).toHaveCount(1);

  // 21 members of a search: names in furigana order, 20 at first, the 21st after "さらに表示".
  const tag = marker('なまえじゅん');
  const readings = Array.from({ length: 21 }, (_, i) => `てすと ${String.fromCodePoint(0x3042 + i * 2)}`);
  const shuffled = [...readings].sort(() => Math.random() - 0.5);
  for (const reading of shuffled) await newcomer(request, `順番 ${reading}`, { furigana: reading, bio: tag });
  await page.goto(`${baseUrl()}/members?q=${encodeURIComponent(tag)}`);
  await expect(cards(page)).toHaveCount(20);
  await page.getByRole('button', { name: 'さらに表示' }).click();
  await expect(cards(page)).toHaveCount(21);
  await expect(page.getByRole('button', { name: 'さらに表示' })).toHaveCount(0);
  expect(await cards(page).locator('ruby rt').allTextContents()).toEqual(readings);
});

test('a profile shows the name with its furigana in <ruby>, bio, skills, links, and the themes and events they take part in', async ({
  page,
  request,
}) => {
  // 由美 is interested in the salon-wide mixer (whatever other tests did with her answers).
  const yumi = await apiToken(request, YUMI);
  const events = await request.get(`${baseUrl()}/api/events?limit=100`, {
    headers: { authorization: `Bearer ${yumi}` },
  });
  const mixer = ((await events.json()) as EventPage).items.find((event) => event.title.includes('交流会'));
  expect(mixer).toBeDefined();
  const answered = await request.put(`${baseUrl()}/api/events/${mixer!.id}/rsvp`, {
    headers: { authorization: `Bearer ${yumi}` },
    data: { status: 'interested' },
  });
  expect(answered.status()).toBe(200);

  await signIn(page, KENTA, '/members');
  await card(page, '田中 由美').getByRole('link').click();
  await expect(page).toHaveURL(/\/members\/[0-9a-f-]{36}$/);
  const title = page.getByRole('heading', { level: 1 });
  await expect(title.locator('ruby')).toContainText('田中 由美');
  await expect(title.locator('ruby rt')).toHaveText('たなか ゆみ');
  await expect(page).toHaveTitle(/^田中 由美 \| 塩尻サロン$/);
  await expect(page.getByRole('region', { name: '自己紹介' })).toContainText('人事歴15年');
  await expect(
    page.getByRole('region', { name: 'スキル' }).getByRole('link', { name: 'CHRO' }),
  ).toBeVisible();
  const themes = page.getByRole('region', { name: '参加しているテーマ' });
  await expect(themes.getByRole('link').first()).toHaveAttribute('href', /^\/themes\/[a-z0-9-]+$/);
  const taking = page.getByRole('region', { name: '参加するイベント' });
  const mixerLink = taking.getByRole('link', { name: mixer!.title });
  await expect(mixerLink).toHaveAttribute('href', `/events/${mixer!.id}`);
  await expect(
    taking.locator('li').filter({ has: page.getByRole('link', { name: mixer!.title }) }),
  ).toContainText('興味あり');
  // No edit link on someone else's profile; an unknown id says so.
  await expect(page.getByRole('link', { name: 'プロフィールを編集' })).toHaveCount(0);
  await page.goto(`${baseUrl()}/members/00000000-0000-4000-8000-000000000000`);
  await expect(page.getByRole('heading', { level: 1, name: 'メンバーが見つかりません' })).toBeVisible();
});

test('edits the profile: tags, links, an api error beside the bad link URL, then English and back', async ({
  page,
  request,
}) => {
  const me = await newcomer(request, '試し 太郎');
  await signIn(page, me.email, '/settings/profile');
  await expect(page.getByRole('heading', { level: 1, name: 'プロフィール設定' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: '設定メニュー' }).getByRole('link', { name: 'プロフィール' }),
  ).toHaveClass(/active/);

  await page.getByLabel('表示名').fill('試し 花子');
  await page.getByLabel('ふりがな').fill('ためし はなこ');
  await page.getByLabel('自己紹介').fill('塩尻のワインが好きです。\n週末に通っています。');
  const skill = page.getByLabel('追加するスキル');
  await skill.fill('ワイン');
  await skill.press('Enter');
  await skill.fill('デザイン、写真');
  await page.getByRole('button', { name: '追加', exact: true }).click();
  await expect(page.getByRole('button', { name: 'スキル「写真」を削除' })).toBeVisible();
  await page.getByRole('button', { name: 'スキル「写真」を削除' }).click();
  await page.getByLabel('塩尻との関わり').selectOption({ label: '塩尻在住' });
  await page.getByRole('button', { name: 'リンクを追加' }).click();
  await page.getByRole('button', { name: 'リンクを追加' }).click();
  const first = page.getByRole('group', { name: 'リンク 1' });
  const second = page.getByRole('group', { name: 'リンク 2' });
  await first.getByLabel('名前').fill('note');
  await first.getByLabel('URL').fill('https://note.example/hanako');
  await second.getByLabel('名前').fill('工房');
  await second.getByLabel('URL').fill('kobo.example のページ');
  await page.getByRole('button', { name: '保存する' }).click();

  // The api's VALIDATION_FAILED (links.1.url) shown at that field, in Japanese; the field has the focus.
  await expect(page.getByRole('alert')).toHaveText('入力内容を確認してください。');
  const badUrl = second.getByLabel('URL');
  await expect(badUrl).toHaveAttribute('aria-invalid', 'true');
  await expect(badUrl).toHaveAccessibleDescription('http:// または https:// で始まるURLを入力してください。');
  await expectFocused(badUrl);
  await expect(first.getByLabel('URL')).not.toHaveAttribute('aria-invalid', 'true');

  await badUrl.fill('https://kobo.example/');
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByRole('status').filter({ hasText: '保存しました。' })).toBeVisible();
  await expect(badUrl).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.me-label')).toHaveText('試し 花子');

  const saved = await request.get(`${baseUrl()}/api/members/${me.id}`, {
    headers: { authorization: `Bearer ${me.token}` },
  });
  expect(await saved.json()).toMatchObject({
    displayName: '試し 花子',
    furigana: 'ためし はなこ',
    skills: ['ワイン', 'デザイン'],
    relation: 'resident',
    links: [
      { label: 'note', url: 'https://note.example/hanako' },
      { label: '工房', url: 'https://kobo.example/' },
    ],
  });

  // Their profile, as others see it.
  await page.getByRole('link', { name: '自分のプロフィールを見る' }).click();
  await expect(page.getByRole('heading', { level: 1 }).locator('rt')).toHaveText('ためし はなこ');
  await expect(page.getByRole('link', { name: '工房' })).toHaveAttribute('href', 'https://kobo.example/');
  await page.getByRole('link', { name: 'プロフィールを編集' }).click();

  // English: the whole interface switches at once, <html lang="en">; and back to Japanese.
  await page.getByLabel('English').check();
  await page.getByLabel('タイムゾーン').selectOption('Europe/Berlin');
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Profile settings' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(
    page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Members' }),
  ).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Berlin');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Profile settings' })).toBeVisible();

  await page.getByLabel('日本語').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'プロフィール設定' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(
    page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'メンバー' }),
  ).toBeVisible();
});

test('notifications: 毎日 is saved (the api says daily), the preview shows, and the calendar feed is created, copied and revoked with the keyboard only', async ({
  browser,
  request,
}) => {
  const me = await newcomer(request, '通知 試子');
  const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const page = await context.newPage();
  await signIn(page, me.email, '/settings/notifications');
  await expect(page.getByRole('heading', { level: 1, name: '通知設定' })).toBeVisible();

  const often = page.getByRole('group', { name: 'ダイジェストを受け取る頻度' });
  await expect(often.getByRole('radio', { name: '毎週' })).toBeChecked();
  await often.getByRole('radio', { name: '毎日' }).check();
  await expect(page.getByLabel('曜日(毎週の場合)')).toBeDisabled();
  await page.getByLabel('時刻').selectOption({ label: '7:00' });
  await page.getByRole('button', { name: '保存する' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: '保存しました。ダイジェストは「毎日」です。' }),
  ).toBeVisible();
  const settings = await request.get(`${baseUrl()}/api/members/me/notification-settings`, {
    headers: { authorization: `Bearer ${me.token}` },
  });
  expect((await settings.json()) as NotificationSettings).toMatchObject({
    digest: 'daily',
    sendHour: 7,
  });
  await page.reload();
  await expect(
    page.getByRole('group', { name: 'ダイジェストを受け取る頻度' }).getByRole('radio', { name: '毎日' }),
  ).toBeChecked();

  // The preview: the subject, and the mail in a sandboxed frame.
  const preview = page.getByRole('region', { name: 'ダイジェストのプレビュー' });
  await preview.getByRole('button', { name: 'プレビューを表示' }).click();
  await expect(preview.getByText('件名:')).toBeVisible();
  const frame = preview.locator('iframe[title="ダイジェストメールのプレビュー"]');
  await expect(frame).toHaveAttribute('sandbox', '');
  await expect(
    page.frameLocator('iframe[title="ダイジェストメールのプレビュー"]').locator('body'),
  ).toContainText('さん、こんにちは。');

  // The calendar feed, keyboard only: create, copy, revoke after a confirmation.
  const feed = page.getByRole('region', { name: 'カレンダー連携' });
  await expect(feed.getByText('カレンダー用アドレスはまだありません。')).toBeVisible();
  await tabTo(page, feed.getByRole('button', { name: 'アドレスを作成' }));
  await page.keyboard.press('Enter');
  await expect(feed.getByRole('status')).toHaveText('カレンダー用アドレスを作成しました。');
  const address = feed.getByLabel('カレンダー用アドレス');
  await expect(address).toHaveValue(/\/api\/calendar\/[^/]+\.ics$/);
  const url = await address.inputValue();
  await tabTo(page, feed.getByRole('button', { name: 'コピー' }));
  await page.keyboard.press('Enter');
  await expect(feed.getByRole('status')).toHaveText('アドレスをクリップボードにコピーしました。');
  expect(await page.evaluate<string>('navigator.clipboard.readText()')).toBe(url);
  const calendar = await request.get(url.replace(/^https?:\/\/[^/]+/, baseUrl()));
  expect(calendar.status()).toBe(200);
  expect(calendar.headers()['content-type']).toMatch(/^text\/calendar/);

  await tabTo(page, feed.getByRole('button', { name: 'アドレスを無効にする' }));
  await page.keyboard.press('Enter');
  await expect(feed.getByText('カレンダー用アドレスを無効にしますか?')).toBeVisible();
  // The confirmation takes the focus; Escape-free: the member confirms with Enter.
  await expectFocused(feed.getByRole('button', { name: '無効にする', exact: true }));
  await page.keyboard.press('Enter');
  await expect(feed.getByRole('status')).toHaveText('カレンダー用アドレスを無効にしました。');
  await expect(feed.getByText('カレンダー用アドレスはまだありません。')).toBeVisible();
  expect((await request.get(url.replace(/^https?:\/\/[^/]+/, baseUrl()))).status()).toBe(404);
  await context.close();
});

test('the header links to the directory and to the settings; the settings sub-navigation switches pages', async ({
  page,
  request,
}) => {
  const me = await newcomer(request, '道案内 次郎');
  await signIn(page, me.email, '/');
  await page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: 'メンバー' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'メンバー' })).toBeVisible();
  await page.getByRole('link', { name: '設定', exact: true }).click();
  await expect(page).toHaveURL(`${baseUrl()}/settings/profile`);
  const sub = page.getByRole('navigation', { name: '設定メニュー' });
  await sub.getByRole('link', { name: '通知' }).click();
  await expect(page).toHaveURL(`${baseUrl()}/settings/notifications`);
  await expect(page.getByRole('heading', { level: 1, name: '通知設定' })).toBeVisible();
  await page.goto(`${baseUrl()}/settings`);
  await expect(page).toHaveURL(`${baseUrl()}/settings/profile`);
  // The directory's api answers name order (the page asks for it).
  const directory = await request.get(`${baseUrl()}/api/members?sort=name&limit=100`, {
    headers: { authorization: `Bearer ${me.token}` },
  });
  expect(directory.status()).toBe(200);
  expect(((await directory.json()) as DirectoryPage).items.length).toBeGreaterThan(1);
});
