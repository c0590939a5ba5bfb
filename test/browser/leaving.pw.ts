import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import type { MemberExportBody } from '../e2e/api-types';
import {
  apiToken,
  baseUrl,
  channelReady,
  COORDINATOR,
  DEMO_PASSWORD,
  KENTA,
  LOUNGE,
  mailTo,
  marker,
  member,
  newTheme,
  postOverSocket,
  salonLinks,
  storedMessage,
} from './salon';
import type { Channel, Items } from '../e2e/api-types';

/** Issue 13, as people would do it: invite a friend into a theme; export my data and leave. */

test('a coordinator invites a friend into a theme; the friend registers from the mail and lands in it', async ({
  browser,
  request,
}) => {
  const slug = marker('invite-theme');
  const title = `ワイン畑の手伝い ${slug}`;
  await newTheme(request, await apiToken(request, COORDINATOR), { slug, title });
  const friend = `${marker('friend')}@test.example`;

  const { context, page } = await member(browser, COORDINATOR, '/manage');
  await page.getByRole('link', { name: '招待', exact: true }).click();
  await expect(page).toHaveURL(`${baseUrl()}/manage/invitations`);
  await expect(page.getByRole('heading', { level: 1, name: '招待' })).toBeVisible();
  await page.getByLabel('招待する人のメールアドレス').fill(friend);
  await page.getByLabel('テーマ', { exact: true }).selectOption({ label: title });
  await page.getByLabel('ひとこと(任意)').fill('収穫の週末、一緒にどうですか？');
  await page.getByRole('button', { name: '招待メールを送る' }).click();
  await expect(page.getByText(`${friend} に招待メールを送りました`)).toHaveAttribute('role', 'status');
  const row = page.locator('.invitation-row').filter({ hasText: friend });
  await expect(row).toContainText('未使用');

  const mail = await mailTo(friend, '招待');
  const link = salonLinks(mail).find((url) => url.includes('/register?invite='));
  expect(link).toBeDefined();

  const friendContext = await browser.newContext();
  const friendPage = await friendContext.newPage();
  await friendPage.goto(link!);
  const note = friendPage.getByRole('region', { name: '招待' });
  await expect(note).toContainText(`「${title}」への招待`);
  await expect(note).toContainText('収穫の週末、一緒にどうですか？');
  await expect(friendPage.getByLabel('メールアドレス')).toHaveValue(friend);
  await friendPage.getByLabel('表示名').fill('ぶどう 友子');
  await friendPage.getByLabel('パスワード').fill(DEMO_PASSWORD);
  await friendPage.getByRole('button', { name: '登録して参加する' }).click();
  await expect(friendPage).toHaveURL(`${baseUrl()}/themes/${slug}`);
  await expect(friendPage.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(friendPage.getByRole('button', { name: 'フォローをやめる' })).toBeVisible();

  // The link works once.
  const again = await browser.newContext();
  const againPage = await again.newPage();
  await againPage.goto(link!);
  await expect(againPage.getByRole('alert')).toContainText('この招待はすでに使われています');

  await page.reload();
  await expect(page.locator('.invitation-row').filter({ hasText: friend })).toContainText('登録済み');
  await Promise.all([context.close(), friendContext.close(), again.close()]);
});

test('a member exports their data and leaves; their message stays, by 退会したメンバー', async ({
  browser,
  request,
}) => {
  const email = `${marker('leaver')}@test.example`;
  const name = `去る ${marker('人')}`;
  const registered = await request.post(`${baseUrl()}/api/auth/register`, {
    data: { email, password: DEMO_PASSWORD, displayName: name },
  });
  expect(registered.status()).toBe(201);
  const token = await apiToken(request, email);
  const headers = { authorization: `Bearer ${token}` };
  expect((await request.post(`${baseUrl()}/api/themes/lounge/follow`, { headers })).status()).toBe(200);
  const channels = (await (
    await request.get(`${baseUrl()}/api/themes/lounge/channels`, { headers })
  ).json()) as Items<Channel>;
  const words = `お世話になりました ${marker('msg')}`;
  await postOverSocket(token, channels.items.find((c) => c.slug === 'general')!.id, [words]);

  const { context, page } = await member(browser, email, '/settings/account');
  await expect(page.getByRole('heading', { name: 'データのエクスポート' })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'データをダウンロード' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  const exported = JSON.parse(await readFile(await download.path(), 'utf8')) as MemberExportBody;
  expect(exported.profile).toMatchObject({ email, displayName: name });
  expect(exported.messages.map((m) => m.body)).toContain(words);

  const leave = page.getByRole('region', { name: '退会する' });
  await leave.getByLabel('パスワード(確認のため)').fill('wrong-password');
  await leave.getByRole('button', { name: '退会する' }).click();
  await leave.getByRole('button', { name: 'はい、退会します' }).click();
  await expect(leave.getByRole('alert')).toContainText('パスワードが正しくありません');
  await leave.getByLabel('パスワード(確認のため)').fill(DEMO_PASSWORD);
  await leave.getByRole('button', { name: '退会する' }).click();
  await expect(leave.getByRole('group', { name: '退会の確認' })).toContainText('元に戻すことはできません');
  await leave.getByRole('button', { name: 'はい、退会します' }).click();
  await expect(page).toHaveURL(`${baseUrl()}/login?left=1`);
  await expect(page.getByRole('status')).toContainText('退会しました');

  // Signing in again fails.
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('alert')).toContainText('メールアドレスまたはパスワードが正しくありません');

  // Others see the message, by a former member.
  const other = await member(browser, KENTA, LOUNGE);
  await channelReady(other.page);
  const kept = storedMessage(other.page, words);
  await expect(kept).toHaveCount(1);
  await expect(kept.locator('.message-author')).toHaveText('退会したメンバー');
  await Promise.all([context.close(), other.context.close()]);
});
