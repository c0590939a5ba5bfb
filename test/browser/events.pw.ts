import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import type { EventBody } from '../e2e/api-types';
import {
  apiToken,
  baseUrl,
  COORDINATOR,
  KENTA,
  log,
  LOUNGE,
  mailTo,
  marker,
  member,
  salonLinks,
  storedMessage,
  YUMI,
  expectFocused,
} from './salon';

const DAY = 86_400_000;
// Several people in several windows, mail through the worker: more than the default minute on a busy machine.
test.describe.configure({ timeout: 180_000 });
const run = promisify(execFile);
const root = join(__dirname, '..', '..');

/** `YYYY-MM-DDT19:00`-style wall-clock values in Tokyo, `days` from now (what a datetime-local input takes). */
function tokyo(days: number, time: string): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(
    new Date(Date.now() + days * DAY),
  );
  return `${date}T${time}`;
}

function rsvpGroup(page: Page) {
  return page.getByRole('group', { name: '参加登録' });
}

test('an event from announcement to check-in: create, announce, RSVP, .ics, waitlist, promotion, check-in on a phone', async ({
  browser,
}) => {
  const title = marker('塩尻ワイン講座');
  const coordinator = await member(browser, COORDINATOR, '/events');
  const kenta = await member(browser, KENTA, LOUNGE);
  const yumi = await member(browser, YUMI, '/events');

  // The coordinator fills the form; the api's codes are shown beside the field at fault.
  await coordinator.page.getByRole('link', { name: 'イベントを作成' }).click();
  await expect(coordinator.page.getByRole('heading', { level: 1, name: 'イベントを作成' })).toBeVisible();
  const form = coordinator.page;
  await form.getByLabel('タイトル').fill(title);
  await form.getByLabel('説明').fill('塩尻のワインを飲み比べます。');
  await form.getByRole('radio', { name: '会場', exact: true }).check();
  await form.getByLabel('開始').fill(tokyo(2, '19:00'));
  await form.getByLabel('終了', { exact: true }).fill(tokyo(2, '18:00'));
  await form.getByLabel('定員').fill('1');
  await form.getByRole('button', { name: '作成して告知する' }).click();
  // The api refuses an end before the start (INVALID_EVENT_TIMES) …
  await expect(form.getByLabel('終了', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('開始より後、締切は終了より前の日時にしてください。')).toBeVisible();
  await form.getByLabel('終了', { exact: true }).fill(tokyo(2, '21:00'));
  await form.getByRole('button', { name: '作成して告知する' }).click();
  // … and an on-site event without a venue (VENUE_REQUIRED), each at its field.
  await expect(form.getByLabel('会場名')).toHaveAttribute('aria-invalid', 'true');
  await expectFocused(form.getByLabel('会場名'));
  await form.getByLabel('会場名').fill('えんぱーく');
  await form.getByLabel('住所').fill('長野県塩尻市大門一番町12-2');
  await form.getByRole('button', { name: '作成して告知する' }).click();
  await expect(form).toHaveURL(/\/events\/[0-9a-f-]{36}$/);
  const eventId = form.url().split('/').pop()!;
  await expect(form.getByRole('heading', { level: 1, name: title })).toBeVisible();

  // A member in the lounge sees it announced as it happens, and finds it on /events.
  await expect(storedMessage(log(kenta.page), title)).toHaveCount(1);
  await kenta.page
    .getByRole('navigation', { name: 'メインメニュー' })
    .getByRole('link', { name: 'イベント' })
    .click();
  await kenta.page.getByRole('link', { name: title }).click();
  await expect(kenta.page).toHaveURL(`${baseUrl()}/events/${eventId}`);
  await expect(kenta.page.getByText('えんぱーく')).toBeVisible();
  await expect(kenta.page.getByRole('link', { name: '地図で見る' })).toHaveAttribute(
    'href',
    /%E5%A1%A9%E5%B0%BB/,
  );
  await rsvpGroup(kenta.page).getByRole('button', { name: '参加する' }).click();
  await expect(kenta.page.getByText('参加予定です。')).toBeVisible();
  await expect(kenta.page.getByText('参加 1 / 定員 1人')).toBeVisible();

  // カレンダーに追加 saves the event's .ics.
  const [download] = await Promise.all([
    kenta.page.waitForEvent('download'),
    kenta.page.getByRole('button', { name: 'カレンダーに追加' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.ics$/);
  const ics = readFileSync(await download.path(), 'utf8');
  expect(ics).toContain('BEGIN:VCALENDAR');
  expect(ics.replace(/\r\n /g, '')).toContain(`SUMMARY:${title}`);

  // The event is full: the next member is offered the waitlist and told her place.
  await yumi.page.goto(`${baseUrl()}/events/${eventId}`);
  await rsvpGroup(yumi.page).getByRole('button', { name: 'キャンセル待ちに登録' }).click();
  await expect(yumi.page.getByText('キャンセル待ち 1番目です。', { exact: false })).toBeVisible();

  // A withdrawal promotes her: she is mailed, and the mail's link opens the event, where she is going.
  await rsvpGroup(kenta.page).getByRole('button', { name: '参加をやめる' }).click();
  await expect(kenta.page.getByText('まだ回答していません。')).toBeVisible();
  const promoted = await mailTo(YUMI, `参加が確定しました：${title}`);
  const link = salonLinks(promoted).find((url) => url.endsWith(`/events/${eventId}`));
  expect(link).toBeDefined();
  await yumi.page.goto(link!);
  await expect(yumi.page.getByText('参加予定です。')).toBeVisible();

  // The coordinator checks her in at the door, on a phone, finding her by the reading of her name.
  const phone = await member(browser, COORDINATOR, `/events/${eventId}/check-in`, {
    width: 375,
    height: 740,
  });
  await expect(phone.page.getByText('受付済み 0 / 1人')).toBeVisible();
  await phone.page.getByLabel('名前・ふりがなで検索').fill('タナカ');
  await phone.page.getByRole('button', { name: '田中 由美さんを受付する' }).click();
  await expect(phone.page.getByText('受付済み 1 / 1人')).toBeVisible();
  // Undo, and again with the keyboard alone.
  await phone.page.getByRole('button', { name: '田中 由美さんの受付を取り消す' }).click();
  await expect(phone.page.getByText('受付済み 0 / 1人')).toBeVisible();
  await phone.page.getByLabel('名前・ふりがなで検索').focus();
  await phone.page.keyboard.press('Tab');
  await expectFocused(phone.page.getByRole('button', { name: '田中 由美さんを受付する' }));
  await phone.page.keyboard.press('Enter');
  await expect(phone.page.getByText('受付済み 1 / 1人')).toBeVisible();
  // Nothing is wider than the phone.
  expect(await phone.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(375);

  // The attendee list says the same, and downloads as CSV that spreadsheets open in Japanese.
  await coordinator.page.goto(`${baseUrl()}/events/${eventId}/attendees`);
  await expect(coordinator.page.getByRole('row', { name: /田中 由美/ })).toContainText('参加');
  const [csv] = await Promise.all([
    coordinator.page.waitForEvent('download'),
    coordinator.page.getByRole('button', { name: 'CSVをダウンロード' }).click(),
  ]);
  const rows = readFileSync(await csv.path(), 'utf8');
  expect(rows.startsWith('\uFEFF名前,ふりがな,状態,待ち順,受付\r\n')).toBe(true);
  expect(rows).toMatch(/田中 由美,たなか ゆみ,参加,,\d{4}-/);

  // Members do not get the organisers' screens.
  await kenta.page.goto(`${baseUrl()}/events/${eventId}/check-in`);
  await expect(kenta.page.getByRole('alert')).toHaveText('このイベントを管理する権限がありません。');
  await kenta.page.goto(`${baseUrl()}/events`);
  await expect(kenta.page.getByRole('heading', { level: 1, name: 'イベント' })).toBeVisible();
  await expect(kenta.page.getByRole('link', { name: 'イベントを作成' })).toHaveCount(0);

  for (const person of [coordinator, kenta, yumi, phone]) await person.context.close();
});

test('RSVP with the keyboard alone, past events, and a cancelled event that says so (with its mail link)', async ({
  browser,
  request,
}) => {
  const token = await apiToken(request, COORDINATOR);
  const headers = { authorization: `Bearer ${token}` };
  const create = async (title: string, startsInDays: number) => {
    const start = new Date(Math.floor((Date.now() + startsInDays * DAY) / 60_000) * 60_000);
    const reply = await request.post(`${baseUrl()}/api/events`, {
      headers,
      data: {
        title,
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 2 * 3_600_000).toISOString(),
        format: 'online',
        joinUrl: 'https://meet.example/salon',
      },
    });
    expect(reply.status()).toBe(201);
    return (await reply.json()) as EventBody;
  };
  const upcoming = await create(marker('オンライン相談会'), 3);
  const past = await create(marker('先月の交流会'), -30);

  const kenta = await member(browser, KENTA, `/events/${upcoming.id}`);
  const page = kenta.page;
  await expect(page.getByRole('heading', { level: 1, name: upcoming.title })).toBeVisible();
  // The join address is for people who are going.
  await expect(page.getByRole('link', { name: 'https://meet.example/salon' })).toHaveCount(0);
  const going = rsvpGroup(page).getByRole('button', { name: '参加する' });
  for (
    let presses = 0;
    presses < 40 && !(await going.evaluate((el) => el === el.ownerDocument.activeElement));
    presses++
  ) {
    await page.keyboard.press('Tab');
  }
  await expectFocused(going);
  await page.keyboard.press('Enter');
  await expect(page.getByText('参加予定です。')).toBeVisible();
  await expect(page.getByRole('link', { name: 'https://meet.example/salon' })).toBeVisible();

  // Past events, most recent first, behind the toggle.
  await page.goto(`${baseUrl()}/events`);
  await expect(page.getByRole('link', { name: past.title })).toHaveCount(0);
  await page.getByRole('button', { name: '過去' }).click();
  await expect(page).toHaveURL(/\?past=1$/);
  await expect(page.getByRole('link', { name: past.title })).toBeVisible();
  await page.getByRole('link', { name: past.title }).click();
  await expect(page.getByText('このイベントは終了しました。')).toBeVisible();
  await expect(rsvpGroup(page)).toHaveCount(0);

  // The coordinator cancels in the browser (asked twice); the member's mail leads to a page that says so.
  const coordinator = await member(browser, COORDINATOR, `/events/${upcoming.id}`);
  await coordinator.page.getByRole('button', { name: 'イベントを中止する' }).click();
  await coordinator.page.getByRole('button', { name: '中止する', exact: true }).click();
  await expect(coordinator.page.getByText('このイベントは中止になりました。')).toBeVisible();
  const cancelled = await mailTo(KENTA, `【中止】${upcoming.title}`);
  await page.goto(salonLinks(cancelled).find((url) => url.endsWith(`/events/${upcoming.id}`))!);
  await expect(page.getByText('このイベントは中止になりました。')).toBeVisible();
  await expect(page.getByRole('button', { name: '参加する' })).toHaveCount(0);

  await kenta.context.close();
  await coordinator.context.close();
});

test('every kind of link the platform mails opens the right page: digest, reminder, unsubscribe', async ({
  browser,
  request,
}) => {
  // A reminder: an online event starting in an hour and a few seconds is due its one-hour reminder now.
  const token = await apiToken(request, COORDINATOR);
  const starts = new Date(Date.now() + 3_600_000 + 5_000);
  const created = await request.post(`${baseUrl()}/api/events`, {
    headers: { authorization: `Bearer ${token}` },
    data: {
      title: marker('まもなく始まる座談会'),
      startsAt: starts.toISOString(),
      endsAt: new Date(starts.getTime() + 3_600_000).toISOString(),
      format: 'online',
      joinUrl: 'https://meet.example/soon',
    },
  });
  expect(created.status()).toBe(201);
  const soon = (await created.json()) as EventBody;
  const kentaToken = await apiToken(request, KENTA);
  const answered = await request.put(`${baseUrl()}/api/events/${soon.id}/rsvp`, {
    headers: { authorization: `Bearer ${kentaToken}` },
    data: { status: 'going' },
  });
  expect(answered.status()).toBe(200);

  // The weekly digest, sent the way `npm run demo` sends it.
  await run(
    process.execPath,
    [join(root, 'dist', 'apps', 'cli', 'src', 'main.js'), 'digests:run', 'weekly', '--wait'],
    {
      cwd: root,
      env: process.env,
    },
  );
  const digest = await mailTo(KENTA, /^塩尻サロン /);
  const links = salonLinks(digest);
  // A digest's page links go through the click redirect (a signed token, counted for the city's figures):
  // where each leads is its redirect's Location; the browser then follows the mailed link itself.
  const clickLinks = links.filter((url) => url.includes('/api/digests/click?token='));
  expect(clickLinks.length).toBeGreaterThan(0);
  const leadsTo = new Map<string, string>();
  for (const url of clickLinks) {
    const response = await request.get(url, { maxRedirects: 0 });
    expect(response.status()).toBe(302);
    leadsTo.set(url, response.headers()['location'] ?? '');
  }
  const mailedLinkTo = (target: RegExp) => clickLinks.find((url) => target.test(leadsTo.get(url) ?? ''));
  const kenta = await member(browser, KENTA, '/');
  const page = kenta.page;

  const messageLink = mailedLinkTo(/\/messages\/[0-9a-f-]{36}$/);
  expect(messageLink).toBeDefined();
  await page.goto(messageLink!);
  await expect(page).toHaveURL(/\/themes\/[^/]+\/[^/?]+\?/);
  await expect(log(page).locator('article[data-seq]').first()).toBeVisible();

  const themeLink = mailedLinkTo(/\/themes\/[^/]+$/);
  expect(themeLink).toBeDefined();
  await page.goto(themeLink!);
  await expect(page.getByRole('heading', { name: 'フォロワー' })).toBeVisible();

  const eventLink = mailedLinkTo(/\/events\/[0-9a-f-]{36}$/);
  expect(eventLink).toBeDefined();
  await page.goto(eventLink!);
  await expect(page.getByRole('button', { name: 'カレンダーに追加' })).toBeVisible();

  const reminder = await mailTo(KENTA, `【まもなく開始】${soon.title}`);
  await page.goto(salonLinks(reminder).find((url) => url.endsWith(`/events/${soon.id}`))!);
  await expect(page.getByRole('heading', { level: 1, name: soon.title })).toBeVisible();
  await expect(page.getByRole('link', { name: 'https://meet.example/soon' })).toBeVisible();

  // The unsubscribe link works without signing in, and offers the settings page (which asks to sign in).
  const unsubscribe = links.find((url) => url.includes('/api/digests/unsubscribe?token='));
  expect(unsubscribe).toBeDefined();
  const stranger = await browser.newContext();
  const signedOut = await stranger.newPage();
  await signedOut.goto(unsubscribe!);
  await expect(signedOut.getByText('塩尻サロンのダイジェストは現在「週に1回」です。')).toBeVisible();
  await signedOut.locator('a[href$="/settings/notifications"]').first().click();
  await expect(signedOut).toHaveURL(/\/login\?next=%2Fsettings%2Fnotifications$/);

  await stranger.close();
  await kenta.context.close();
});
