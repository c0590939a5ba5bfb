import { Client } from 'pg';
import { uniqueEmail, type SinkMessage } from '@test/support';
import type {
  AuthResult,
  ErrorBody,
  Invitation,
  InvitationPage,
  InvitationPreview,
  OwnProfile,
  Theme,
} from './api-types';
import { createTheme, follow, uniqueSlug } from './chat-client';
import { kanjiTag, newCoordinator, newMember, signUp, useSalon, type SignedUp } from './fixture';
import { expectError, type ApiClient } from './http';

const salon = useSalon({
  tag: 'invitations',
  smtp: true,
  publicUrl: true,
  env: { LOGIN_RATE_LIMIT_PER_IP: '1000' },
});
// The same database with registration by invitation only.
const closed = useSalon({
  tag: 'invite-only',
  smtp: true,
  publicUrl: true,
  env: { LOGIN_RATE_LIMIT_PER_IP: '1000', REGISTRATION: 'invite' },
});
const { client } = salon;
let db: Client;
let coordinator: SignedUp;
let owner: SignedUp;
let ownersTheme: Theme;
let privateTheme: Theme;
let otherTheme: Theme;

beforeAll(async () => {
  db = new Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  coordinator = await newCoordinator(client, `世話 役${kanjiTag()}`);
  owner = await newMember(client, `主 催${kanjiTag()}`);
  ownersTheme = await createTheme(client, coordinator.accessToken, {
    slug: uniqueSlug('inv-owned'),
    title: '木曽漆器の未来',
    ownerIds: [owner.member.id],
  });
  privateTheme = await createTheme(client, coordinator.accessToken, {
    slug: uniqueSlug('inv-private'),
    title: '非公開の相談室',
    visibility: 'private',
    ownerIds: [owner.member.id],
  });
  otherTheme = await createTheme(client, coordinator.accessToken, {
    slug: uniqueSlug('inv-other'),
    title: 'ワインと食',
  });
});

afterAll(async () => {
  await db?.end();
});

async function invite(
  by: SignedUp,
  body: { email: string; themeSlug?: string; message?: string },
  on: ApiClient = client,
): Promise<Invitation> {
  const reply = await on.post<Invitation>('/api/invitations', body, { token: by.accessToken });
  if (reply.status !== 201) throw new Error(`invite answered ${reply.status}: ${reply.text}`);
  return reply.body;
}

/** The invitation mail to this address, and the token of its link (checked to be a registration link). */
async function invitationMail(
  email: string,
  publicUrl: string,
  sink = salon.sink,
): Promise<{ mail: SinkMessage; token: string }> {
  const mail = await sink.waitFor((message) => message.to.includes(email));
  const link = new RegExp(
    `${publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/register\\?invite=([A-Za-z0-9_-]+)`,
  );
  const match = link.exec(mail.text);
  if (!match) throw new Error(`no registration link in: ${mail.text}`);
  expect(mail.html).toContain(`/register?invite=${match[1]}`);
  return { mail, token: match[1] };
}

function register(body: Record<string, unknown>, on: ApiClient = client) {
  return on.post<AuthResult & ErrorBody>('/api/auth/register', {
    password: 'invited-password-1',
    displayName: '招待 された人',
    ...body,
  });
}

async function listAs(member: SignedUp): Promise<Invitation[]> {
  const reply = await client.get<InvitationPage>('/api/invitations?limit=100', { token: member.accessToken });
  expect(reply.status).toBe(200);
  return reply.body.items;
}

describe('invitations', () => {
  it('mails a link to the registration page; registering with it follows the theme', async () => {
    const email = uniqueEmail('invitee');
    const created = await invite(coordinator, {
      email: email.toUpperCase(),
      themeSlug: otherTheme.slug,
      message: 'ぜひ <b>一緒に</b>！',
    });
    expect(created).toMatchObject({
      email,
      state: 'pending',
      message: 'ぜひ <b>一緒に</b>！',
      theme: { slug: otherTheme.slug, title: 'ワインと食' },
      invitedBy: { id: coordinator.member.id, former: false },
      acceptedBy: null,
    });
    expect(JSON.stringify(created)).not.toMatch(/token/i);

    const { mail, token } = await invitationMail(email, salon.url);
    expect(mail.subject).toContain(coordinator.member.displayName);
    expect(mail.subject).toContain('ワインと食');
    // Japanese first, then English, and what the inviter wrote is escaped.
    expect(mail.text.indexOf('招待')).toBeLessThan(mail.text.indexOf('invites you'));
    expect(mail.html).toContain('ぜひ &lt;b&gt;一緒に&lt;/b&gt;！');

    const preview = await client.get<InvitationPreview>(`/api/invitations/preview?token=${token}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      email,
      invitedBy: coordinator.member.displayName,
      theme: { slug: otherTheme.slug },
    });

    const registered = await register({ email, inviteToken: token });
    expect(registered.status).toBe(201);
    const theme = await client.get<Theme>(`/api/themes/${otherTheme.slug}`, {
      token: registered.body.accessToken,
    });
    expect(theme.body.following).toBe(true);

    const listed = (await listAs(coordinator)).find((item) => item.id === created.id);
    expect(listed).toMatchObject({
      state: 'accepted',
      acceptedBy: { id: registered.body.member.id, former: false },
    });
    expect(listed?.acceptedAt).not.toBeNull();
  });

  it('brings the invitee into a private theme, which they can then see and read', async () => {
    const email = uniqueEmail('private-invitee');
    await invite(owner, { email, themeSlug: privateTheme.slug });
    const { token } = await invitationMail(email, salon.url);
    const registered = await register({ email, inviteToken: token });
    expect(registered.status).toBe(201);
    const theme = await client.get<Theme>(`/api/themes/${privateTheme.slug}`, {
      token: registered.body.accessToken,
    });
    expect(theme.status).toBe(200);
    expect(theme.body.following).toBe(true);
    const me = await client.get<OwnProfile & { themes: { slug: string }[] }>('/api/members/me', {
      token: registered.body.accessToken,
    });
    expect(me.body.themes.map((t) => t.slug)).toContain(privateTheme.slug);
  });

  it('refuses an invitation used twice with INVITATION_USED', async () => {
    const email = uniqueEmail('twice');
    await invite(coordinator, { email });
    const { token } = await invitationMail(email, salon.url);
    expect((await register({ email, inviteToken: token })).status).toBe(201);
    const again = await register({ email: uniqueEmail('second'), inviteToken: token });
    expectError(again, 409, 'INVITATION_USED');
    expectError(await client.get(`/api/invitations/preview?token=${token}`), 409, 'INVITATION_USED');
  });

  it('hands the invitation back when the registration fails (address taken), so it can still be used', async () => {
    const taken = await newMember(client, `既存 者${kanjiTag()}`);
    const email = uniqueEmail('retry');
    await invite(coordinator, { email });
    const { token } = await invitationMail(email, salon.url);
    expectError(await register({ email: taken.email, inviteToken: token }), 409, 'EMAIL_TAKEN');
    expect((await register({ email, inviteToken: token })).status).toBe(201);
  });

  it('refuses an expired invitation with INVITATION_EXPIRED and lists it as expired', async () => {
    const email = uniqueEmail('expired');
    const created = await invite(coordinator, { email, themeSlug: ownersTheme.slug });
    const { token } = await invitationMail(email, salon.url);
    await db.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      created.id,
    ]);
    expectError(await register({ email, inviteToken: token }), 410, 'INVITATION_EXPIRED');
    expect((await listAs(coordinator)).find((item) => item.id === created.id)?.state).toBe('expired');
  });

  it('revokes a pending invitation: its link stops working, and an accepted one cannot be revoked', async () => {
    const email = uniqueEmail('revoked');
    const created = await invite(owner, { email, themeSlug: ownersTheme.slug });
    const { token } = await invitationMail(email, salon.url);
    const revoked = await client.call('DELETE', `/api/invitations/${created.id}`, {
      token: owner.accessToken,
    });
    expect(revoked.status).toBe(204);
    expectError(await register({ email, inviteToken: token }), 410, 'INVITATION_REVOKED');
    expect((await listAs(owner)).find((item) => item.id === created.id)?.state).toBe('revoked');

    const usedEmail = uniqueEmail('used');
    const used = await invite(coordinator, { email: usedEmail });
    const mail = await invitationMail(usedEmail, salon.url);
    expect((await register({ email: usedEmail, inviteToken: mail.token })).status).toBe(201);
    expectError(
      await client.call<ErrorBody>('DELETE', `/api/invitations/${used.id}`, {
        token: coordinator.accessToken,
      }),
      409,
      'INVITATION_USED',
    );
  });

  it('lets owners invite into their theme only, and list only those; members not at all', async () => {
    const member = await newMember(client, `一般 会員${kanjiTag()}`);
    await follow(client, member.accessToken, otherTheme.slug);
    const refused = (by: SignedUp, themeSlug?: string) =>
      client.post<ErrorBody>(
        '/api/invitations',
        { email: uniqueEmail('nope'), themeSlug },
        { token: by.accessToken },
      );
    expectError(await refused(owner, otherTheme.slug), 403, 'CANNOT_INVITE');
    expectError(await refused(owner), 403, 'CANNOT_INVITE');
    expectError(await refused(member, otherTheme.slug), 403, 'CANNOT_INVITE');
    expectError(await refused(member), 403, 'CANNOT_INVITE');
    expectError(
      await client.get<ErrorBody>('/api/invitations', { token: member.accessToken }),
      403,
      'CANNOT_INVITE',
    );

    const coordinators = await invite(coordinator, {
      email: uniqueEmail('coord-only'),
      themeSlug: otherTheme.slug,
    });
    const owners = await invite(owner, { email: uniqueEmail('owners'), themeSlug: ownersTheme.slug });
    const ownerSees = (await listAs(owner)).map((item) => item.id);
    expect(ownerSees).toContain(owners.id);
    expect(ownerSees).not.toContain(coordinators.id);
    expect(
      (await listAs(owner)).every((item) => [ownersTheme.id, privateTheme.id].includes(item.theme?.id ?? '')),
    ).toBe(true);
    const coordinatorSees = (await listAs(coordinator)).map((item) => item.id);
    expect(coordinatorSees).toEqual(expect.arrayContaining([owners.id, coordinators.id]));
    // Not theirs to revoke: as if it did not exist.
    expectError(
      await client.call<ErrorBody>('DELETE', `/api/invitations/${coordinators.id}`, {
        token: owner.accessToken,
      }),
      404,
      'INVITATION_NOT_FOUND',
    );
  });

  it('refuses to invite an address that has an account, and an unknown token', async () => {
    expectError(
      await client.post<ErrorBody>(
        '/api/invitations',
        { email: owner.email },
        { token: coordinator.accessToken },
      ),
      409,
      'ALREADY_MEMBER',
    );
    expectError(
      await register({ email: uniqueEmail('x'), inviteToken: 'not-a-real-token' }),
      404,
      'INVITATION_INVALID',
    );
    expectError(
      await client.get('/api/invitations/preview?token=not-a-real-token'),
      404,
      'INVITATION_INVALID',
    );
  });
});

describe('REGISTRATION=invite', () => {
  it('refuses registration without an invitation with 403 INVITATION_REQUIRED, and takes one with it', async () => {
    const refused = await register({ email: uniqueEmail('uninvited') }, closed.client);
    expectError(refused, 403, 'INVITATION_REQUIRED');
    // The open salon next to it (same database) still registers anyone.
    await signUp(client);

    const login = await closed.client.post<AuthResult>('/api/auth/login', {
      email: coordinator.email,
      password: coordinator.password,
    });
    const email = uniqueEmail('closed-invitee');
    await invite({ ...coordinator, ...login.body }, { email, themeSlug: ownersTheme.slug }, closed.client);
    const { token } = await invitationMail(email, closed.url, closed.sink);
    const registered = await register({ email, inviteToken: token }, closed.client);
    expect(registered.status).toBe(201);
    expectError(
      await register({ email: uniqueEmail('reuse'), inviteToken: token }, closed.client),
      409,
      'INVITATION_USED',
    );
  });
});
