import type { SinkMessage } from '@test/support';
import type { DigestRun, ErrorBody, NotificationSettings } from './api-types';
import { kanjiTag, newCoordinator, newMember, promote, useSalon, type SignedUp } from './fixture';
import { expectError } from './http';
import { connectChat, createTheme, follow, generalChannel, joinOk, sendOk, uniqueSlug } from './chat-client';

const salon = useSalon({
  tag: 'digests',
  worker: true,
  smtp: true,
  env: { LOGIN_RATE_LIMIT_PER_IP: '1000' },
});
const { client } = salon;
let admin: SignedUp;

beforeAll(async () => {
  admin = await promote(client, await newMember(client, `管理 者${kanjiTag()}`), 'admin');
});

const mailsTo = (email: string): SinkMessage[] =>
  salon.sink.messages.filter((message) => message.to.includes(email.toLowerCase()));

async function runToEnd(frequency: 'weekly' | 'daily'): Promise<DigestRun> {
  const started = await client.post<DigestRun & ErrorBody>(
    '/api/admin/digests/run',
    { frequency },
    { token: admin.accessToken },
  );
  expect(started.status).toBe(202);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const runs = await client.get<{ items: DigestRun[] }>('/api/admin/digests/runs', {
      token: admin.accessToken,
    });
    const run = runs.body.items.find((item) => item.id === started.body.id);
    if (run?.enqueuingDone && run.pending === 0) return run;
    if (Date.now() > deadline)
      throw new Error(`digest run not finished: ${JSON.stringify(run)}\n${salon.worker.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

it('keeps notification settings per member, validated', async () => {
  const member = await newMember(client, '設定 太郎');
  const mine = await client.get<NotificationSettings>('/api/members/me/notification-settings', {
    token: member.accessToken,
  });
  expect(mine.body).toEqual({
    digest: 'weekly',
    sendWeekday: 1,
    sendHour: 8,
    timeZone: 'Asia/Tokyo',
    locale: 'ja',
  });
  const changed = await client.patch<NotificationSettings>(
    '/api/members/me/notification-settings',
    { digest: 'daily', sendHour: 19, timeZone: 'Europe/Berlin' },
    { token: member.accessToken },
  );
  expect(changed.body).toMatchObject({
    digest: 'daily',
    sendHour: 19,
    timeZone: 'Europe/Berlin',
    sendWeekday: 1,
  });
  for (const bad of [
    { sendHour: 24 },
    { sendWeekday: 0 },
    { digest: 'hourly' },
    { timeZone: 'Mars/Olympus' },
    { extra: 1 },
  ]) {
    const reply = await client.patch<ErrorBody>('/api/members/me/notification-settings', bad, {
      token: member.accessToken,
    });
    expectError(reply, 400, 'VALIDATION_FAILED');
  }
  const member2 = await newMember(client, '一般 会員');
  const refused = await client.post<ErrorBody>(
    '/api/admin/digests/run',
    { frequency: 'weekly' },
    { token: member2.accessToken },
  );
  expect(refused.status).toBe(403);
});

it("mails a follower one digest with the week's conversation and next event; one click unsubscribes", async () => {
  const coordinator = await newCoordinator(client, `調整 役${kanjiTag()}`);
  const slug = uniqueSlug('digest');
  await createTheme(client, coordinator.accessToken, { slug, title: '木曽平沢の日々別荘' });
  const reader = await newMember(client, `読者 花子${kanjiTag()}`);
  const talker = await newMember(client, `投稿 次郎${kanjiTag()}`);
  await follow(client, reader.accessToken, slug);
  await follow(client, talker.accessToken, slug);
  const channel = await generalChannel(client, talker.accessToken, slug);
  const socket = await connectChat(salon.url, talker.accessToken);
  await joinOk(socket, channel.id);
  await sendOk(socket, channel.id, '日々別荘で漆塗り体験のプランを作りました <b>ぜひ</b>');
  const event = await client.post<{ id: string }>(
    '/api/events',
    {
      title: '日々別荘 見学会',
      startsAt: new Date(Date.now() + 3 * 24 * 3600_000).toISOString(),
      endsAt: new Date(Date.now() + 3 * 24 * 3600_000 + 2 * 3600_000).toISOString(),
      format: 'online',
      joinUrl: 'https://meet.example/hibi',
      themeId: (await client.get<{ id: string }>(`/api/themes/${slug}`, { token: reader.accessToken })).body
        .id,
    },
    { token: coordinator.accessToken },
  );
  expect(event.status).toBe(201);

  const preview = await fetch(`${salon.url}/api/digests/preview`, {
    headers: { authorization: `Bearer ${reader.accessToken}` },
  });
  expect(preview.headers.get('content-type')).toMatch(/^text\/html/);
  expect(await preview.text()).toContain('漆塗り体験');
  expect(mailsTo(reader.email)).toHaveLength(0);

  const run = await runToEnd('weekly');
  expect(run.sent).toBeGreaterThanOrEqual(1);
  const [mail] = mailsTo(reader.email);
  expect(mailsTo(reader.email)).toHaveLength(1);
  expect(mail.subject).toMatch(/^塩尻サロン 週間ダイジェスト /);
  expect(mail.text).toContain('日々別荘で漆塗り体験のプランを作りました');
  expect(mail.text).toContain('日々別荘 見学会');
  expect(mail.text).toContain('未回答');
  expect(mail.html).toContain('&lt;b&gt;ぜひ&lt;/b&gt;');

  // The unsubscribe link: GET only offers choices; the one-click POST turns digests off.
  const headers = mail.raw.slice(0, mail.raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  const link = /^List-Unsubscribe: <([^>]+)>/m.exec(headers)?.[1] ?? '';
  expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/m);
  const path = link.replace(/^https?:\/\/[^/]+/, '');
  const page = await fetch(`${salon.url}${path}`);
  expect(page.status).toBe(200);
  const choices = await page.text();
  expect(choices).toContain('配信を停止する');
  // No sign-in needed for the page; it offers the web client's settings (weekday, hour, calendar feed).
  expect(choices).toMatch(/<a href="https?:\/\/[^"]+\/settings\/notifications">通知設定を開く<\/a>/);
  const before = await client.get<NotificationSettings>('/api/members/me/notification-settings', {
    token: reader.accessToken,
  });
  expect(before.body.digest).toBe('weekly');
  const oneClick = await fetch(`${salon.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  expect(oneClick.status).toBe(200);
  const after = await client.get<NotificationSettings>('/api/members/me/notification-settings', {
    token: reader.accessToken,
  });
  expect(after.body.digest).toBe('off');
  const forgedUrl = new URL(`${salon.url}${path}`);
  const token = forgedUrl.searchParams.get('token') ?? '';
  // The first character: all six of its bits are data (the last one's low bits may be padding, which
  // decodes to the same bytes and so would not be a forgery at all).
  forgedUrl.searchParams.set(
    'token',
    token.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')),
  );
  const forged = await fetch(forgedUrl, { method: 'POST' });
  expect(forged.status).toBe(400);
  // The link carried the digest's period: the unsubscribe is recorded against it.
  expect(forgedUrl.searchParams.get('period')).toMatch(/^\d{4}-W\d{2}$/);

  // Every page link goes through the click redirect, which leads to the page on this site.
  const clickLinks = mail.text.match(/https?:\/\/\S+/g)?.filter((url) => !url.includes('/unsubscribe')) ?? [];
  expect(clickLinks.length).toBeGreaterThan(0);
  for (const url of clickLinks) expect(url).toMatch(/\/api\/digests\/click\?token=/);
  const followed = await fetch(`${salon.url}${clickLinks[0].replace(/^https?:\/\/[^/]+/, '')}`, {
    redirect: 'manual',
  });
  expect(followed.status).toBe(302);
  expect(followed.headers.get('location')).toMatch(/\/(themes|messages|events)\//);

  // Another run: nothing more for the reader (off), nothing twice for anyone.
  await runToEnd('weekly');
  expect(mailsTo(reader.email)).toHaveLength(1);
  expect(mailsTo(talker.email)).toHaveLength(1);
});
