/**
 * Accounts a person can live with (issue 13, first half): address verification, password reset, password and
 * address changes, and the member's sessions — over HTTP, with the mails read from the SMTP sink the worker
 * sends to.
 */
import { createHash } from 'node:crypto';
import { Client } from 'pg';
import { uniqueEmail, type SinkMessage } from '@test/support';
import type { AuthResult, EmailChange, EmailVerified, ErrorBody, OwnProfile, SessionList } from './api-types';
import { connectChat, createTheme, follow, generalChannel, joinOk, sendOk, uniqueSlug } from './chat-client';
import {
  kanjiTag,
  linkToken,
  newCoordinator,
  newMember,
  promote,
  signUp,
  takeVerificationMail,
  useSalon,
} from './fixture';
import { expectError } from './http';

const MAIL_TIMEOUT_MS = 20_000;

const salon = useSalon({
  tag: 'account',
  worker: true,
  smtp: true,
  publicUrl: true,
  env: { LOGIN_RATE_LIMIT_PER_IP: '1000', ACCOUNT_MAIL_RATE_LIMIT: '3' },
});
const { client } = salon;
let db: Client;

beforeAll(async () => {
  db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
});

const sha256 = (token: string) => createHash('sha256').update(token).digest('hex');

function mailTo(email: string, test: (message: SinkMessage) => boolean): Promise<SinkMessage> {
  return salon.sink.waitFor((message) => message.to.includes(email) && test(message), MAIL_TIMEOUT_MS);
}

const mailsTo = (email: string): SinkMessage[] =>
  salon.sink.messages.filter((message) => message.to.includes(email));

async function me(token: string): Promise<OwnProfile> {
  const reply = await client.get<OwnProfile>('/api/members/me', { token });
  expect(reply.status).toBe(200);
  return reply.body;
}

async function login(email: string, password: string, userAgent?: string) {
  return client.post<AuthResult & ErrorBody>(
    '/api/auth/login',
    { email, password },
    { headers: userAgent ? { 'user-agent': userAgent } : undefined },
  );
}

function refresh(refreshToken: string) {
  return client.post<AuthResult & ErrorBody>('/api/auth/refresh', { refreshToken });
}

/** Asks for a reset link and returns its token from the mail. */
async function resetToken(email: string): Promise<string> {
  const asked = await client.post('/api/auth/password-reset', { email });
  expect(asked.status).toBe(202);
  const mail = await salon.sink.take(
    (message) => message.to.includes(email) && /\/reset-password\?token=/.test(message.text),
    MAIL_TIMEOUT_MS,
  );
  return linkToken(mail, 'reset-password');
}

describe('address verification', () => {
  it('mails a link to the web page on registration; following it verifies the address, once', async () => {
    const member = await signUp(client, { verify: false });
    expect(member.member).toMatchObject({ emailVerified: false, pendingEmail: null });
    expect((await me(member.accessToken)).emailVerified).toBe(false);

    const mail = await takeVerificationMail(salon.sink, member.email);
    expect(mail.subject).toBe('メールアドレスの確認');
    expect(mail.text).toContain(`${salon.url}/verify-email?token=`);
    expect(mail.html).toContain(`href="${salon.url}/verify-email?token=`);
    const token = linkToken(mail, 'verify-email');
    // Only the digest of the token is stored.
    const stored = await db.query<{ token_hash: string }>(
      `SELECT token_hash FROM account_tokens t JOIN members m ON m.id = t.member_id WHERE m.email = $1`,
      [member.email],
    );
    expect(stored.rows).toEqual([{ token_hash: sha256(token) }]);

    const verified = await client.post<EmailVerified>('/api/auth/verify-email', { token });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ email: member.email, emailVerified: true });
    expect((await me(member.accessToken)).emailVerified).toBe(true);

    const again = await client.post<ErrorBody>('/api/auth/verify-email', { token });
    expectError(again, 400, 'INVALID_LINK_TOKEN');
    expectError(
      await client.post<ErrorBody>('/api/auth/verify-email', { token: 'made-up' }),
      400,
      'INVALID_LINK_TOKEN',
    );
    // Nothing left to verify.
    expectError(
      await client.post<ErrorBody>('/api/auth/verify-email/resend', undefined, { token: member.accessToken }),
      409,
      'EMAIL_ALREADY_VERIFIED',
    );
  });

  it('lets an unverified member use the platform, resends in their language, and limits resending', async () => {
    const member = await signUp(client, { verify: false });
    await takeVerificationMail(salon.sink, member.email);
    // Unverified, but signed in and able to change their profile.
    const english = await client.patch('/api/members/me', { locale: 'en' }, { token: member.accessToken });
    expect(english.status).toBe(200);

    const resent = await client.post('/api/auth/verify-email/resend', undefined, {
      token: member.accessToken,
    });
    expect(resent.status).toBe(202);
    const mail = await takeVerificationMail(salon.sink, member.email);
    expect(mail.subject).toBe('Please confirm your email address');
    expect(mail.text).toContain('Confirm my email address');

    // ACCOUNT_MAIL_RATE_LIMIT is 3 in this file: two more, then 429 with Retry-After.
    for (let i = 0; i < 2; i += 1) {
      const reply = await client.post('/api/auth/verify-email/resend', undefined, {
        token: member.accessToken,
      });
      expect(reply.status).toBe(202);
    }
    const limited = await client.post<ErrorBody>('/api/auth/verify-email/resend', undefined, {
      token: member.accessToken,
    });
    expectError(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await client.post<ErrorBody>('/api/auth/verify-email/resend')).status).toBe(401);

    // An expired link does nothing; a fresh one still works.
    const first = await takeVerificationMail(salon.sink, member.email);
    const second = await takeVerificationMail(salon.sink, member.email);
    const expired = linkToken(first, 'verify-email');
    await db.query(
      `UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [sha256(expired)],
    );
    expectError(
      await client.post<ErrorBody>('/api/auth/verify-email', { token: expired }),
      400,
      'INVALID_LINK_TOKEN',
    );
    const fresh = await client.post('/api/auth/verify-email', { token: linkToken(second, 'verify-email') });
    expect(fresh.status).toBe(200);
  });

  it('sends no event mail to an unverified address', async () => {
    const coordinator = await newCoordinator(client, `調整 確認${kanjiTag()}`);
    const verified = await newMember(client, `確認 済み${kanjiTag()}`);
    const unverified = await signUp(client, { displayName: `未確認 さん${kanjiTag()}`, verify: false });
    const title = `確認テストの会 ${kanjiTag(3)}`;
    const created = await client.post<{ id: string }>(
      '/api/events',
      {
        title,
        startsAt: new Date(Date.now() + 5 * 24 * 3600_000).toISOString(),
        endsAt: new Date(Date.now() + 5 * 24 * 3600_000 + 3600_000).toISOString(),
        format: 'online',
      },
      { token: coordinator.accessToken },
    );
    expect(created.status).toBe(201);
    for (const member of [verified, unverified]) {
      const rsvp = await client.call('PUT', `/api/events/${created.body.id}/rsvp`, {
        body: { status: 'going' },
        token: member.accessToken,
      });
      expect(rsvp.status).toBe(200);
    }
    const cancelled = await client.post(`/api/events/${created.body.id}/cancel`, undefined, {
      token: coordinator.accessToken,
    });
    expect(cancelled.status).toBe(200);
    await mailTo(verified.email, (message) => message.subject.includes(title));
    // The same job mailed everyone it was going to mail.
    expect(mailsTo(unverified.email).filter((message) => message.subject.includes(title))).toEqual([]);
  });

  it('sends no digest to an unverified address', async () => {
    const admin = await promote(
      client,
      await newMember(client, `管理 確認${kanjiTag()}`),
      'admin',
      salon.env,
    );
    const coordinator = await newCoordinator(client, `調整 配信${kanjiTag()}`);
    const slug = uniqueSlug('verify');
    await createTheme(client, coordinator.accessToken, { slug, title: '確認待ちのテーマ' });
    const verified = await newMember(client, `読者 確認済${kanjiTag()}`);
    const unverified = await signUp(client, { displayName: `読者 未確認${kanjiTag()}`, verify: false });
    for (const member of [verified, unverified]) await follow(client, member.accessToken, slug);
    // Written by the theme's owner: a digest tells its readers what others wrote.
    const channel = await generalChannel(client, coordinator.accessToken, slug);
    const socket = await connectChat(salon.url, coordinator.accessToken);
    await joinOk(socket, channel.id);
    await sendOk(socket, channel.id, '今週の話題: アドレス確認');
    socket.disconnect();

    const run = await client.post<{ id: string }>(
      '/api/admin/digests/run',
      { frequency: 'weekly' },
      { token: admin.accessToken },
    );
    expect(run.status).toBe(202);
    await mailTo(verified.email, (message) => message.text.includes('アドレス確認'));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const runs = await client.get<{ items: { id: string; enqueuingDone: boolean; pending: number }[] }>(
        '/api/admin/digests/runs',
        { token: admin.accessToken },
      );
      const mine = runs.body.items.find((item) => item.id === run.body.id);
      if (mine?.enqueuingDone && mine.pending === 0) break;
      if (Date.now() > deadline) throw new Error('digest run not finished');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Their verification mail waits in the sink; no digest.
    expect(mailsTo(unverified.email).map((message) => message.subject)).toEqual(['メールアドレスの確認']);
    const rows = await db.query(
      `SELECT 1 FROM digest_deliveries d JOIN members m ON m.id = d.member_id WHERE m.email = $1`,
      [unverified.email],
    );
    expect(rows.rowCount).toBe(0);
  });
});

describe('password reset', () => {
  it('answers the same for a known and an unknown address', async () => {
    const member = await newMember(client, `忘れ 物${kanjiTag()}`);
    const known = await client.post('/api/auth/password-reset', { email: member.email.toUpperCase() });
    const unknown = await client.post('/api/auth/password-reset', { email: uniqueEmail('nobody') });
    expect({ status: unknown.status, body: unknown.text }).toEqual({
      status: known.status,
      body: known.text,
    });
    expect(known.status).toBe(202);
    const mail = await mailTo(member.email, (message) => /\/reset-password\?token=/.test(message.text));
    expect(mail.subject).toBe('パスワードの再設定');
    expect(mail.text).toMatch(new RegExp(`${salon.url}/reset-password\\?token=[\\w-]{43}\\n`));
    expect(mail.html).toContain(`href="${salon.url}/reset-password?token=`);
  });

  it('sets a new password from the mailed link, ends every session, and works only once', async () => {
    const member = await newMember(client, `再設定 花子${kanjiTag()}`);
    const other = await login(member.email, member.password);
    const token = await resetToken(member.email);

    const newPassword = `新しい合言葉-${kanjiTag(4)}`;
    const confirmed = await client.post('/api/auth/password-reset/confirm', { token, password: newPassword });
    expect(confirmed.status).toBe(204);

    expect((await login(member.email, newPassword)).status).toBe(200);
    expectError(await login(member.email, member.password), 401, 'INVALID_CREDENTIALS');
    for (const session of [member.refreshToken, other.body.refreshToken]) {
      expectError(await refresh(session), 401, 'REFRESH_TOKEN_INVALID');
    }
    // Used twice.
    expectError(
      await client.post<ErrorBody>('/api/auth/password-reset/confirm', { token, password: 'another-pass-1' }),
      400,
      'INVALID_LINK_TOKEN',
    );
    expect((await login(member.email, newPassword)).status).toBe(200);
  });

  it('refuses an expired link', async () => {
    const member = await newMember(client, `期限 切れ${kanjiTag()}`);
    const token = await resetToken(member.email);
    const [row] = (
      await db.query<{ ttl: number }>(
        `SELECT extract(epoch FROM expires_at - created_at)::int AS ttl FROM account_tokens WHERE token_hash = $1`,
        [sha256(token)],
      )
    ).rows;
    expect(row.ttl).toBe(3600);
    await db.query(
      `UPDATE account_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [sha256(token)],
    );
    expectError(
      await client.post<ErrorBody>('/api/auth/password-reset/confirm', { token, password: 'a-new-password' }),
      400,
      'INVALID_LINK_TOKEN',
    );
    expect((await login(member.email, member.password)).status).toBe(200);
  });

  it('refuses a link issued before the password was changed', async () => {
    const member = await newMember(client, `変更 済み${kanjiTag()}`);
    const token = await resetToken(member.email);
    const changed = await client.patch(
      '/api/members/me/password',
      { currentPassword: member.password, newPassword: 'changed-in-the-meantime' },
      { token: member.accessToken },
    );
    expect(changed.status).toBe(204);
    expectError(
      await client.post<ErrorBody>('/api/auth/password-reset/confirm', {
        token,
        password: 'from-the-old-link',
      }),
      400,
      'INVALID_LINK_TOKEN',
    );
    expect((await login(member.email, 'changed-in-the-meantime')).status).toBe(200);
  });

  it('validates the new password', async () => {
    const reply = await client.post<ErrorBody>('/api/auth/password-reset/confirm', {
      token: 'whatever',
      password: 'short',
    });
    expectError(reply, 400, 'VALIDATION_FAILED');
  });
});

describe('changing password and address', () => {
  it('changes the password with the current one; other sessions end, this one stays', async () => {
    const member = await newMember(client, `合言葉 変更${kanjiTag()}`);
    const other = await login(member.email, member.password);
    expect(other.status).toBe(200);

    const wrong = await client.patch<ErrorBody>(
      '/api/members/me/password',
      { currentPassword: 'not-my-password', newPassword: 'brand-new-password' },
      { token: member.accessToken },
    );
    expectError(wrong, 403, 'PASSWORD_INCORRECT');
    expect(wrong.body.details?.fields).toEqual([expect.objectContaining({ field: 'currentPassword' })]);

    const changed = await client.patch(
      '/api/members/me/password',
      { currentPassword: member.password, newPassword: 'brand-new-password' },
      { token: member.accessToken },
    );
    expect(changed.status).toBe(204);
    expectError(await refresh(other.body.refreshToken), 401, 'REFRESH_TOKEN_INVALID');
    expect((await refresh(member.refreshToken)).status).toBe(200);
    expectError(await login(member.email, member.password), 401, 'INVALID_CREDENTIALS');
    expect((await login(member.email, 'brand-new-password')).status).toBe(200);
  });

  it('moves to a new address once it is verified, and tells the old one', async () => {
    const member = await newMember(client, `転居 太郎${kanjiTag()}`);
    const taken = await newMember(client, `先客 さん${kanjiTag()}`);
    const newEmail = uniqueEmail('moved');

    expectError(
      await client.patch<ErrorBody>(
        '/api/members/me/email',
        { email: newEmail, password: 'wrong-password' },
        { token: member.accessToken },
      ),
      403,
      'PASSWORD_INCORRECT',
    );
    expectError(
      await client.patch<ErrorBody>(
        '/api/members/me/email',
        { email: taken.email.toUpperCase(), password: member.password },
        { token: member.accessToken },
      ),
      409,
      'EMAIL_TAKEN',
    );

    const asked = await client.patch<EmailChange>(
      '/api/members/me/email',
      { email: newEmail, password: member.password },
      { token: member.accessToken },
    );
    expect(asked.status).toBe(200);
    expect(asked.body).toEqual({ email: member.email, pendingEmail: newEmail });
    expect(await me(member.accessToken)).toMatchObject({
      email: member.email,
      pendingEmail: newEmail,
      emailVerified: true,
    });

    const notice = await mailTo(
      member.email,
      (message) => message.subject === 'メールアドレス変更のお知らせ',
    );
    expect(notice.text).toContain(newEmail);
    expect(notice.text).toContain(`${salon.url}/settings/account`);
    const verification = await takeVerificationMail(salon.sink, newEmail);
    expect(verification.text).toContain('このアドレスへの変更を受け付けました');

    // Until verified, the old address is the one that signs in.
    expectError(await login(newEmail, member.password), 401, 'INVALID_CREDENTIALS');
    expect((await login(member.email, member.password)).status).toBe(200);

    const verified = await client.post<EmailVerified>('/api/auth/verify-email', {
      token: linkToken(verification, 'verify-email'),
    });
    expect(verified.body).toEqual({ email: newEmail, emailVerified: true });
    expect(await me(member.accessToken)).toMatchObject({
      email: newEmail,
      pendingEmail: null,
      emailVerified: true,
    });
    expect((await login(newEmail, member.password)).status).toBe(200);
    expectError(await login(member.email, member.password), 401, 'INVALID_CREDENTIALS');
    // The old address can register again.
    expect((await signUp(client, { email: member.email, verify: false })).member.email).toBe(member.email);
  });
});

describe('sessions', () => {
  it('lists my devices with this one marked, and ends another one', async () => {
    const member = await signUp(client, { headers: { 'user-agent': 'SalonTest/1.0 (first device)' } });
    const phone = await login(member.email, member.password, 'SalonTest/1.0 (phone)');
    expect(phone.status).toBe(200);

    const listed = await client.get<SessionList>('/api/members/me/sessions', { token: member.accessToken });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(2);
    const current = listed.body.items.find((session) => session.current);
    const other = listed.body.items.find((session) => !session.current);
    expect(current?.userAgent).toBe('SalonTest/1.0 (first device)');
    expect(other?.userAgent).toBe('SalonTest/1.0 (phone)');
    for (const session of listed.body.items) {
      expect(Object.keys(session).sort()).toEqual(['createdAt', 'current', 'id', 'lastUsedAt', 'userAgent']);
      expect(Date.parse(session.lastUsedAt)).toBeGreaterThanOrEqual(Date.parse(session.createdAt));
    }

    // Someone else's session is not mine to end.
    const stranger = await newMember(client, `他人 さん${kanjiTag()}`);
    expectError(
      await client.call<ErrorBody>('DELETE', `/api/members/me/sessions/${other?.id}`, {
        token: stranger.accessToken,
      }),
      404,
      'SESSION_NOT_FOUND',
    );
    expectError(
      await client.call<ErrorBody>('DELETE', '/api/members/me/sessions/not-a-uuid', {
        token: member.accessToken,
      }),
      400,
      'INVALID_ID',
    );

    const ended = await client.call('DELETE', `/api/members/me/sessions/${other?.id}`, {
      token: member.accessToken,
    });
    expect(ended.status).toBe(204);
    expectError(await refresh(phone.body.refreshToken), 401, 'REFRESH_TOKEN_INVALID');
    const after = await client.get<SessionList>('/api/members/me/sessions', { token: member.accessToken });
    expect(after.body.items.map((session) => session.id)).toEqual([current?.id]);
    expectError(
      await client.call<ErrorBody>('DELETE', `/api/members/me/sessions/${other?.id}`, {
        token: member.accessToken,
      }),
      404,
      'SESSION_NOT_FOUND',
    );

    // A refresh is a use: the session moves up, and the new access token still knows its device.
    const refreshed = await refresh(member.refreshToken);
    const again = await client.get<SessionList>('/api/members/me/sessions', {
      token: refreshed.body.accessToken,
    });
    expect(again.body.items).toEqual([expect.objectContaining({ id: current?.id, current: true })]);
    expect(Date.parse(again.body.items[0].lastUsedAt)).toBeGreaterThanOrEqual(
      Date.parse(current?.lastUsedAt ?? ''),
    );
  });
});
