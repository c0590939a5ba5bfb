import type {
  DirectoryPage,
  ErrorBody,
  Items,
  MemberExportBody,
  MemberProfile,
  Project,
  Theme,
} from './api-types';
import { kanjiTag, newCoordinator, newMember, useSalon, type SignedUp } from './fixture';
import { expectError, fieldProblems, UUID } from './http';
import { createTheme, uniqueSlug } from './chat-client';

// Many members register from one address in this file: give the registration bucket room.
const salon = useSalon({ tag: 'projects', env: { LOGIN_RATE_LIMIT_PER_IP: '1000' } });
const { client } = salon;

/** The day it is in Tokyo `days` from now, `YYYY-MM-DD` (en-CA formats dates that way). */
function tokyoDay(days = 0): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(
    new Date(Date.now() + days * 24 * 3600_000),
  );
}

let coordinator: SignedUp;
let owner: SignedUp;
let member: SignedUp;
let theme: Theme;

beforeAll(async () => {
  [coordinator, owner, member] = await Promise.all([
    newCoordinator(client, `調整 役子${kanjiTag()}`),
    newMember(client, `漆 職人${kanjiTag()}`),
    newMember(client, `一般 会員${kanjiTag()}`),
  ]);
  theme = await createTheme(client, coordinator.accessToken, {
    slug: uniqueSlug('air'),
    title: '持続可能なアーティスト・イン・レジデンス',
    ownerIds: [owner.member.id],
  });
});

function createProject(token: string, slug: string, body: Record<string, unknown>) {
  return client.post<Project & ErrorBody>(`/api/themes/${slug}/projects`, body, { token });
}

function patchProject(token: string, id: string, body: Record<string, unknown>) {
  return client.patch<Project & ErrorBody>(`/api/projects/${id}`, body, { token });
}

function putParticipant(token: string, id: string, memberId: string, role: unknown) {
  return client.call<Project & ErrorBody>('PUT', `/api/projects/${id}/participants/${memberId}`, {
    token,
    body: { role },
  });
}

function removeParticipant(token: string, id: string, memberId: string) {
  return client.call<Project & ErrorBody>('DELETE', `/api/projects/${id}/participants/${memberId}`, {
    token,
  });
}

async function project(token: string, slug: string, body: Record<string, unknown>): Promise<Project> {
  const reply = await createProject(token, slug, body);
  if (reply.status !== 201) throw new Error(`POST projects answered ${reply.status}: ${reply.text}`);
  return reply.body;
}

async function participate(id: string, memberId: string, role = 'side_job_professional'): Promise<Project> {
  const reply = await putParticipant(coordinator.accessToken, id, memberId, role);
  if (reply.status !== 200) throw new Error(`PUT participant answered ${reply.status}: ${reply.text}`);
  return reply.body;
}

async function directory(token: string, query: string): Promise<DirectoryPage> {
  const reply = await client.get<DirectoryPage>(`/api/members?${query}`, { token });
  expect(reply.status).toBe(200);
  return reply.body;
}

const ids = (page: DirectoryPage) => page.items.map((item) => item.id).sort();

describe('managing projects: who may', () => {
  it("lets the theme's owner create a project, and answers it with its theme and no participants", async () => {
    const created = await createProject(owner.accessToken, theme.slug, {
      title: '2021年度 塩尻CxO Lab',
      startsOn: '2021-10-01',
      endsOn: '2021-12-31',
      status: 'ended',
    });

    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: expect.stringMatching(UUID),
      theme: { id: theme.id, slug: theme.slug, title: theme.title, titleEn: null, archived: false },
      title: '2021年度 塩尻CxO Lab',
      startsOn: '2021-10-01',
      endsOn: '2021-12-31',
      status: 'ended',
      ended: true,
      participants: [],
      canManage: true,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
  });

  it('lets a coordinator create and edit one (status planned by default)', async () => {
    const created = await project(coordinator.accessToken, theme.slug, {
      title: '第2期',
      startsOn: tokyoDay(10),
      endsOn: tokyoDay(100),
    });
    expect(created.status).toBe('planned');

    const edited = await patchProject(coordinator.accessToken, created.id, {
      status: 'running',
      startsOn: tokyoDay(-1),
    });

    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ status: 'running', startsOn: tokyoDay(-1), endsOn: tokyoDay(100) });
  });

  it('refuses every write to a member who does not manage the theme (403 NOT_THEME_MANAGER)', async () => {
    const existing = await project(owner.accessToken, theme.slug, {
      title: '会員には変えられない',
      startsOn: '2022-04-01',
      endsOn: '2022-06-30',
    });
    const token = member.accessToken;

    expectError(
      await createProject(token, theme.slug, { title: 'x', startsOn: '2022-01-01', endsOn: '2022-01-02' }),
      403,
      'NOT_THEME_MANAGER',
    );
    expectError(await patchProject(token, existing.id, { title: 'y' }), 403, 'NOT_THEME_MANAGER');
    expectError(
      await putParticipant(token, existing.id, member.member.id, 'supporter'),
      403,
      'NOT_THEME_MANAGER',
    );
    expectError(await removeParticipant(token, existing.id, owner.member.id), 403, 'NOT_THEME_MANAGER');
    const after = await client.get<Project>(`/api/projects/${existing.id}`, { token });
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ title: '会員には変えられない', participants: [], canManage: false });
  });

  it('lets anyone who sees a public theme read its projects, the latest first', async () => {
    const reply = await client.get<Items<Project>>(`/api/themes/${theme.slug}/projects`, {
      token: member.accessToken,
    });

    expect(reply.status).toBe(200);
    const starts = reply.body.items.map((item) => item.startsOn);
    expect(starts.length).toBeGreaterThanOrEqual(3);
    expect(starts).toEqual([...starts].sort().reverse());
  });

  it("hides a private theme's projects from outsiders (THEME_NOT_FOUND, PROJECT_NOT_FOUND)", async () => {
    const hidden = await createTheme(client, coordinator.accessToken, {
      slug: uniqueSlug('secret'),
      title: '非公開テーマ',
      visibility: 'private',
    });
    const inside = await project(coordinator.accessToken, hidden.slug, {
      title: '非公開の回',
      startsOn: '2021-10-01',
      endsOn: '2021-12-31',
    });

    const list = await client.get<ErrorBody>(`/api/themes/${hidden.slug}/projects`, {
      token: member.accessToken,
    });
    const one = await client.get<ErrorBody>(`/api/projects/${inside.id}`, { token: member.accessToken });
    const filter = await client.get<ErrorBody>(`/api/members?project=${inside.id}`, {
      token: member.accessToken,
    });

    expectError(list, 404, 'THEME_NOT_FOUND');
    expectError(one, 404, 'PROJECT_NOT_FOUND');
    expectError(filter, 404, 'PROJECT_NOT_FOUND');
  });
});

describe('participants', () => {
  it('adds a member with a role, changes the role, and the participant becomes a member of the theme', async () => {
    const pro = await newMember(client, `副業 人材${kanjiTag()}`);
    const round = await project(owner.accessToken, theme.slug, {
      title: '参加者の回',
      startsOn: '2023-10-01',
      endsOn: '2023-12-31',
    });

    const added = await putParticipant(owner.accessToken, round.id, pro.member.id, 'side_job_professional');
    const changed = await putParticipant(owner.accessToken, round.id, pro.member.id, 'supporter');

    expect(added.status).toBe(200);
    expect(added.body.participants).toEqual([
      {
        memberId: pro.member.id,
        displayName: pro.member.displayName,
        furigana: null,
        avatarUrl: null,
        former: false,
        role: 'side_job_professional',
        alumni: true,
        addedAt: expect.any(String),
      },
    ]);
    expect(changed.body.participants).toEqual([
      expect.objectContaining({
        memberId: pro.member.id,
        role: 'supporter',
        addedAt: added.body.participants[0].addedAt,
      }),
    ]);
    const themeAsPro = await client.get<Theme>(`/api/themes/${theme.slug}`, { token: pro.accessToken });
    expect(themeAsPro.body.following).toBe(true);
  });

  it('takes a participant off (again: no error) and leaves them in the theme', async () => {
    const pro = await newMember(client, `外す 人${kanjiTag()}`);
    const round = await project(coordinator.accessToken, theme.slug, {
      title: '外す回',
      startsOn: '2023-01-01',
      endsOn: '2023-03-31',
    });
    await participate(round.id, pro.member.id);

    const removed = await removeParticipant(coordinator.accessToken, round.id, pro.member.id);
    const again = await removeParticipant(coordinator.accessToken, round.id, pro.member.id);

    expect(removed.status).toBe(200);
    expect(removed.body.participants).toEqual([]);
    expect(again.status).toBe(200);
    const themeAsPro = await client.get<Theme>(`/api/themes/${theme.slug}`, { token: pro.accessToken });
    expect(themeAsPro.body.following).toBe(true);
  });
});

describe('validation', () => {
  let round: Project;
  beforeAll(async () => {
    round = await project(coordinator.accessToken, theme.slug, {
      title: '検証の回',
      startsOn: '2024-04-01',
      endsOn: '2024-06-30',
    });
  });

  it('refuses a last day before the first with INVALID_PROJECT_DATES at endsOn', async () => {
    const reply = await createProject(coordinator.accessToken, theme.slug, {
      title: '逆順',
      startsOn: '2024-04-01',
      endsOn: '2024-03-31',
    });

    expectError(reply, 400, 'INVALID_PROJECT_DATES');
    expect(fieldProblems(reply)).toEqual([{ field: 'endsOn', code: 'INVALID_PROJECT_DATES' }]);
  });

  it('checks a change against the stored dates (a new endsOn before the stored startsOn)', async () => {
    const reply = await patchProject(coordinator.accessToken, round.id, { endsOn: '2024-03-01' });

    expectError(reply, 400, 'INVALID_PROJECT_DATES');
    expect(fieldProblems(reply)).toEqual([{ field: 'endsOn', code: 'INVALID_PROJECT_DATES' }]);
    const stored = await client.get<Project>(`/api/projects/${round.id}`, { token: coordinator.accessToken });
    expect(stored.body.endsOn).toBe('2024-06-30');
  });

  it('takes a project of a single day', async () => {
    const reply = await patchProject(coordinator.accessToken, round.id, { endsOn: '2024-04-01' });
    expect(reply.status).toBe(200);
  });

  it('names the fields of dates that are not days, an unknown status and an unknown role', async () => {
    const dates = await createProject(coordinator.accessToken, theme.slug, {
      title: '',
      startsOn: '2024-02-30',
      endsOn: '2024-12-31T00:00:00Z',
      status: 'done',
    });
    const role = await putParticipant(coordinator.accessToken, round.id, member.member.id, 'boss');

    expectError(dates, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(dates)).toEqual(
      expect.arrayContaining([
        { field: 'title', code: 'minLength' },
        { field: 'startsOn', code: 'isCalendarDate' },
        { field: 'endsOn', code: 'isCalendarDate' },
        { field: 'status', code: 'isIn' },
      ]),
    );
    expectError(role, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(role)).toEqual([{ field: 'role', code: 'isIn' }]);
  });

  it('answers 404 for an unknown member or project and 400 for ids that are not UUIDs', async () => {
    const unknownMember = '00000000-0000-4000-8000-000000000000';
    expectError(
      await putParticipant(coordinator.accessToken, round.id, unknownMember, 'supporter'),
      404,
      'MEMBER_NOT_FOUND',
    );
    expectError(
      await client.get<ErrorBody>(`/api/projects/${unknownMember}`, { token: coordinator.accessToken }),
      404,
      'PROJECT_NOT_FOUND',
    );
    expectError(
      await client.get<ErrorBody>('/api/projects/not-a-uuid', { token: coordinator.accessToken }),
      400,
      'INVALID_ID',
    );
  });

  it('refuses a member who left the salon (409 MEMBER_LEFT)', async () => {
    const leaver = await newMember(client, `去る 人${kanjiTag()}`);
    const left = await client.call('DELETE', '/api/members/me', {
      token: leaver.accessToken,
      body: { password: leaver.password },
    });
    expect(left.status).toBe(204);

    expectError(
      await putParticipant(coordinator.accessToken, round.id, leaver.member.id, 'supporter'),
      409,
      'MEMBER_LEFT',
    );
  });
});

describe('alumni: the day after endsOn in Asia/Tokyo', () => {
  let alumnus: SignedUp;
  let current: SignedUp;
  let endedYesterday: Project;
  let endsToday: Project;

  beforeAll(async () => {
    [alumnus, current] = await Promise.all([
      newMember(client, `修了 生${kanjiTag()}`),
      newMember(client, `現役 生${kanjiTag()}`),
    ]);
    endedYesterday = await project(owner.accessToken, theme.slug, {
      title: '昨日終わった回',
      startsOn: tokyoDay(-90),
      endsOn: tokyoDay(-1),
      status: 'ended',
    });
    endsToday = await project(owner.accessToken, theme.slug, {
      title: '今日が最終日の回',
      startsOn: tokyoDay(-30),
      endsOn: tokyoDay(0),
      status: 'running',
    });
    await participate(endedYesterday.id, alumnus.member.id, 'side_job_professional');
    await participate(endsToday.id, current.member.id, 'supporter');
  });

  it("makes a project's participants alumni once its last day in Tokyo is over, not on that day", async () => {
    const yesterday = await client.get<Project>(`/api/projects/${endedYesterday.id}`, {
      token: member.accessToken,
    });
    const today = await client.get<Project>(`/api/projects/${endsToday.id}`, { token: member.accessToken });

    expect(yesterday.body).toMatchObject({
      ended: true,
      participants: [{ memberId: alumnus.member.id, alumni: true }],
    });
    expect(today.body).toMatchObject({
      ended: false,
      participants: [{ memberId: current.member.id, alumni: false }],
    });
  });

  it('shows the projects on the profile, with the role and whether they are alumni', async () => {
    const profile = await client.get<MemberProfile>(`/api/members/${alumnus.member.id}`, {
      token: member.accessToken,
    });
    const mine = await client.get<MemberProfile>('/api/members/me', { token: current.accessToken });

    expect(profile.status).toBe(200);
    expect(profile.body.projects).toEqual([
      {
        projectId: endedYesterday.id,
        themeSlug: theme.slug,
        themeTitle: theme.title,
        themeTitleEn: null,
        title: '昨日終わった回',
        role: 'side_job_professional',
        startsOn: tokyoDay(-90),
        endsOn: tokyoDay(-1),
        status: 'ended',
        alumni: true,
      },
    ]);
    expect(mine.body.projects).toEqual([
      expect.objectContaining({ projectId: endsToday.id, role: 'supporter', alumni: false }),
    ]);
  });

  it('keeps them in the theme after the project ended', async () => {
    const asAlumnus = await client.get<Theme>(`/api/themes/${theme.slug}`, { token: alumnus.accessToken });
    expect(asAlumnus.body.following).toBe(true);
  });

  it("leaves a private theme's projects off the profile for viewers who may not see it", async () => {
    const hidden = await createTheme(client, coordinator.accessToken, {
      slug: uniqueSlug('hidden'),
      title: '非公開の取り組み',
      visibility: 'private',
    });
    const secret = await project(coordinator.accessToken, hidden.slug, {
      title: '非公開の回',
      startsOn: '2021-10-01',
      endsOn: '2021-12-31',
    });
    await participate(secret.id, alumnus.member.id, 'supporter');

    const outsider = await client.get<MemberProfile>(`/api/members/${alumnus.member.id}`, {
      token: member.accessToken,
    });
    const staff = await client.get<MemberProfile>(`/api/members/${alumnus.member.id}`, {
      token: coordinator.accessToken,
    });

    expect(outsider.body.projects.map((p) => p.projectId)).toEqual([endedYesterday.id]);
    expect(staff.body.projects.map((p) => p.projectId).sort()).toEqual([endedYesterday.id, secret.id].sort());
  });

  it('filters the directory by project and by alumni, with the other filters', async () => {
    const token = member.accessToken;

    expect(ids(await directory(token, `project=${endedYesterday.id}`))).toEqual([alumnus.member.id]);
    expect(ids(await directory(token, `project=${endsToday.id}`))).toEqual([current.member.id]);
    expect(ids(await directory(token, `project=${endsToday.id}&alumni=true`))).toEqual([]);
    const alumni = ids(await directory(token, `alumni=true&theme=${theme.slug}`));
    expect(alumni).toContain(alumnus.member.id);
    expect(alumni).not.toContain(current.member.id);
    expect(alumni).not.toContain(member.member.id);
    const byName = await directory(token, `alumni=true&q=${encodeURIComponent(alumnus.member.displayName)}`);
    expect(ids(byName)).toEqual([alumnus.member.id]);
    const none = await directory(token, `alumni=true&q=${encodeURIComponent(current.member.displayName)}`);
    expect(none.items).toEqual([]);
  });

  it('pages through a filtered directory with the cursor', async () => {
    const crowd = await project(coordinator.accessToken, theme.slug, {
      title: '大人数の回',
      startsOn: '2022-10-01',
      endsOn: '2022-12-31',
    });
    const people = await Promise.all([1, 2, 3].map((n) => newMember(client, `頁 ${n}${kanjiTag()}`)));
    for (const person of people) await participate(crowd.id, person.member.id);

    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page += 1) {
      const query: string = `project=${crowd.id}&alumni=true&sort=name&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const body = await directory(member.accessToken, query);
      seen.push(...body.items.map((item) => item.id));
      cursor = body.nextCursor;
      if (!cursor) break;
    }

    expect(seen.sort()).toEqual(people.map((person) => person.member.id).sort());
  });

  it('refuses filter values it does not know', async () => {
    const flag = await client.get<ErrorBody>('/api/members?alumni=yes', { token: member.accessToken });
    const id = await client.get<ErrorBody>('/api/members?project=42', { token: member.accessToken });

    expectError(flag, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(flag)).toEqual([{ field: 'alumni', code: 'isQueryFlag' }]);
    expectError(id, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(id)).toEqual([{ field: 'project', code: 'isUuid' }]);
  });

  it("puts the member's projects in their data export", async () => {
    const response = await fetch(`${salon.url}/api/members/me/export`, {
      headers: { authorization: `Bearer ${alumnus.accessToken}` },
    });
    const body = (await response.json()) as MemberExportBody;

    expect(body.projects).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          projectId: endedYesterday.id,
          role: 'side_job_professional',
          endsOn: tokyoDay(-1),
        }),
      ]),
    );
  });
});

describe('an archived theme', () => {
  it('keeps its projects readable and refuses every change with THEME_ARCHIVED (members still 403)', async () => {
    const archived = await createTheme(client, coordinator.accessToken, {
      slug: uniqueSlug('archived'),
      title: '終わったテーマ',
      ownerIds: [owner.member.id],
    });
    const round = await project(owner.accessToken, archived.slug, {
      title: '最後の回',
      startsOn: '2021-10-01',
      endsOn: '2021-12-31',
    });
    await participate(round.id, member.member.id, 'supporter');
    const archiving = await client.patch(
      `/api/themes/${archived.slug}`,
      { archived: true },
      {
        token: coordinator.accessToken,
      },
    );
    expect(archiving.status).toBe(200);

    for (const token of [owner.accessToken, coordinator.accessToken]) {
      expectError(
        await createProject(token, archived.slug, {
          title: 'x',
          startsOn: '2026-01-01',
          endsOn: '2026-01-02',
        }),
        409,
        'THEME_ARCHIVED',
      );
      expectError(await patchProject(token, round.id, { status: 'ended' }), 409, 'THEME_ARCHIVED');
      expectError(
        await putParticipant(token, round.id, owner.member.id, 'theme_owner'),
        409,
        'THEME_ARCHIVED',
      );
      expectError(await removeParticipant(token, round.id, member.member.id), 409, 'THEME_ARCHIVED');
    }
    expectError(
      await patchProject(member.accessToken, round.id, { status: 'ended' }),
      403,
      'NOT_THEME_MANAGER',
    );

    const read = await client.get<Items<Project>>(`/api/themes/${archived.slug}/projects`, {
      token: member.accessToken,
    });
    expect(read.status).toBe(200);
    expect(read.body.items).toEqual([
      expect.objectContaining({
        id: round.id,
        theme: expect.objectContaining({ archived: true }),
        participants: [expect.objectContaining({ memberId: member.member.id, role: 'supporter' })],
      }),
    ]);
  });
});
