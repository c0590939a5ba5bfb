import { randomUUID } from 'node:crypto';
import {
  expect,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from '@playwright/test';
import { io } from 'socket.io-client';
import type { Ack, AuthResult, Channel, Items } from '../e2e/api-types';

/** Helpers for the browser tests: the demo members, signing in through the form, the channel's parts. */
export const DEMO_PASSWORD = 'shiojiri-demo-2026';
export const KENTA = 'kenta@shiojiri-salon.example';
export const YUMI = 'yumi@shiojiri-salon.example';
export const COORDINATOR = 'coordinator@shiojiri-salon.example';
export const ADMIN = 'admin@shiojiri-salon.example';
/** A theme every demo member follows, and its channel. */
export const LOUNGE = '/themes/lounge/general';

export function baseUrl(): string {
  const url = process.env.SALON_WEB_URL;
  if (!url) throw new Error('SALON_WEB_URL is not set: run through test/browser/playwright.config.ts');
  return url;
}

export async function signIn(page: Page, email: string, path = '/'): Promise<void> {
  await page.goto(`${baseUrl()}/login?next=${encodeURIComponent(path)}`);
  await page.getByLabel('メールアドレス').fill(email);
  await page.getByLabel('パスワード').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await expect(page).toHaveURL(`${baseUrl()}${path}`);
}

/** A new browser context (its own cookies: another person, or another device) signed in at `path`. */
export async function member(
  browser: Browser,
  email: string,
  path = LOUNGE,
  viewport = { width: 1280, height: 800 },
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await signIn(page, email, path);
  if (path.startsWith('/themes/') && path.split('/').length === 4) await channelReady(page);
  return { context, page };
}

export function log(page: Page): Locator {
  return page.getByRole('log', { name: 'メッセージ一覧' });
}

export function composer(page: Page): Locator {
  return page.getByRole('textbox', { name: 'メッセージ', exact: true });
}

/** The channel is joined once the history is in (the start marker or a message is shown). */
export async function channelReady(page: Page): Promise<void> {
  await expect(composer(page)).toBeVisible();
  await expect(log(page).locator('article[data-seq], .channel-start').first()).toBeVisible();
}

/** Stored messages (not pending) whose text contains `text`. */
export function storedMessage(scope: Page | Locator, text: string): Locator {
  return scope.locator('article[data-seq]').filter({ hasText: text });
}

export async function send(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
  await expect(storedMessage(log(page), text)).toHaveCount(1);
}

/** Opens a message's action bar (it shows on hover or keyboard focus) and clicks one of its buttons. */
export async function messageAction(message: Locator, name: string): Promise<void> {
  await message.hover();
  await message.getByRole('group', { name: 'メッセージの操作' }).getByRole('button', { name }).click();
}

export function marker(prefix: string): string {
  return `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Signs in over the JSON api (no browser) and returns the access token. */
export async function apiToken(request: APIRequestContext, email: string): Promise<string> {
  const login = await request.post(`${baseUrl()}/api/auth/login`, {
    data: { email, password: DEMO_PASSWORD },
  });
  expect(login.status()).toBe(200);
  return ((await login.json()) as AuthResult).accessToken;
}

/** A new theme (as the coordinator) with its general channel's id. */
export async function newTheme(
  request: APIRequestContext,
  token: string,
  input: { slug: string; title: string; visibility?: 'public' | 'private' },
): Promise<{ channelId: string }> {
  const headers = { authorization: `Bearer ${token}` };
  const created = await request.post(`${baseUrl()}/api/themes`, { headers, data: input });
  expect(created.status()).toBe(201);
  const channels = await request.get(`${baseUrl()}/api/themes/${input.slug}/channels`, { headers });
  const { items } = (await channels.json()) as Items<Channel>;
  return { channelId: items.find((channel) => channel.slug === 'general')!.id };
}

/**
 * Posts messages straight over Socket.IO, as another client would (to fill a channel's history fast). The
 * api keeps its per-connection event budget (40 at once, then 10/s) so the browser is tested under it: past
 * the burst, a RATE_LIMITED send waits as long as the api says and is retried with the same id.
 */
export async function postOverSocket(token: string, channelId: string, bodies: string[]): Promise<void> {
  const socket = io(`${baseUrl()}/chat`, { auth: { token }, transports: ['websocket'], reconnection: false });
  try {
    for (const body of bodies) {
      const payload = { channelId, body, clientMessageId: randomUUID() };
      for (;;) {
        const ack = (await socket.timeout(5000).emitWithAck('message:send', payload)) as Ack;
        if (ack.ok || ack.error.code !== 'RATE_LIMITED') {
          expect(ack.ok).toBe(true);
          break;
        }
        await new Promise((resolve) =>
          setTimeout(resolve, Number(ack.error.details?.retryAfterSeconds ?? 1) * 1000),
        );
      }
    }
  } finally {
    socket.disconnect();
  }
}

/** A mail as the catcher (scripts/mail-catcher.mjs) keeps it. */
export interface CaughtMail {
  id: number;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

/**
 * The newest mail to `address` whose subject contains `subject`, from the mail catcher the browser tests
 * run (global-setup.ts); waits for it, since mail goes through a queue and a worker.
 */
export async function mailTo(
  address: string,
  subject: string | RegExp,
  timeoutMs = 30_000,
): Promise<CaughtMail> {
  const inbox = process.env.SALON_MAIL_URL;
  if (!inbox) throw new Error('SALON_MAIL_URL is not set: run through test/browser/playwright.config.ts');
  const wanted = (text: string) =>
    typeof subject === 'string' ? text.includes(subject) : subject.test(text);
  for (const started = Date.now(); Date.now() - started < timeoutMs;) {
    const list = (await (await fetch(`${inbox}/api/messages`)).json()) as Omit<CaughtMail, 'text' | 'html'>[];
    const found = list.find((mail) => mail.to.includes(address) && wanted(mail.subject));
    if (found) return (await (await fetch(`${inbox}/api/messages/${found.id}`)).json()) as CaughtMail;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no mail to ${address} about ${String(subject)} within ${timeoutMs} ms`);
}

/** The links of a mail's text part that point at the salon (PUBLIC_URL is the api's address here). */
export function salonLinks(mail: CaughtMail): string[] {
  const base = baseUrl();
  return [...new Set(mail.text.match(/https?:\/\/[^\s<>"')]+/g) ?? [])].filter((link) =>
    link.startsWith(base),
  );
}

/**
 * The element has the focus within its page. Unlike `toBeFocused`, this does not also need the page's window
 * to be the browser's active one, which it is not while the test drives several people's windows at once.
 */
export async function expectFocused(locator: Locator): Promise<void> {
  await expect.poll(() => locator.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
}
