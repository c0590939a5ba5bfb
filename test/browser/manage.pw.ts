import AxeBuilder from '@axe-core/playwright';
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import {
  ADMIN,
  apiToken,
  baseUrl,
  channelReady,
  COORDINATOR,
  DEMO_PASSWORD,
  KENTA,
  marker,
  member,
  YUMI,
  expectFocused,
} from './salon';
import type { Channel, Items, Theme } from '../e2e/api-types';

/** The coordinators' and admins' screens under /manage, driven as a coordinator, an owner, a member and an admin. */

function mainNav(page: Page) {
  return page.getByRole('navigation', { name: 'メインメニュー' });
}

/** At 375 px the page does not scroll sideways; MANAGE_SCREENSHOTS=1 also writes /tmp/manage-<name>-<width>.png. */
async function atPhoneWidth(page: Page, name: string): Promise<void> {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    if (width === 375) {
      await expect
        .poll(() => page.evaluate<number>('document.documentElement.scrollWidth'))
        .toBeLessThanOrEqual(375);
    }
    if (process.env.MANAGE_SCREENSHOTS)
      await page.screenshot({ path: `/tmp/manage-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** A new member registered over the api with the demo password (so the form can sign them in). */
async function registered(request: APIRequestContext, displayName: string): Promise<string> {
  const email = `${marker('manage')}@test.example`;
  const reply = await request.post(`${baseUrl()}/api/auth/register`, {
    data: { email, password: DEMO_PASSWORD, displayName },
  });
  expect(reply.status()).toBe(201);
  return email;
}

async function themeAs(request: APIRequestContext, token: string, slug: string) {
  return request.get(`${baseUrl()}/api/themes/${slug}`, { headers: { authorization: `Bearer ${token}` } });
}

test('a member sees no 管理 and gets the no-permission page at every /manage screen', async ({ browser }) => {
  const { context, page } = await member(browser, KENTA, '/');
  await expect(mainNav(page).getByRole('link', { name: 'テーマ' })).toBeVisible();
  await expect(mainNav(page).getByRole('link', { name: '管理' })).toHaveCount(0);
  await page.goto(`${baseUrl()}/themes/lounge`);
  await expect(page.getByRole('heading', { name: 'フォロワー' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'このテーマを管理する' })).toHaveCount(0);
  for (const path of [
    '/manage',
    '/manage/themes/new',
    '/manage/themes/lounge',
    '/manage/members',
    '/manage/digests',
  ]) {
    await page.goto(`${baseUrl()}${path}`);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('この画面を使う権限がありません');
  }
  await context.close();
});

test('a coordinator creates a theme, adds and archives a channel, makes it private, adds a member who then sees it, sets an owner and archives it', async ({
  browser,
  request,
}) => {
  const slug = marker('kiso').replace(/[^a-z0-9-]/g, '');
  const title = `木曽漆器の新しい売り方 ${slug.slice(-6)}`;
  const ownerName = `新任 オーナー${slug.slice(-4)}`;
  const ownerEmail = await registered(request, ownerName);
  const coordinator = await member(browser, COORDINATOR, '/');
  const page = coordinator.page;

  await mainNav(page).getByRole('link', { name: '管理' }).click();
  await expect(page).toHaveURL(`${baseUrl()}/manage`);
  await expect(page.getByRole('heading', { level: 1, name: '管理' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'ダイジェスト配信' })).toBeVisible();
  // Roles are the admins'.
  await expect(page.getByRole('link', { name: '会員の役割' })).toHaveCount(0);
  await atPhoneWidth(page, 'hub');

  await page.getByRole('link', { name: '新しいテーマ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '新しいテーマ' })).toBeVisible();
  // A slug another theme has is refused at the slug field, in Japanese.
  await page.getByLabel('スラッグ(URL)').fill('lounge');
  await page.getByLabel('タイトル', { exact: true }).fill(title);
  await page.getByRole('button', { name: 'テーマを作成' }).click();
  await expect(page.getByRole('alert')).toHaveText('このスラッグはほかのテーマが使っています。');
  await expectFocused(page.getByLabel('スラッグ(URL)'));
  await expect(page.getByLabel('スラッグ(URL)')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('スラッグ(URL)').fill(slug);
  await page.getByLabel('概要', { exact: true }).fill('奈良井宿の工房と、漆器のオンライン販売を考えます。');
  await page.getByLabel('英語のタイトル').fill('New ways to sell Kiso lacquerware');
  await page.getByRole('button', { name: 'テーマを作成' }).click();
  await expect(page).toHaveURL(`${baseUrl()}/manage/themes/${slug}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`テーマの管理: ${title}`);

  // A channel: added, then archived.
  await page.getByLabel('チャンネルのスラッグ').fill('minutes');
  await page.getByLabel('チャンネル名').fill('議事録');
  await page.getByRole('button', { name: 'チャンネルを追加' }).click();
  await expect(page.getByLabel('#minutes の名前')).toHaveValue('議事録');
  await page.getByLabel('チャンネルのスラッグ').fill('minutes');
  await page.getByLabel('チャンネル名').fill('二つ目');
  await page.getByRole('button', { name: 'チャンネルを追加' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    'このテーマにはすでに同じスラッグのチャンネルがあります。',
  );
  await page.getByRole('button', { name: '#minutes アーカイブ' }).click();
  await expect(page.getByRole('button', { name: '#minutes アーカイブ解除' })).toBeVisible();
  const token = await apiToken(request, COORDINATOR);
  const channels = await request.get(`${baseUrl()}/api/themes/${slug}/channels`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const minutes = ((await channels.json()) as Items<Channel>).items.find((c) => c.slug === 'minutes');
  expect(minutes).toMatchObject({ name: '議事録', archived: true });

  // Private: Yumi does not see it until she is added.
  await page.getByLabel('非公開(追加されたメンバーだけ)').check();
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '保存しました。' })).toBeVisible();
  expect(((await (await themeAs(request, token, slug)).json()) as Theme).visibility).toBe('private');
  const yumi = await member(browser, YUMI, '/');
  await yumi.page.goto(`${baseUrl()}/themes/${slug}`);
  await expect(yumi.page.getByText('このテーマは見つかりません。')).toBeVisible();
  expect((await themeAs(request, await apiToken(request, YUMI), slug)).status()).toBe(404);

  await page.getByLabel('会員を名前で検索').fill('田中');
  await page.getByRole('button', { name: '田中 由美 をメンバーに追加' }).click();
  const members = page.getByRole('list', { name: 'メンバー' });
  await expect(members.getByText('田中 由美')).toBeVisible();
  await yumi.page.goto(`${baseUrl()}/themes/${slug}`);
  await expect(yumi.page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await yumi.page.goto(`${baseUrl()}/themes/${slug}/general`);
  await channelReady(yumi.page);

  // An owner, who then manages the theme (but not its owners) from their own 管理.
  await page.getByLabel('会員を名前で検索').fill(ownerName);
  await page.getByRole('button', { name: `${ownerName} をオーナーにする` }).click();
  await expect(page.getByRole('list', { name: 'オーナー' }).getByText(ownerName)).toBeVisible();
  await atPhoneWidth(page, 'theme');
  const owner = await member(browser, ownerEmail, '/');
  await mainNav(owner.page).getByRole('link', { name: '管理' }).click();
  await expect(owner.page.getByRole('heading', { level: 2, name: 'オーナーを務めるテーマ' })).toBeVisible();
  await owner.page.getByRole('link', { name: `${title} を編集` }).click();
  await expect(owner.page.getByRole('heading', { level: 1 })).toHaveText(`テーマの管理: ${title}`);
  await expect(owner.page.getByRole('button', { name: /をオーナーから外す$/ })).toHaveCount(0);
  await owner.page.goto(`${baseUrl()}/themes/${slug}`);
  await owner.page.getByRole('link', { name: 'このテーマを管理する' }).click();
  await expect(owner.page).toHaveURL(`${baseUrl()}/manage/themes/${slug}`);
  await owner.page.goto(`${baseUrl()}/manage/themes/new`);
  await expect(owner.page.getByRole('heading', { level: 1 })).toHaveText('この画面を使う権限がありません');

  // Archived: read only for everyone, listed apart.
  await page.getByRole('button', { name: 'このテーマをアーカイブする' }).click();
  await page
    .getByRole('group', { name: '本当にアーカイブしますか?' })
    .getByRole('button', { name: 'アーカイブする' })
    .click();
  await expect(page.getByRole('button', { name: 'アーカイブを解除する' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'チャンネルを追加' })).toHaveCount(0);
  expect(((await (await themeAs(request, token, slug)).json()) as Theme).archived).toBe(true);
  await yumi.page.goto(`${baseUrl()}/themes/${slug}/general`);
  await expect(yumi.page.getByText('このチャンネルはアーカイブされています(読み取り専用)。')).toBeVisible();
  await expect(yumi.page.getByRole('textbox', { name: 'メッセージ', exact: true })).toHaveCount(0);
  await yumi.page.goto(`${baseUrl()}/themes`);
  const archived = yumi.page.getByRole('region', { name: 'アーカイブされたテーマ' });
  await expect(archived.getByRole('link', { name: title })).toBeVisible();
  await atPhoneWidth(yumi.page, 'themes-archived');
  await atPhoneWidth(page, 'theme-archived');

  for (const opened of [coordinator, yumi, owner]) await opened.context.close();
});

test('a coordinator creates a project and adds a participant; profiles and the directory show the 2021 alumni', async ({
  browser,
}) => {
  const { context, page } = await member(browser, COORDINATOR, '/manage/themes/tourism-center-shop');
  const projects = page.getByRole('region', { name: 'プロジェクト' });
  // The demo's 2021 CxO Lab round of this theme has ended: 修了.
  const round2021 = projects.getByRole('listitem').filter({ hasText: '2021年度 塩尻CxO Lab' });
  await expect(round2021.getByText('2021/10/1～12/31')).toBeVisible();
  await expect(round2021.getByText('修了', { exact: true })).toBeVisible();

  const title = `ギフトセットの試験販売 ${marker('').slice(-4)}`;
  const form = projects.getByRole('form', { name: '新しいプロジェクト' });
  await form.getByLabel('タイトル').fill(title);
  await form.getByLabel('開始日').fill('2027-04-01');
  await form.getByLabel('終了日').fill('2027-03-31');
  // A last day before the first is stopped at the field, before anything is sent.
  await expect(form.getByLabel('終了日')).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByRole('button', { name: 'プロジェクトを作成' })).toBeDisabled();
  await form.getByLabel('終了日').fill('2027-06-30');
  await form.getByRole('button', { name: 'プロジェクトを作成' }).click();

  const created = projects.getByRole('listitem').filter({ hasText: title });
  await expect(created.locator('summary').getByText('準備中')).toBeVisible();
  await created.getByText(title).click();
  await created.getByLabel('追加するときの役割').selectOption({ label: 'サポーター' });
  await created.getByLabel('参加者を名前で検索').fill('中村');
  await created.getByRole('button', { name: '中村 あかり を参加者に追加' }).click();
  const participants = created.getByRole('list', { name: '参加者' });
  await expect(participants.getByText('中村 あかり', { exact: true })).toBeVisible();
  await expect(participants.getByLabel('中村 あかり の役割')).toHaveValue('supporter');
  const axe = await new AxeBuilder({ page }).include('main').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  await atPhoneWidth(page, 'projects');

  // The directory's 修了生のみ, kept in the address; a profile's projects with role and 修了.
  await page.goto(`${baseUrl()}/members`);
  await page.getByLabel('修了生のみ').check();
  await expect(page).toHaveURL(/[?&]alumni=true/);
  await expect(page.getByRole('link', { name: /中村 あかり/ })).toBeVisible();
  await expect(page.getByRole('link', { name: /伊藤 直樹/ })).toHaveCount(0);
  await page.getByRole('link', { name: /佐藤 健太/ }).click();
  const taken = page.getByRole('region', { name: '参加したプロジェクト' });
  const hibi = taken.getByRole('listitem').filter({ hasText: '日々別荘の滞在型コンテンツ' });
  await expect(hibi.getByText('副業人材', { exact: false })).toBeVisible();
  await expect(hibi.getByText('修了', { exact: true })).toBeVisible();
  const profileAxe = await new AxeBuilder({ page }).include('main').analyze();
  expect(profileAxe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  await atPhoneWidth(page, 'profile-projects');
  await context.close();
});

test('an admin changes a member’s role, and cannot demote the last admin', async ({ browser, request }) => {
  const name = `役割 変更${marker('r').slice(-4)}`;
  const email = await registered(request, name);
  const { context, page } = await member(browser, ADMIN, '/manage');
  await expect(page.getByRole('link', { name: '会員の役割' })).toBeVisible();
  await page.getByRole('link', { name: '会員の役割' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '会員の役割' })).toBeVisible();

  await page.getByLabel('会員を検索').fill(name);
  await page.getByLabel(`${name} の役割`).selectOption('coordinator');
  await page.getByRole('button', { name: '変更' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: `${name} の役割を「コーディネーター」にしました。` }),
  ).toBeVisible();
  const login = await request.post(`${baseUrl()}/api/auth/login`, {
    data: { email, password: DEMO_PASSWORD },
  });
  expect(((await login.json()) as { member: { role: string } }).member.role).toBe('coordinator');
  await atPhoneWidth(page, 'members');

  // The demo has one admin: demoting them is refused, in Japanese, at their row.
  await page.getByLabel('会員を検索').fill('伊藤');
  await page.getByLabel('伊藤 直樹 の役割').selectOption('member');
  await page.getByRole('button', { name: '変更' }).click();
  await expect(page.getByRole('alert')).toHaveText(
    '管理者が一人もいなくなるため、この変更はできません。先にほかの会員を管理者にしてください。',
  );
  await context.close();

  // A coordinator gets the no-permission page there.
  const coordinator = await member(browser, COORDINATOR, '/manage/members');
  await expect(coordinator.page.getByRole('heading', { level: 1 })).toHaveText(
    'この画面を使う権限がありません',
  );
  await coordinator.context.close();
});

test('the digest runs page shows runs with their counts; an admin starts one after confirming', async ({
  browser,
}) => {
  const { context, page } = await member(browser, ADMIN, '/manage/digests');
  await expect(page.getByRole('heading', { level: 1, name: 'ダイジェスト配信' })).toBeVisible();
  await page.getByLabel('頻度').selectOption('daily');
  await page.getByRole('button', { name: '配信を開始' }).click();
  await page
    .getByRole('group', { name: '毎日のダイジェストを今すぐ配信しますか?' })
    .getByRole('button', { name: '配信する' })
    .click();
  await expect(page.getByRole('status').filter({ hasText: '配信を開始しました。' })).toBeVisible();
  const table = page.getByRole('table');
  await expect(table.getByRole('columnheader', { name: '送信済み' })).toBeVisible();
  await expect(table.getByRole('row').filter({ hasText: '手動' }).first()).toContainText('毎日');
  await atPhoneWidth(page, 'digests');
  await context.close();

  // Coordinators read the runs; only admins start one.
  const coordinator = await member(browser, COORDINATOR, '/manage/digests');
  await expect(
    coordinator.page.getByRole('table').getByRole('row').filter({ hasText: '手動' }).first(),
  ).toBeVisible();
  await expect(coordinator.page.getByRole('button', { name: '配信を開始' })).toHaveCount(0);
  await expect(coordinator.page.getByText('配信の開始は管理者だけができます。')).toBeVisible();
  await coordinator.context.close();
});
