import { createMigratedDatabase } from '@test/support';
import type { DigestRun, ErrorBody, Items, PublicProfile, Theme } from './api-types';
import { kanjiTag, newMember, promote, startSalon, type Salon, type SignedUp } from './fixture';
import { expectError, type ApiClient } from './http';
import {
  connectChat,
  createTheme,
  expectAckError,
  generalChannel,
  joinOk,
  send,
  sendOk,
  uniqueSlug,
} from './chat-client';

/**
 * PUT /api/admin/members/:id/role on a database of its own: "the last admin" is a count over every
 * member, which other suites' admins in the shared database would disturb.
 */
let database: { url: string; drop: () => Promise<void> };
let salon: Salon;
let client: ApiClient;
let admin: SignedUp;

beforeAll(async () => {
  database = await createMigratedDatabase('admin');
  salon = await startSalon({
    tag: 'admin',
    env: { DATABASE_URL: database.url, LOGIN_RATE_LIMIT_PER_IP: '1000' },
  });
  client = salon.client;
  admin = await promote(client, await newMember(client, `管理 者${kanjiTag()}`), 'admin', salon.env);
});

afterAll(async () => {
  await salon?.stop();
  await database?.drop();
});

function setRole(token: string, memberId: string, role: unknown) {
  return client.call<PublicProfile & ErrorBody>('PUT', `/api/admin/members/${memberId}/role`, {
    token,
    body: { role },
  });
}

function newThemeAs(token: string) {
  return client.post<Theme & ErrorBody>(
    '/api/themes',
    { slug: uniqueSlug('role'), title: '役割の確認' },
    { token },
  );
}

describe("members' roles (PUT /api/admin/members/:id/role)", () => {
  it("makes a member coordinator, and the member's existing token has the new rights at once", async () => {
    const member = await newMember(client, `昇格 する人${kanjiTag()}`);
    expectError(await newThemeAs(member.accessToken), 403, 'ROLE_REQUIRED');

    const changed = await setRole(admin.accessToken, member.member.id, 'coordinator');
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ id: member.member.id, role: 'coordinator' });
    // The token was signed when they were a member; the api reads the role as it is now.
    expect((await newThemeAs(member.accessToken)).status).toBe(201);
    const listed = await client.get<PublicProfile>(`/api/members/${member.member.id}`, {
      token: member.accessToken,
    });
    expect(listed.body).toMatchObject({ role: 'coordinator' });
  });

  it('takes staff rights from a demoted coordinator at once, over HTTP and on an open Socket.IO connection', async () => {
    const staff = await newMember(client, `降格 される人${kanjiTag()}`);
    await setRole(admin.accessToken, staff.member.id, 'coordinator');
    // A private theme the coordinator reads only as staff (not an owner, not added).
    const slug = uniqueSlug('staffonly');
    await createTheme(client, admin.accessToken, { slug, title: '運営だけの部屋', visibility: 'private' });
    const channel = await generalChannel(client, staff.accessToken, slug);
    const socket = await connectChat(salon.url, staff.accessToken);
    await joinOk(socket, channel.id);
    await sendOk(socket, channel.id, '運営として書きます');

    const demoted = await setRole(admin.accessToken, staff.member.id, 'member');
    expect(demoted.body).toMatchObject({ role: 'member' });
    expectError(await newThemeAs(staff.accessToken), 403, 'ROLE_REQUIRED');
    expectError(
      await client.get<ErrorBody>(`/api/themes/${slug}`, { token: staff.accessToken }),
      404,
      'THEME_NOT_FOUND',
    );
    expectAckError(await send(socket, channel.id, 'まだ書けますか'), 'CHANNEL_NOT_FOUND');
  });

  it('refuses members and coordinators with 403 ROLE_REQUIRED and changes nothing', async () => {
    const member = await newMember(client, `一般 会員${kanjiTag()}`);
    const coordinator = await newMember(client, `調整 役${kanjiTag()}`);
    await setRole(admin.accessToken, coordinator.member.id, 'coordinator');
    expectError(await setRole(member.accessToken, member.member.id, 'admin'), 403, 'ROLE_REQUIRED');
    expectError(
      await setRole(coordinator.accessToken, member.member.id, 'coordinator'),
      403,
      'ROLE_REQUIRED',
    );
    expectError(await setRole(coordinator.accessToken, coordinator.member.id, 'admin'), 403, 'ROLE_REQUIRED');
    const profile = await client.get<PublicProfile>(`/api/members/${member.member.id}`, {
      token: member.accessToken,
    });
    expect(profile.body.role).toBe('member');
  });

  it('answers 400 for an unknown role or id, and 404 MEMBER_NOT_FOUND for no such member', async () => {
    const member = await newMember(client, `対象 者${kanjiTag()}`);
    expectError(await setRole(admin.accessToken, member.member.id, 'owner'), 400, 'VALIDATION_FAILED');
    expectError(await setRole(admin.accessToken, member.member.id, undefined), 400, 'VALIDATION_FAILED');
    expect((await setRole(admin.accessToken, 'not-a-uuid', 'member')).status).toBe(400);
    expectError(
      await setRole(admin.accessToken, '00000000-0000-4000-8000-000000000000', 'member'),
      404,
      'MEMBER_NOT_FOUND',
    );
  });

  it('never demotes the last admin (409 LAST_ADMIN); a demoted admin loses /api/admin at once', async () => {
    expectError(await setRole(admin.accessToken, admin.member.id, 'coordinator'), 409, 'LAST_ADMIN');
    const second = await newMember(client, `二人目 管理者${kanjiTag()}`);
    expect((await setRole(admin.accessToken, second.member.id, 'admin')).body.role).toBe('admin');
    expect((await client.get('/api/admin/digests/runs', { token: second.accessToken })).status).toBe(200);

    // With two admins, one may be demoted; the demoted one's token loses the admin routes at once.
    expect((await setRole(admin.accessToken, second.member.id, 'member')).body.role).toBe('member');
    expectError(
      await client.get<ErrorBody>('/api/admin/digests/runs', { token: second.accessToken }),
      403,
      'ROLE_REQUIRED',
    );
    expectError(await setRole(second.accessToken, second.member.id, 'admin'), 403, 'ROLE_REQUIRED');
    expectError(await setRole(admin.accessToken, admin.member.id, 'member'), 409, 'LAST_ADMIN');
  });

  it('lets only one of two admins demoting each other at once succeed', async () => {
    const a = await newMember(client, `同時 管理者${kanjiTag()}`);
    const b = await newMember(client, `同時 管理者${kanjiTag()}`);
    await setRole(admin.accessToken, a.member.id, 'admin');
    await setRole(admin.accessToken, b.member.id, 'admin');
    // Leave only a and b as admins: admin steps down.
    expect((await setRole(a.accessToken, admin.member.id, 'coordinator')).status).toBe(200);

    const replies = await Promise.all([
      setRole(a.accessToken, b.member.id, 'member'),
      setRole(b.accessToken, a.member.id, 'member'),
    ]);
    expect(replies.filter((reply) => reply.status === 200)).toHaveLength(1);
    const refused = replies.find((reply) => reply.status !== 200);
    expect(['LAST_ADMIN', 'ROLE_REQUIRED']).toContain(refused?.body.code);
    const survivor = replies[0].status === 200 ? a : b;
    // Put the suite's admin back for the tests after this one.
    expect((await setRole(survivor.accessToken, admin.member.id, 'admin')).status).toBe(200);
  });
});

describe('digest runs for coordinators (GET /api/admin/digests/runs)', () => {
  it('lets coordinators read the runs but only admins start one', async () => {
    const coordinator = await newMember(client, `配信 確認${kanjiTag()}`);
    const member = await newMember(client, `配信 会員${kanjiTag()}`);
    await setRole(admin.accessToken, coordinator.member.id, 'coordinator');
    const runs = await client.get<Items<DigestRun>>('/api/admin/digests/runs', {
      token: coordinator.accessToken,
    });
    expect(runs.status).toBe(200);
    expect(Array.isArray(runs.body.items)).toBe(true);
    expectError(
      await client.get<ErrorBody>('/api/admin/digests/runs', { token: member.accessToken }),
      403,
      'ROLE_REQUIRED',
    );
    expectError(
      await client.post<ErrorBody>(
        '/api/admin/digests/run',
        { frequency: 'weekly' },
        { token: coordinator.accessToken },
      ),
      403,
      'ROLE_REQUIRED',
    );
  });
});
