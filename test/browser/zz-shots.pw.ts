import { test } from '@playwright/test';
import { baseUrl, COORDINATOR, KENTA, member } from './salon';

test('screenshots', async ({ browser, request }) => {
  const login = await request.post(`${baseUrl()}/api/auth/login`, {
    data: { email: KENTA, password: 'shiojiri-demo-2026' },
  });
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const events = (await (
    await request.get(`${baseUrl()}/api/events?limit=10`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { items: { id: string; title: string; format: string }[] };
  console.log(events.items.map((e) => `${e.id} ${e.title} ${e.format}`).join('\n'));
  const onsite = events.items.find((e) => e.format !== 'online')!;
  for (const width of [1280, 375]) {
    const k = await member(browser, KENTA, '/events', { width, height: 900 });
    await k.page.waitForTimeout(500);
    await k.page.screenshot({ path: `/tmp/shot-events-${width}.png`, fullPage: true });
    await k.page.goto(`${baseUrl()}/events/${onsite.id}`);
    await k.page.waitForTimeout(800);
    await k.page.screenshot({ path: `/tmp/shot-event-${width}.png`, fullPage: true });
    await k.page.goto(`${baseUrl()}/`);
    await k.page.waitForTimeout(800);
    await k.page.screenshot({ path: `/tmp/shot-home-${width}.png`, fullPage: true });
    await k.context.close();
    const c = await member(browser, COORDINATOR, '/events/new', { width, height: 900 });
    await c.page.waitForTimeout(500);
    await c.page.screenshot({ path: `/tmp/shot-new-${width}.png`, fullPage: true });
    await c.page.goto(`${baseUrl()}/events/${onsite.id}/attendees`);
    await c.page.waitForTimeout(800);
    await c.page.screenshot({ path: `/tmp/shot-attendees-${width}.png`, fullPage: true });
    await c.page.goto(`${baseUrl()}/events/${onsite.id}`);
    await c.page.waitForTimeout(800);
    await c.page.screenshot({ path: `/tmp/shot-event-coord-${width}.png`, fullPage: true });
    await c.context.close();
  }
});
