import { expect, test, type Page } from '@playwright/test';
import { baseUrl, mailTo, marker, salonLinks } from './salon';

/**
 * Issue 13 as a new member lives it, in the browser: register, verify the address from the mail, forget the
 * password and reset it from the mail, change it, see the signed-in devices and sign another one out.
 * SHOTS=<dir> also saves screenshots of the account pages at 1280 and 375 px.
 */
const shots = process.env.SHOTS;

async function shot(page: Page, name: string): Promise<void> {
  if (!shots) return;
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${shots}/account-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

async function signInWith(page: Page, email: string, password: string, path = '/'): Promise<void> {
  await page.goto(`${baseUrl()}/login?next=${encodeURIComponent(path)}`);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page).toHaveURL(`${baseUrl()}${path}`);
}

/** The one link of a mail to a page of the salon whose path starts with `path`. */
async function linkIn(email: string, subject: string, path: string): Promise<string> {
  const mail = await mailTo(email, subject);
  const link = salonLinks(mail).find((url) => url.startsWith(`${baseUrl()}${path}`));
  expect(link, `a ${path} link in "${subject}"`).toBeTruthy();
  return link!;
}

test('register, verify from the mail, reset a forgotten password, change it, and sign another device out', async ({
  browser,
  page,
}) => {
  test.setTimeout(120_000);
  const email = `${marker('account')}@example.jp`;
  const first = 'hajimete-no-aikotoba-2026';
  const second = 'wasureta-ato-no-aikotoba';
  const third = 'mittsume-no-aikotoba-desu';

  // Register: signed in at once, with a notice that the address waits for its check.
  await page.goto(`${baseUrl()}/register`);
  await page.getByLabel('表示名').fill('新規 みどり');
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(first);
  await page.getByRole('button', { name: '登録' }).click();
  const banner = page.getByRole('region', { name: 'メールアドレスの確認' });
  await expect(banner).toContainText(`メールアドレス（${email}）の確認がまだです。`);
  await shot(page, 'banner');
  await banner.getByRole('button', { name: '確認メールを再送' }).click();
  await expect(banner.getByRole('status')).toHaveText(
    '確認メールを送りました。メールのリンクを開いてください。',
  );

  // Verify from the mail catcher's link: the page confirms, and the notice is gone.
  const verifyLink = await linkIn(email, 'メールアドレスの確認', '/verify-email?token=');
  await page.goto(verifyLink);
  await expect(page.getByRole('heading', { level: 1, name: 'メールアドレスの確認' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(`${email} を確認しました。`);
  await shot(page, 'verified');
  await page.getByRole('link', { name: 'ホームへ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ホーム' })).toBeVisible();
  await expect(banner).toHaveCount(0);
  // The same link again explains itself.
  await page.goto(verifyLink);
  await expect(page.getByRole('alert')).toContainText('このリンクは期限切れか、すでに使われています。');
  await expect(page.getByText(`${email} は確認済みです。`)).toBeVisible();

  // Forget the password: from the sign-in page, ask for a link, follow it, choose a new password.
  await page.goto(`${baseUrl()}/`);
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page).toHaveURL(`${baseUrl()}/login`);
  await page.getByRole('link', { name: 'パスワードをお忘れですか？' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'パスワードの再設定' })).toBeVisible();
  await page.getByLabel('メールアドレス').fill(email);
  await shot(page, 'forgot');
  await page.getByRole('button', { name: '再設定のリンクを送る' }).click();
  await expect(page.getByRole('status')).toContainText(
    `${email} が登録されていれば、再設定のリンクを送りました。`,
  );

  await page.goto(await linkIn(email, 'パスワードの再設定', '/reset-password?token='));
  await expect(page.getByRole('heading', { level: 1, name: '新しいパスワードの設定' })).toBeVisible();
  await page.getByLabel('新しいパスワード', { exact: true }).fill(second);
  await page.getByLabel('新しいパスワード（確認）').fill(`${second}-typo`);
  await page.getByRole('button', { name: 'パスワードを設定' }).click();
  // The browser stops a mismatch before anything is sent.
  await expect(page.getByRole('heading', { level: 1, name: '新しいパスワードの設定' })).toBeVisible();
  const validationMessage = await page
    .getByLabel('新しいパスワード（確認）')
    .evaluate((input) => (input as unknown as { validationMessage: string }).validationMessage);
  expect(validationMessage).toBe('新しいパスワードが一致しません。');
  await page.getByLabel('新しいパスワード（確認）').fill(second);
  await shot(page, 'reset');
  await page.getByRole('button', { name: 'パスワードを設定' }).click();
  await expect(page.getByRole('status')).toContainText('新しいパスワードを設定しました。');
  await page.getByRole('link', { name: 'ログインへ' }).click();
  await signInWith(page, email, second, '/settings/account');

  // Another device signs in; changing the password here signs it out.
  const laptop = await browser.newContext();
  const other = await laptop.newPage();
  await signInWith(other, email, second, '/');
  await expect(page.getByRole('heading', { level: 1, name: 'アカウント設定' })).toBeVisible();
  await page.reload();
  const devices = page.getByRole('region', { name: 'ログイン中の端末' });
  await expect(devices.getByRole('listitem')).toHaveCount(2);

  const passwordSection = page.getByRole('region', { name: 'パスワードの変更' });
  await passwordSection.getByLabel('現在のパスワード').fill('not-my-password');
  await passwordSection.getByLabel('新しいパスワード', { exact: true }).fill(third);
  await passwordSection.getByLabel('新しいパスワード（確認）').fill(third);
  await passwordSection.getByRole('button', { name: 'パスワードを変更' }).click();
  await expect(passwordSection.getByText('パスワードが正しくありません。')).toBeVisible();
  await expect(passwordSection.getByLabel('現在のパスワード')).toBeFocused();
  await passwordSection.getByLabel('現在のパスワード').fill(second);
  await passwordSection.getByLabel('新しいパスワード', { exact: true }).fill(third);
  await passwordSection.getByLabel('新しいパスワード（確認）').fill(third);
  await passwordSection.getByRole('button', { name: 'パスワードを変更' }).click();
  await expect(
    passwordSection.getByText('パスワードを変更しました。ほかの端末はログアウトしました。'),
  ).toBeVisible();
  await expect(devices.getByRole('listitem')).toHaveCount(1);
  await expect(devices.getByRole('listitem')).toContainText('この端末');
  // The laptop finds itself signed out at its next refresh (a reload asks for a new access token).
  await other.reload();
  await expect(other).toHaveURL(`${baseUrl()}/login`);

  // A phone signs in with the new password; this device ends its session from the list.
  await signInWith(other, email, third, '/');
  await page.reload();
  await expect(devices.getByRole('listitem')).toHaveCount(2);
  const phone = devices.getByRole('listitem').filter({ hasNotText: 'この端末' });
  await expect(phone).toContainText('Chrome');
  await shot(page, 'settings');
  await phone.getByRole('button', { name: 'ログアウトさせる' }).click();
  await expect(devices.getByText('その端末をログアウトさせました。')).toBeVisible();
  await expect(devices.getByRole('listitem')).toHaveCount(1);
  await other.reload();
  await expect(other).toHaveURL(`${baseUrl()}/login`);
  await laptop.close();
});
