// Screenshots of the web client as people see it, at 1280 and 375 px, against a running `npm run demo`
// (it writes a few messages, a reaction and a thread reply as Kenta and Yumi, and checks one member in at the
// on-site workshop). The README shows `channel.png`, `event.png` and `check-in.png` from docs/screenshots/.
//   node scripts/web-screenshots.mjs [base URL, default http://localhost:3000] [output folder]
import { mkdirSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const base = process.argv[2] ?? 'http://localhost:3000';
const out = process.argv[3] ?? 'dist/screenshots';
mkdirSync(out, { recursive: true });
const launch = JSON.parse(readFileSync(new URL('../test/browser/chromium.json', import.meta.url), 'utf8'));
const browser = await chromium.launch({
  ...launch,
  executablePath: process.env.CHROMIUM_PATH ?? launch.executablePath,
});
async function login(email, w, h, path) {
  const ctx = await browser.newContext({
    viewport: { width: w, height: h },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
  });
  const page = await ctx.newPage();
  await page.goto(`${base}/login?next=${encodeURIComponent(path)}`);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill('shiojiri-demo-2026');
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.waitForURL(`${base}${path}`);
  await page.waitForTimeout(1500);
  return page;
}
const yumi = await login('yumi@shiojiri-salon.example', 1280, 800, '/themes/lounge/general');
const kenta = await login('kenta@shiojiri-salon.example', 1280, 800, '/themes/lounge/general');
const box = (p) => p.getByRole('textbox', { name: 'メッセージ', exact: true });
await box(kenta).fill('由美さん、12/15の漆器工房めぐり、一緒に行きませんか?');
await box(kenta).press('Enter');
await kenta.waitForTimeout(500);
await box(yumi).fill('ぜひ!午後から参加できます 🎉');
await box(yumi).press('Enter');
await yumi.waitForTimeout(800);
const msg = kenta.locator('article[data-seq]').filter({ hasText: 'ぜひ!午後から' }).last();
await msg.hover();
await msg.getByRole('button', { name: 'リアクション' }).click();
await msg.getByRole('button', { name: '🎉 でリアクション' }).click();
await kenta.waitForTimeout(500);
const first = yumi.locator('article[data-seq]').filter({ hasText: '一緒に行きませんか' }).last();
await first.hover();
await first.getByRole('button', { name: '返信' }).click();
const reply = yumi.getByRole('textbox', { name: 'スレッドに返信' });
await reply.fill('集合場所は木曽平沢駅でいいですか?');
await reply.press('Enter');
await yumi.waitForTimeout(800);
await box(kenta).pressSequentially('＠ゆ');
await kenta.waitForTimeout(800);
await kenta.screenshot({ path: `${out}/kenta-mention.png` });
await box(kenta).fill('');
await kenta.getByRole('button', { name: '1件の返信' }).last().click();
await kenta.waitForTimeout(800);
await box(yumi).pressSequentially('了解です');
await kenta.waitForTimeout(800);
await kenta.mouse.move(0, 0);
await kenta.screenshot({ path: `${out}/channel.png` });
const phone = await login('kenta@shiojiri-salon.example', 375, 740, '/themes/lounge/general');
await phone.screenshot({ path: `${out}/channel-375.png` });
await phone.getByRole('button', { name: '1件の返信' }).last().click();
await phone.waitForTimeout(800);
await phone.screenshot({ path: `${out}/thread-375.png` });
await phone.goto(`${base}/`);
await phone.waitForTimeout(1200);
await phone.screenshot({ path: `${out}/home-375.png`, fullPage: true });
await phone.goto(`${base}/themes`);
await phone.waitForTimeout(1200);
await phone.screenshot({ path: `${out}/themes-375.png` });
await phone.goto(`${base}/themes/kiso-hirasawa-hibi-bessou`);
await phone.waitForTimeout(1200);
await phone.screenshot({ path: `${out}/theme-375.png`, fullPage: true });
await kenta.goto(`${base}/themes`);
await kenta.waitForTimeout(1200);
await kenta.screenshot({ path: `${out}/themes-1280.png` });
await kenta.goto(`${base}/themes/kiso-hirasawa-hibi-bessou`);
await kenta.waitForTimeout(1200);
await kenta.screenshot({ path: `${out}/theme-1280.png`, fullPage: true });
await kenta.goto(`${base}/nope`);
await kenta.waitForTimeout(800);
await kenta.screenshot({ path: `${out}/404-1280.png` });

// Events: the on-site workshop's page (event.png in the README) and its check-in screen on a phone
// (check-in.png), with one member already checked in.
const coordinator = await login('coordinator@shiojiri-salon.example', 375, 740, '/events');
const workshop = coordinator.getByRole('link', { name: /漆器工房めぐり/ }).first();
const workshopPath = new URL(await workshop.getAttribute('href'), base).pathname;
await kenta.goto(`${base}${workshopPath}`);
await kenta.waitForTimeout(1200);
await kenta.screenshot({ path: `${out}/event.png`, fullPage: true });
await kenta.goto(`${base}/events`);
await kenta.waitForTimeout(1200);
await kenta.screenshot({ path: `${out}/events-1280.png`, fullPage: true });
await coordinator.goto(`${base}${workshopPath}/check-in`);
await coordinator.waitForTimeout(1200);
const checkInButton = coordinator.getByRole('button', { name: /さんを受付する$/ }).first();
if (await checkInButton.count()) await checkInButton.click();
await coordinator.waitForTimeout(800);
await coordinator.screenshot({ path: `${out}/check-in.png` });
await coordinator.goto(`${base}/events/new`);
await coordinator.waitForTimeout(1000);
await coordinator.screenshot({ path: `${out}/event-form-375.png`, fullPage: true });

await browser.close();
console.log(`screenshots in ${out}`);
