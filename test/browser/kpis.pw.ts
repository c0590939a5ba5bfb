import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ADMIN, baseUrl, KENTA, member } from './salon';

/** The figures' page (/admin/kpis) against the real api and the demo data, as an admin and as a member. */

/** Today in Japan and its fiscal year (April to March), as the page's default range has them. */
function thisFiscalYear(): { from: string; to: string; year: number } {
  const to = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
  const year = Number(to.slice(5, 7)) >= 4 ? Number(to.slice(0, 4)) : Number(to.slice(0, 4)) - 1;
  return { from: `${year}-04-01`, to, year };
}

/** axe finds nothing serious at 1280 and 375 px, and the page does not scroll sideways on a phone. */
async function checkWidths(page: Page, name: string): Promise<void> {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    if (width === 375) {
      await expect
        .poll(() => page.evaluate<number>('document.documentElement.scrollWidth'))
        .toBeLessThanOrEqual(375);
    }
    // KPIS_SCREENSHOTS=1 also writes /tmp/kpis-<name>-<width>.png.
    if (process.env.KPIS_SCREENSHOTS)
      await page.screenshot({ path: `/tmp/kpis-${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('an admin reads this fiscal year’s figures from the hub, changes the range in the address and downloads a table as CSV', async ({
  browser,
}) => {
  // axe at two widths for two ranges: more than the default minute on two busy cores.
  test.setTimeout(150_000);
  const { from, to, year } = thisFiscalYear();
  const { context, page } = await member(browser, ADMIN, '/manage');
  await page.getByRole('link', { name: '指標(KPI)' }).click();
  await expect(page).toHaveURL(`${baseUrl()}/admin/kpis`);
  await expect(page.getByRole('heading', { level: 1, name: '指標(KPI)' })).toBeVisible();
  // By default: this fiscal year's April 1 to today in Japan.
  await expect(page.getByLabel('開始日')).toHaveValue(from);
  await expect(page.getByLabel('終了日')).toHaveValue(to);
  await expect(page.getByText(`${year}年度の関係者`)).toBeVisible();
  for (const heading of ['アクティブな人の推移', '定着率(入会月ごと)', '修了生のその後', 'イベントの出席']) {
    await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
  }
  await checkWidths(page, 'this-year');

  // The 2021 CxO Lab round: its projects' alumni, per project.
  await page.getByLabel('開始日').fill('2021-04-01');
  await page.getByLabel('終了日').fill('2022-03-31');
  await page.getByRole('button', { name: '表示する' }).click();
  await expect(page).toHaveURL(`${baseUrl()}/admin/kpis?from=2021-04-01&to=2022-03-31`);
  await expect(page.getByText('2021/4/1～2022/3/31 の数字')).toBeVisible();
  const alumni = page.getByRole('region', { name: '修了生のその後' });
  await expect(alumni.getByRole('rowheader', { name: /^2021年度 塩尻CxO Lab/ })).toHaveCount(4);
  await checkWidths(page, 'fy2021');

  // A range that ends before it starts is stopped before anything is sent.
  await page.getByLabel('終了日').fill('2021-03-01');
  await expect(page.getByText('終了日は開始日と同じか、あとの日にしてください。')).toBeVisible();
  await expect(page.getByRole('button', { name: '表示する' })).toBeDisabled();
  await page.reload();
  await expect(page.getByLabel('終了日')).toHaveValue('2022-03-31');

  // The CSV of one table, as the api writes it (the access token is in memory: fetched, then saved).
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '定着率の CSV をダウンロード' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('kpis-retention-2021-04-01-2022-03-31.csv');
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.startsWith('\uFEFF')).toBe(true);
  expect(csv.split(/\r?\n/)[0]).toContain('month');
  await context.close();
});

test('a member gets the no-permission page at /admin/kpis', async ({ browser }) => {
  const { context, page } = await member(browser, KENTA, '/admin/kpis');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('この画面を使う権限がありません');
  await context.close();
});
