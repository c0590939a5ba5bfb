import { expect, test } from '@playwright/test';
import {
  apiToken,
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
  newTheme,
  postOverSocket,
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
  // (Each full load swaps the refresh cookie: let one finish before the next.)
  await page.goto(`${baseUrl()}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'ホーム' })).toBeVisible();
  await page.goto(`${baseUrl()}/messages/${replyId}`);
  await expect(page).toHaveURL(new RegExp(`message=${replyId}&thread=${id}$`));
  await expect(storedMessage(page.getByRole('complementary', { name: 'スレッド' }), replyText)).toHaveClass(
    /message-highlighted/,
  );
  await kenta.context.close();
});

test('a permalink to a message of a private channel shows nothing of it', async ({ browser, request }) => {
  // The coordinator makes a private theme that Kenta does not belong to and writes in it.
  const slug = marker('himitsu').toLowerCase();
  await newTheme(request, await apiToken(request, COORDINATOR), {
    slug,
    title: '非公開の打ち合わせ',
    visibility: 'private',
  });
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

test('history loads upward keeping the reader’s place; unread divider, jump to latest and read markers', async ({
  browser,
  request,
}) => {
  const coordinatorToken = await apiToken(request, COORDINATOR);
  const slug = marker('rekishi').toLowerCase();
  const { channelId } = await newTheme(request, coordinatorToken, { slug, title: '長い履歴のテーマ' });
  const kenta = await member(browser, KENTA, '/themes');
  await kenta.page.goto(`${baseUrl()}/themes/${slug}`);
  await kenta.page.getByRole('button', { name: 'フォローする' }).click();
  await expect(kenta.page.getByRole('button', { name: 'フォローをやめる' })).toBeVisible();
  // 120 messages: more than the first page (50); Kenta has read none of them.
  await postOverSocket(
    coordinatorToken,
    channelId,
    Array.from({ length: 120 }, (_, i) => `履歴 ${String(i + 1).padStart(3, '0')}`),
  );

  const page = kenta.page;
  await page.goto(`${baseUrl()}/themes/${slug}/general`);
  await channelReady(page);
  const messages = log(page).locator('article[data-seq]');
  await expect(messages).toHaveCount(50);
  // The newest 50 are loaded; all are unread, but the divider needs the first unread one: not loaded yet.
  await expect(messages.last()).toContainText('履歴 120');

  // Scrolling to the top loads the page before, and the message that was at the top stays in view.
  const anchor = storedMessage(log(page), '履歴 071');
  await log(page).evaluate((box) => (box.scrollTop = 0));
  await expect(messages).toHaveCount(100);
  await expect(anchor).toBeInViewport();
  await log(page).evaluate((box) => (box.scrollTop = 0));
  await expect(messages).toHaveCount(120);
  await expect(page.getByText('#全体 General のはじまりです。')).toBeVisible();

  // Away from the bottom, a button jumps to the latest; reading there moves the read marker.
  await page.getByRole('button', { name: '最新へ移動' }).click();
  await expect(storedMessage(log(page), '履歴 120')).toBeInViewport();
  await expect
    .poll(async () => {
      const mine = await request.get(`${baseUrl()}/api/me/themes`, {
        headers: { authorization: `Bearer ${await apiToken(request, KENTA)}` },
      });
      const { items } = (await mine.json()) as {
        items: { theme: { slug: string }; channels: { unread: { unread: number } }[] }[];
      };
      return items.find((item) => item.theme.slug === slug)?.channels[0].unread.unread;
    })
    .toBe(0);

  // Two messages arrive while Kenta is elsewhere; back in the channel, the divider sits before the first.
  await page.getByRole('link', { name: 'ホーム' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ホーム' })).toBeVisible();
  await postOverSocket(coordinatorToken, channelId, ['未読 その1', '未読 その2']);
  await page.goBack();
  await channelReady(page);
  const divider = log(page).getByRole('separator', { name: 'ここから未読' });
  await expect(divider).toBeVisible();
  await expect(log(page).locator('.unread-divider + article')).toContainText('未読 その1');
  await kenta.context.close();
});

test('@ and ＠ offer the theme’s members; choosing one with Enter does not send, and the mention reaches them', async ({
  browser,
}) => {
  const kenta = await member(browser, KENTA);
  const box = composer(kenta.page);
  await box.pressSequentially('こんにちは ＠たなか');
  const options = kenta.page.getByRole('listbox', { name: 'メンション候補' }).getByRole('option');
  await expect(options).toHaveText([/田中 由美/]);
  await box.press('Enter');
  await expect(box).toHaveValue('こんにちは @田中 由美 ');
  const text = marker('メンションのテスト');
  await box.pressSequentially(text);
  await box.press('Enter');
  await expect(storedMessage(log(kenta.page), text).locator('.mention')).toHaveText('@田中 由美');

  const yumi = await member(browser, YUMI, '/');
  const mentions = yumi.page.getByRole('region', { name: '最近のメンション' });
  await expect(mentions.getByRole('link').filter({ hasText: text })).toBeVisible();
  await mentions.getByRole('link').filter({ hasText: text }).click();
  await expect(yumi.page).toHaveURL(/\/themes\/lounge\/general\?message=/);
  await expect(storedMessage(log(yumi.page), text)).toHaveClass(/message-highlighted/);
  await kenta.context.close();
  await yumi.context.close();
});

test('registers a new member; dates read 12/4(金) 19:00 in their zone; English members get English and <html lang="en">', async ({
  page,
  request,
}) => {
  const email = `${marker('newcomer')}@example.jp`;
  await page.goto(`${baseUrl()}/register`);
  await page.getByLabel('表示名').fill('新人 さくら');
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill('short');
  await page.getByRole('button', { name: '登録' }).click();
  // The browser's own check (8 characters) speaks first; then the api's codes in Japanese.
  await page.getByLabel('パスワード').fill('sakura-no-aikotoba-2026');
  await page.getByRole('button', { name: '登録' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'ホーム' })).toBeVisible();
  await expect(page.getByText('まだテーマをフォローしていません。')).toBeVisible();
  const when = page.getByRole('region', { name: '今後のイベント' }).locator('time').first();
  await expect(when).toHaveText(/^\d{1,2}\/\d{1,2}\([日月火水木金土]\) \d{2}:\d{2}$/);

  // The same address again: EMAIL_TAKEN, in Japanese.
  const other = await page.context().browser()!.newPage();
  await other.goto(`${baseUrl()}/register`);
  await other.getByLabel('表示名').fill('二人目');
  await other.getByLabel('メールアドレス').fill(email);
  await other.getByLabel('パスワード').fill('sakura-no-aikotoba-2026');
  await other.getByRole('button', { name: '登録' }).click();
  await expect(other.getByRole('alert')).toHaveText('このメールアドレスはすでに登録されています。');
  await other.close();

  // An English-speaking member in Berlin: English text, <html lang="en">, times in Berlin.
  const token = await (async () => {
    const login = await request.post(`${baseUrl()}/api/auth/login`, {
      data: { email, password: 'sakura-no-aikotoba-2026' },
    });
    return ((await login.json()) as { accessToken: string }).accessToken;
  })();
  const patched = await request.patch(`${baseUrl()}/api/members/me`, {
    headers: { authorization: `Bearer ${token}` },
    data: { locale: 'en', timeZone: 'Europe/Berlin' },
  });
  expect(patched.status()).toBe(200);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Home' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('region', { name: 'Next events' }).locator('time').first()).toHaveText(
    /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [A-Z][a-z]{2} \d{1,2}, \d{2}:\d{2}$/,
  );
});
