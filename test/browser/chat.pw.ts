import { expect, test } from '@playwright/test';
import {
  baseUrl,
  channelReady,
  COORDINATOR,
  composer,
  KENTA,
  log,
  LOUNGE,
  marker,
  member,
  messageAction,
  send,
  storedMessage,
  YUMI,
} from './salon';

test('signs in with the Japanese form, shows an error for a wrong password, and returns to the page that sent you', async ({
  page,
}) => {
  await page.goto(`${baseUrl()}/themes`);
  await expect(page).toHaveURL(/\/login\?next=%2Fthemes$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await page.getByLabel('メールアドレス').fill(KENTA);
  await page.getByLabel('パスワード').fill('wrong-password');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page.getByRole('alert')).toHaveText('メールアドレスまたはパスワードが正しくありません。');

  await page.getByLabel('パスワード').fill('shiojiri-demo-2026');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page).toHaveURL(`${baseUrl()}/themes`);
  await expect(page.getByRole('heading', { level: 1, name: 'テーマ' })).toBeVisible();

  // No token anywhere a script can read it: the refresh token is an httpOnly cookie scoped to /api/auth.
  const storage = await page.evaluate<string>(
    'JSON.stringify({ ...localStorage, ...sessionStorage }) + document.cookie',
  );
  expect(storage).not.toMatch(/eyJ/);
  const cookies = await page.context().cookies();
  expect(cookies).toEqual([
    expect.objectContaining({ name: 'salon_refresh', httpOnly: true, sameSite: 'Lax', path: '/api/auth' }),
  ]);

  // A reload and a second tab stay signed in (the cookie is swapped for an access token on boot).
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'テーマ' })).toBeVisible();
  const second = await page.context().newPage();
  await second.goto(`${baseUrl()}/`);
  await expect(second.getByRole('heading', { level: 1, name: 'ホーム' })).toBeVisible();

  // Signing out ends the session: the other tab is signed out too, and the cookie no longer works.
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page).toHaveURL(`${baseUrl()}/login`);
  await expect(second).toHaveURL(/\/login/);
  await second.reload();
  await expect(second).toHaveURL(/\/login/);
});

test('two members chat live, reply in a thread, react, edit and delete, each seen by the other', async ({
  browser,
}) => {
  const kenta = await member(browser, KENTA);
  const yumi = await member(browser, YUMI);
  await expect(kenta.page.getByText(/オンライン [2-9]人/)).toBeVisible();

  const hello = marker('こんにちは由美さん');
  await send(kenta.page, hello);
  await expect(storedMessage(log(yumi.page), hello)).toHaveCount(1);

  // Typing shows on the other side.
  await composer(yumi.page).pressSequentially('へんじ');
  await expect(kenta.page.getByText('田中 由美さんが入力中…')).toBeVisible();
  const answer = marker('はーい、健太さん');
  await composer(yumi.page).fill(answer);
  await composer(yumi.page).press('Enter');
  await expect(storedMessage(log(kenta.page), answer)).toHaveCount(1);

  // A reply in a thread.
  await messageAction(storedMessage(log(yumi.page), hello), '返信');
  const thread = yumi.page.getByRole('complementary', { name: 'スレッド' });
  const reply = marker('スレッドで返信します');
  await thread.getByRole('textbox', { name: 'スレッドに返信' }).fill(reply);
  await thread.getByRole('textbox', { name: 'スレッドに返信' }).press('Enter');
  await expect(storedMessage(thread, reply)).toHaveCount(1);
  // Replies stay in their thread, not in the channel.
  await expect(storedMessage(log(yumi.page), reply)).toHaveCount(0);
  const kentaHello = storedMessage(log(kenta.page), hello);
  await kentaHello.getByRole('button', { name: '1件の返信' }).click();
  await expect(storedMessage(kenta.page.getByRole('complementary', { name: 'スレッド' }), reply)).toHaveCount(
    1,
  );
  await kenta.page.getByRole('button', { name: 'スレッドを閉じる' }).click();

  // A reaction.
  await messageAction(storedMessage(log(kenta.page), answer), 'リアクション');
  await storedMessage(log(kenta.page), answer).getByRole('button', { name: '👍 でリアクション' }).click();
  await expect(
    storedMessage(log(yumi.page), answer).getByRole('button', { name: /^👍 1人: 佐藤 健太/ }),
  ).toBeVisible();

  // Edit, seen by the other.
  const edited = marker('こんにちは(訂正)');
  await messageAction(storedMessage(log(kenta.page), hello), '編集');
  const editBox = kenta.page.getByRole('textbox', { name: 'メッセージを編集' });
  await editBox.fill(edited);
  await editBox.press('Enter');
  await expect(storedMessage(log(yumi.page), edited)).toContainText('(編集済み)');
  await expect(storedMessage(log(yumi.page), hello)).toHaveCount(0);

  // Delete, seen by the other.
  const gone = storedMessage(log(kenta.page), edited);
  await messageAction(gone, '削除');
  await gone
    .getByRole('group', { name: 'このメッセージを削除しますか?' })
    .getByRole('button', { name: '削除' })
    .click();
  await expect(storedMessage(log(yumi.page), edited)).toHaveCount(0);
  await expect(yumi.page.getByText('このメッセージは削除されました。').first()).toBeVisible();

  await kenta.context.close();
  await yumi.context.close();
});

test('Enter that confirms an IME conversion does not send; the next Enter does', async ({ browser }) => {
  const kenta = await member(browser, KENTA);
  const page = kenta.page;
  const box = composer(page);
  await box.click();
  const before = await log(page).locator('article').count();
  const cdp = await page.context().newCDPSession(page);

  const word = marker('日本語');
  await cdp.send('Input.imeSetComposition', { text: 'にほんご', selectionStart: 4, selectionEnd: 4 });
  await page.keyboard.press('Enter');
  await cdp.send('Input.insertText', { text: word });
  // The confirming Enter neither sent nor added a line.
  await expect(box).toHaveValue(word);
  await expect(log(page).locator('article')).toHaveCount(before);

  await box.press('Enter');
  await expect(storedMessage(log(page), word)).toHaveCount(1);
  await expect(box).toHaveValue('');

  // Shift+Enter makes a new line.
  await box.pressSequentially('一行目');
  await box.press('Shift+Enter');
  await box.pressSequentially('二行目');
  await expect(box).toHaveValue('一行目\n二行目');
  await box.fill('');
  await kenta.context.close();
});

test('a member taken offline sees every missed message exactly once, in order, and their own pending message is sent once', async ({
  browser,
}) => {
  const kenta = await member(browser, KENTA);
  const yumi = await member(browser, YUMI);
  const tag = marker('不在中');

  await yumi.context.setOffline(true);
  await expect(yumi.page.getByText('接続が切れています。再接続しています…')).toBeVisible();
  const missed = [`${tag} 1通目`, `${tag} 2通目`, `${tag} 3通目`];
  for (const text of missed) await send(kenta.page, text);
  // Written while offline: shown at once as pending, sent when the connection is back.
  const mine = `${tag} 由美から`;
  await composer(yumi.page).fill(mine);
  await composer(yumi.page).press('Enter');
  await expect(log(yumi.page).locator('article.message-sending').filter({ hasText: mine })).toHaveCount(1);
  await expect(storedMessage(log(yumi.page), missed[0])).toHaveCount(0);

  await yumi.context.setOffline(false);
  for (const text of missed) await expect(storedMessage(log(yumi.page), text)).toHaveCount(1);
  const texts = await log(yumi.page).locator('article[data-seq]').filter({ hasText: tag }).allTextContents();
  expect(texts.map((text) => text.match(/(\d)通目|由美から/)?.[0])).toEqual([
    '1通目',
    '2通目',
    '3通目',
    '由美から',
  ]);
  await expect(storedMessage(log(kenta.page), mine)).toHaveCount(1);
  await expect(log(yumi.page).locator('article').filter({ hasText: mine })).toHaveCount(1);
  await expect(yumi.page.getByText('接続が切れています。再接続しています…')).toHaveCount(0);

  // Still exactly once after a reload (what the server stored).
  await yumi.page.reload();
  await channelReady(yumi.page);
  await expect(storedMessage(log(yumi.page), mine)).toHaveCount(1);
  await kenta.context.close();
  await yumi.context.close();
});

test('a draft survives navigation and a reload, per channel and per thread', async ({ browser }) => {
  const kenta = await member(browser, KENTA);
  const page = kenta.page;
  const draft = marker('書きかけの下書き');
  await composer(page).fill(draft);
  await page.getByRole('link', { name: 'ホーム' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ホーム' })).toBeVisible();
  await page.goBack();
  await expect(composer(page)).toHaveValue(draft);
  await page.reload();
  await expect(composer(page)).toHaveValue(draft);

  // Sending clears it.
  await composer(page).press('Enter');
  await expect(storedMessage(log(page), draft)).toHaveCount(1);
  await page.reload();
  await expect(composer(page)).toHaveValue('');
  await kenta.context.close();
});

test('a permalink opens the channel at the message; a reply opens its thread', async ({ browser }) => {
  const kenta = await member(browser, KENTA);
  const page = kenta.page;
  const text = marker('リンクされるメッセージ');
  await send(page, text);
  const id = await storedMessage(log(page), text).getAttribute('data-message-id');
  for (let i = 0; i < 3; i += 1) await send(page, marker(`その後の話 ${i}`));

  await page.goto(`${baseUrl()}/messages/${id}`);
  await expect(page).toHaveURL(new RegExp(`/themes/lounge/general\\?message=${id}$`));
  const linked = storedMessage(log(page), text);
  await expect(linked).toHaveClass(/message-highlighted/);
  await expect(linked).toBeFocused();

  await messageAction(linked, '返信');
  const replyText = marker('返信へのリンク');
  const box = page.getByRole('textbox', { name: 'スレッドに返信' });
  await box.fill(replyText);
  await box.press('Enter');
  const thread = page.getByRole('complementary', { name: 'スレッド' });
  const replyId = await storedMessage(thread, replyText).getAttribute('data-message-id');
  await page.goto(`${baseUrl()}/`);
  await page.goto(`${baseUrl()}/messages/${replyId}`);
  await expect(page).toHaveURL(new RegExp(`message=${replyId}&thread=${id}$`));
  await expect(storedMessage(page.getByRole('complementary', { name: 'スレッド' }), replyText)).toHaveClass(
    /message-highlighted/,
  );
  await kenta.context.close();
});

test('a permalink to a message of a private channel shows nothing of it', async ({ browser, request }) => {
  // The coordinator makes a private theme that Kenta does not belong to and writes in it.
  const login = await request.post(`${baseUrl()}/api/auth/login`, {
    data: { email: COORDINATOR, password: 'shiojiri-demo-2026' },
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const slug = marker('himitsu').toLowerCase();
  const created = await request.post(`${baseUrl()}/api/themes`, {
    headers: { authorization: `Bearer ${accessToken}` },
    data: { slug, title: '非公開の打ち合わせ', visibility: 'private' },
  });
  expect(created.status()).toBe(201);
  const coordinator = await member(browser, COORDINATOR, `/themes/${slug}/general`);
  const secret = marker('秘密の議題');
  await send(coordinator.page, secret);
  const id = await storedMessage(log(coordinator.page), secret).getAttribute('data-message-id');

  const kenta = await member(browser, KENTA, '/');
  await kenta.page.goto(`${baseUrl()}/messages/${id}`);
  await expect(kenta.page.getByRole('heading', { level: 1 })).toHaveText(
    'このメッセージは表示できません。存在しないか、閲覧する権限がありません。',
  );
  await expect(kenta.page).toHaveURL(`${baseUrl()}/messages/${id}`);
  const html = await kenta.page.content();
  expect(html).not.toContain(secret);
  expect(html).not.toContain('非公開の打ち合わせ');
  await coordinator.context.close();
  await kenta.context.close();
});

test('works with the keyboard alone: reach the composer, send, and open a thread', async ({ browser }) => {
  const kenta = await member(browser, KENTA);
  const page = kenta.page;
  await page.keyboard.press('Tab');
  await expect(page.getByRole('link', { name: '本文へ移動' })).toBeFocused();
  const text = marker('キーボードだけで');
  await composer(page).focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
  const message = storedMessage(log(page), text);
  await expect(message).toHaveCount(1);
  // Inside a message, Tab walks its permalink, then its actions (shown while focused).
  await message.focus();
  await page.keyboard.press('Tab');
  await expect(message.getByRole('link')).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(message.getByRole('button', { name: 'リアクション' })).toBeFocused();
  await expect(message.getByRole('button', { name: 'リアクション' })).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(message.getByRole('button', { name: '返信' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('complementary', { name: 'スレッド' })).toBeVisible();
  await kenta.context.close();
});

test('at 375 px the channel has no horizontal scrolling and the composer is reachable', async ({
  browser,
}) => {
  const kenta = await member(browser, KENTA, LOUNGE, { width: 375, height: 740 });
  const page = kenta.page;
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);
  await expect(composer(page)).toBeInViewport();
  const text = marker('スマホから');
  await send(page, text);
  await kenta.context.close();
});
