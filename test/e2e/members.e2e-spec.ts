import { randomUUID } from 'node:crypto';
import type {
  DirectoryPage,
  ErrorBody,
  EventBody,
  MemberProfile,
  OwnProfile,
  ProfileChanges,
  PublicProfile,
  RelationValue,
} from './api-types';
import { createTheme, uniqueSlug } from './chat-client';
import { kanjiTag, newCoordinator, signUp, useSalon, type SignedUp } from './fixture';
import {
  base64urlJson,
  contractFields,
  expectError,
  expectOwnProfileShape,
  expectPublicProfileShape,
  fieldProblems,
  marker,
  OWN_PROFILE_KEYS,
  PUBLIC_PROFILE_KEYS,
  RELATION_VALUES,
  type Reply,
} from './http';

// This file registers many members from one address: give the registration bucket room.
const salon = useSalon({ tag: 'members', env: { LOGIN_RATE_LIMIT_PER_IP: '1000' } });
const { client } = salon;

function getMe(token: string): Promise<Reply<OwnProfile & ErrorBody>> {
  return client.get<OwnProfile & ErrorBody>('/api/members/me', { token });
}

function patchMe(token: string, body: unknown): Promise<Reply<OwnProfile & ErrorBody>> {
  return client.patch<OwnProfile & ErrorBody>('/api/members/me', body, { token });
}

/** Everything of an own profile that a member may change (not id, role, createdAt, email). */
const fullProfile: Required<ProfileChanges> = {
  displayName: '木曽 漆子',
  furigana: 'きそ うるしこ',
  bio: '奈良井宿で木曽漆器の工房を営んでいます。関係人口として塩尻に通う方を歓迎します 🎋',
  skills: ['漆塗り', 'CMO', 'デザイン'],
  relation: 'theme_owner',
  homeArea: '塩尻市 奈良井',
  pastProjects: [
    { theme: '奈良井宿 日々別荘 滞在型コンテンツ', role: 'CMO', year: 2021 },
    { theme: '漆器のオンライン販売' },
  ],
  links: [
    { label: 'note', url: 'https://note.example/urushiko' },
    { label: '工房', url: 'http://kobo.example/' },
  ],
  avatarUrl: 'https://images.example/urushiko.png',
  locale: 'en',
  timeZone: 'Europe/Berlin',
  openToHelp: true,
};

describe('own profile (GET and PATCH /api/members/me)', () => {
  it('returns the own profile with email, locale and timeZone', async () => {
    const member = await signUp(client);
    const reply = await getMe(member.accessToken);

    expect(reply.status).toBe(200);
    expectOwnProfileShape(reply.body);
    expect(contractFields(reply.body, OWN_PROFILE_KEYS)).toEqual(
      contractFields(member.member, OWN_PROFILE_KEYS),
    );
    expect(reply.body.email).toBe(member.email);
  });

  it('answers 401 TOKEN_MISSING without a token', async () => {
    expectError(await client.get<ErrorBody>('/api/members/me'), 401, 'TOKEN_MISSING');
    expectError(await client.patch<ErrorBody>('/api/members/me', { bio: 'x' }), 401, 'TOKEN_MISSING');
  });

  it('stores every field with Japanese text and returns the same profile from PATCH and GET', async () => {
    const member = await signUp(client);
    const patched = await patchMe(member.accessToken, fullProfile);

    expect(patched.status).toBe(200);
    expect(contractFields(patched.body, OWN_PROFILE_KEYS)).toEqual({
      ...fullProfile,
      id: member.member.id,
      email: member.email,
      role: 'member',
      createdAt: member.member.createdAt,
    });
    const read = await getMe(member.accessToken);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(patched.body);
  });

  it('changes only the fields sent', async () => {
    const member = await signUp(client);
    expect((await patchMe(member.accessToken, fullProfile)).status).toBe(200);

    const patched = await patchMe(member.accessToken, { bio: '新しい自己紹介', openToHelp: false });
    expect(patched.status).toBe(200);
    const read = await getMe(member.accessToken);
    expect(read.body).toEqual({ ...patched.body, bio: '新しい自己紹介', openToHelp: false });
    expect(read.body).toMatchObject({ ...fullProfile, bio: '新しい自己紹介', openToHelp: false });
  });

  it('clears the nullable fields with null and the lists with []', async () => {
    const member = await signUp(client);
    expect((await patchMe(member.accessToken, fullProfile)).status).toBe(200);

    const cleared = await patchMe(member.accessToken, {
      furigana: null,
      relation: null,
      homeArea: null,
      avatarUrl: null,
      skills: [],
      pastProjects: [],
      links: [],
    });
    expect(cleared.status).toBe(200);
    expect(await getMe(member.accessToken).then((reply) => reply.body)).toMatchObject({
      furigana: null,
      relation: null,
      homeArea: null,
      avatarUrl: null,
      skills: [],
      pastProjects: [],
      links: [],
      displayName: fullProfile.displayName,
      bio: fullProfile.bio,
    });
  });

  it('accepts every value at its upper limit', async () => {
    const member = await signUp(client);
    const atLimits = {
      displayName: '名'.repeat(50),
      furigana: 'ふ'.repeat(100),
      bio: '漆'.repeat(2000),
      homeArea: '塩'.repeat(100),
      skills: Array.from({ length: 20 }, (_, i) => `${String(i).padStart(2, '0')}${'技'.repeat(28)}`),
      pastProjects: Array.from({ length: 30 }, (_, i) => ({
        theme: `${i}`.padEnd(100, 'テ'),
        role: '役'.repeat(60),
        year: i % 2 === 0 ? 1990 : 2100,
      })),
      links: Array.from({ length: 10 }, (_, i) => ({
        label: `${i}`.padEnd(50, 'ラ'),
        url: `https://example.com/${i}/`.padEnd(500, 'a'),
      })),
    };

    const reply = await patchMe(member.accessToken, atLimits);
    expect(reply.status).toBe(200);
    expect(await getMe(member.accessToken).then((read) => read.body)).toMatchObject(atLimits);
  });

  it('accepts every relation value', async () => {
    const member = await signUp(client);
    for (const relation of RELATION_VALUES) {
      const reply = await patchMe(member.accessToken, { relation });
      expect({ relation, status: reply.status }).toEqual({ relation, status: 200 });
      expect(reply.body.relation).toBe(relation);
    }
  });

  // "❤️" is one character to class-validator's length checks but two code points to PostgreSQL's
  // char_length, which the table's check constraints use: at the limit the two disagree.
  it.each([
    ['displayName', '❤️'.repeat(26)],
    ['bio', '❤️'.repeat(1001)],
  ] as const)(
    'answers 200 or 400, not a server error, for a %s of emoji with variation selectors',
    async (field, value) => {
      const member = await signUp(client);
      const reply = await patchMe(member.accessToken, { [field]: value });

      expect([200, 400]).toContain(reply.status);
      const read = await getMe(member.accessToken);
      expect(read.body[field]).toBe(reply.status === 200 ? value : member.member[field]);
    },
  );

  describe('validation: any invalid field answers 400 VALIDATION_FAILED and stores nothing', () => {
    let member: SignedUp;
    let before: OwnProfile;

    beforeAll(async () => {
      member = await signUp(client);
      const set = await patchMe(member.accessToken, fullProfile);
      expect(set.status).toBe(200);
      before = set.body;
    });

    const longUrl = `https://example.com/${'a'.repeat(490)}`;
    interface InvalidCase {
      name: string;
      invalid: Record<string, unknown>;
      field: string;
      code: string;
    }
    const cases: InvalidCase[] = [
      {
        name: 'displayName over 50 characters',
        field: 'displayName',
        code: 'maxLength',
        invalid: { displayName: '名'.repeat(51) },
      },
      { name: 'an empty displayName', field: 'displayName', code: 'minLength', invalid: { displayName: '' } },
      { name: 'displayName null', field: 'displayName', code: 'isString', invalid: { displayName: null } },
      { name: 'displayName a number', field: 'displayName', code: 'isString', invalid: { displayName: 42 } },
      {
        name: 'furigana over 100 characters',
        field: 'furigana',
        code: 'maxLength',
        invalid: { furigana: 'ふ'.repeat(101) },
      },
      { name: 'furigana a number', field: 'furigana', code: 'isString', invalid: { furigana: 7 } },
      {
        name: 'bio over 2000 characters',
        field: 'bio',
        code: 'maxLength',
        invalid: { bio: '漆'.repeat(2001) },
      },
      { name: 'bio null', field: 'bio', code: 'isString', invalid: { bio: null } },
      {
        name: 'more than 20 skills',
        field: 'skills',
        code: 'arrayMaxSize',
        invalid: { skills: Array.from({ length: 21 }, (_, i) => `s${i}`) },
      },
      { name: 'duplicate skills', field: 'skills', code: 'arrayUnique', invalid: { skills: ['CMO', 'CMO'] } },
      {
        name: 'a skill over 30 characters',
        field: 'skills',
        code: 'maxLength',
        invalid: { skills: ['技'.repeat(31)] },
      },
      { name: 'an empty skill', field: 'skills', code: 'minLength', invalid: { skills: [''] } },
      { name: 'skills a string', field: 'skills', code: 'isArray', invalid: { skills: 'CMO' } },
      { name: 'a skill that is not a string', field: 'skills', code: 'isString', invalid: { skills: [5] } },
      { name: 'skills null', field: 'skills', code: 'isArray', invalid: { skills: null } },
      { name: 'an unknown relation', field: 'relation', code: 'isIn', invalid: { relation: 'mayor' } },
      {
        name: 'homeArea over 100 characters',
        field: 'homeArea',
        code: 'maxLength',
        invalid: { homeArea: '塩'.repeat(101) },
      },
      {
        name: 'more than 30 past projects',
        field: 'pastProjects',
        code: 'arrayMaxSize',
        invalid: { pastProjects: Array.from({ length: 31 }, () => ({ theme: 't' })) },
      },
      {
        name: 'pastProjects not an array',
        field: 'pastProjects',
        code: 'isArray',
        invalid: { pastProjects: { theme: 't' } },
      },
      {
        name: 'a past project without a theme',
        field: 'pastProjects.0.theme',
        code: 'isString',
        invalid: { pastProjects: [{ role: 'CMO' }] },
      },
      {
        name: 'an empty past project theme',
        field: 'pastProjects.0.theme',
        code: 'minLength',
        invalid: { pastProjects: [{ theme: '' }] },
      },
      {
        name: 'a past project theme over 100 characters',
        field: 'pastProjects.0.theme',
        code: 'maxLength',
        invalid: { pastProjects: [{ theme: 'テ'.repeat(101) }] },
      },
      {
        name: 'a past project role over 60 characters',
        field: 'pastProjects.0.role',
        code: 'maxLength',
        invalid: { pastProjects: [{ theme: 't', role: '役'.repeat(61) }] },
      },
      {
        name: 'a past project year before 1990',
        field: 'pastProjects.0.year',
        code: 'min',
        invalid: { pastProjects: [{ theme: 't', year: 1989 }] },
      },
      {
        name: 'a past project year after 2100',
        field: 'pastProjects.0.year',
        code: 'max',
        invalid: { pastProjects: [{ theme: 't', year: 2101 }] },
      },
      {
        name: 'a fractional past project year',
        field: 'pastProjects.0.year',
        code: 'isInt',
        invalid: { pastProjects: [{ theme: 't', year: 2020.5 }] },
      },
      {
        name: 'a past project year as a string',
        field: 'pastProjects.0.year',
        code: 'isInt',
        invalid: { pastProjects: [{ theme: 't', year: '2021' }] },
      },
      {
        name: 'an unknown field in a past project',
        field: 'pastProjects.0.budget',
        code: 'unknownField',
        invalid: { pastProjects: [{ theme: 't', budget: 100 }] },
      },
      {
        name: 'a second, invalid past project',
        field: 'pastProjects.1.theme',
        code: 'minLength',
        invalid: { pastProjects: [{ theme: 'ok' }, { theme: '' }] },
      },
      {
        name: 'more than 10 links',
        field: 'links',
        code: 'arrayMaxSize',
        invalid: {
          links: Array.from({ length: 11 }, (_, i) => ({ label: `l${i}`, url: 'https://a.example' })),
        },
      },
      {
        name: 'an empty link label',
        field: 'links.0.label',
        code: 'minLength',
        invalid: { links: [{ label: '', url: 'https://a.example' }] },
      },
      {
        name: 'a link label over 50 characters',
        field: 'links.0.label',
        code: 'maxLength',
        invalid: { links: [{ label: 'ラ'.repeat(51), url: 'https://a.example' }] },
      },
      {
        name: 'a javascript: link',
        field: 'links.0.url',
        code: 'isUrl',
        invalid: { links: [{ label: 'click', url: 'javascript:alert(1)' }] },
      },
      {
        name: 'an ftp link',
        field: 'links.0.url',
        code: 'isUrl',
        invalid: { links: [{ label: 'files', url: 'ftp://files.example/x' }] },
      },
      {
        name: 'a link without a scheme',
        field: 'links.0.url',
        code: 'isUrl',
        invalid: { links: [{ label: 'site', url: 'www.example.com' }] },
      },
      {
        name: 'a link url over 500 characters',
        field: 'links.0.url',
        code: 'maxLength',
        invalid: { links: [{ label: 'long', url: `${longUrl}${'b'.repeat(20)}` }] },
      },
      {
        name: 'a link without a url',
        field: 'links.0.url',
        code: 'isString',
        invalid: { links: [{ label: 'nothing' }] },
      },
      {
        name: 'an unknown field in a link',
        field: 'links.0.onclick',
        code: 'unknownField',
        invalid: { links: [{ label: 'x', url: 'https://a.example', onclick: 'x' }] },
      },
      {
        name: 'a javascript: avatarUrl',
        field: 'avatarUrl',
        code: 'isUrl',
        invalid: { avatarUrl: 'javascript:alert(1)' },
      },
      {
        name: 'a data: avatarUrl',
        field: 'avatarUrl',
        code: 'isUrl',
        invalid: { avatarUrl: 'data:image/png;base64,iVBORw0KGgo=' },
      },
      { name: 'an unknown locale', field: 'locale', code: 'isIn', invalid: { locale: 'fr' } },
      { name: 'locale null', field: 'locale', code: 'isIn', invalid: { locale: null } },
      {
        name: 'an unknown time zone',
        field: 'timeZone',
        code: 'isTimeZone',
        invalid: { timeZone: 'Mars/Olympus' },
      },
      { name: 'timeZone null', field: 'timeZone', code: 'isTimeZone', invalid: { timeZone: null } },
      { name: 'openToHelp a string', field: 'openToHelp', code: 'isBoolean', invalid: { openToHelp: 'yes' } },
      { name: 'openToHelp null', field: 'openToHelp', code: 'isBoolean', invalid: { openToHelp: null } },
      {
        name: 'an unknown field',
        field: 'favouriteColour',
        code: 'unknownField',
        invalid: { favouriteColour: 'indigo' },
      },
      {
        name: 'an attempt to change the email',
        field: 'email',
        code: 'unknownField',
        invalid: { email: 'someone-else@test.example' },
      },
      { name: 'an attempt to become admin', field: 'role', code: 'unknownField', invalid: { role: 'admin' } },
      {
        name: 'an attempt to change the id',
        field: 'id',
        code: 'unknownField',
        invalid: { id: randomUUID() },
      },
      {
        name: 'an attempt to change createdAt',
        field: 'createdAt',
        code: 'unknownField',
        invalid: { createdAt: '2000-01-01T00:00:00.000Z' },
      },
    ];

    it.each(cases)(
      'rejects $name with $field: $code, and stores nothing',
      async ({ invalid, field, code }) => {
        // Valid changes sent alongside the invalid one must not be stored either.
        const reply = await patchMe(member.accessToken, {
          displayName: '変更されてはいけない',
          bio: 'must not be stored',
          openToHelp: false,
          ...invalid,
        });

        expectError(reply, 400, 'VALIDATION_FAILED');
        expect(fieldProblems(reply)).toContainEqual({ field, code });
        expect(await getMe(member.accessToken).then((read) => read.body)).toEqual(before);
      },
    );

    it('reports every invalid field of one request at once', async () => {
      const reply = await patchMe(member.accessToken, {
        bio: '漆'.repeat(2001),
        timeZone: 'Mars/Olympus',
        links: [{ label: 'x', url: 'javascript:alert(1)' }],
      });

      expectError(reply, 400, 'VALIDATION_FAILED');
      expect(fieldProblems(reply)).toEqual(
        expect.arrayContaining([
          { field: 'bio', code: 'maxLength' },
          { field: 'timeZone', code: 'isTimeZone' },
          { field: 'links.0.url', code: 'isUrl' },
        ]),
      );
      for (const problem of reply.body.details?.fields ?? [])
        expect(problem.message).toEqual(expect.any(String));
      expect(await getMe(member.accessToken).then((read) => read.body)).toEqual(before);
    });

    it('rejects a body that is not an object', async () => {
      const reply = await client.call<ErrorBody>('PATCH', '/api/members/me', {
        rawBody: '["bio"]',
        token: member.accessToken,
      });

      expect(reply.status).toBe(400);
      expect(typeof reply.body.code).toBe('string');
      expect(await getMe(member.accessToken).then((read) => read.body)).toEqual(before);
    });
  });
});

describe('public profile (GET /api/members/:id)', () => {
  let owner: SignedUp;
  let viewer: SignedUp;
  let own: OwnProfile;

  beforeAll(async () => {
    owner = await signUp(client);
    viewer = await signUp(client);
    const set = await patchMe(owner.accessToken, fullProfile);
    expect(set.status).toBe(200);
    own = set.body;
  });

  it('shows another member the profile without email, locale and timeZone', async () => {
    const reply = await client.get<PublicProfile>(`/api/members/${owner.member.id}`, {
      token: viewer.accessToken,
    });

    expect(reply.status).toBe(200);
    expectPublicProfileShape(reply.body);
    expect(contractFields(reply.body, PUBLIC_PROFILE_KEYS)).toEqual(contractFields(own, PUBLIC_PROFILE_KEYS));
    expect(reply.text).not.toContain(owner.email);
    expect(reply.text).not.toMatch(/"(email|locale|timeZone|passwordHash)"/);
  });

  it('shows the same public view to the member themself', async () => {
    const reply = await client.get<PublicProfile>(`/api/members/${owner.member.id}`, {
      token: owner.accessToken,
    });

    expect(reply.status).toBe(200);
    expectPublicProfileShape(reply.body);
    expect(reply.text).not.toContain(owner.email);
  });

  it('answers 400 INVALID_ID for an id that is not a UUID', async () => {
    for (const id of ['not-a-uuid', '12345', `${owner.member.id}x`]) {
      const reply = await client.get<ErrorBody>(`/api/members/${id}`, { token: viewer.accessToken });
      expectError(reply, 400, 'INVALID_ID');
    }
  });

  it('answers 404 MEMBER_NOT_FOUND for an unknown UUID', async () => {
    const reply = await client.get<ErrorBody>(`/api/members/${randomUUID()}`, { token: viewer.accessToken });

    expectError(reply, 404, 'MEMBER_NOT_FOUND');
  });

  it('answers 401 TOKEN_MISSING without a token', async () => {
    expectError(await client.get<ErrorBody>(`/api/members/${owner.member.id}`), 401, 'TOKEN_MISSING');
  });
});

describe('directory (GET /api/members)', () => {
  const MEMBER_COUNT = 25;
  const tag = marker('dir');
  const english = marker('WoodCraft');
  const skillTag = `CMO-${marker('')}`;
  const nameToken = marker('Name');
  const furiganaToken = `ぬりし${marker('')}`;
  /** Registration order: index 0 is the oldest. */
  const members: SignedUp[] = [];
  const profiles = new Map<string, PublicProfile>();
  let viewer: SignedUp;

  const isLacquer = (i: number): boolean => i % 5 === 0;
  const isEnglish = (i: number): boolean => i % 6 === 1;
  const hasSkill = (i: number): boolean => i % 4 === 0;
  const relationOf = (i: number): RelationValue => RELATION_VALUES[i % RELATION_VALUES.length];

  beforeAll(async () => {
    viewer = await signUp(client);
    for (let i = 0; i < MEMBER_COUNT; i += 1) {
      const member = await signUp(client, { displayName: i === 7 ? `${nameToken} さん` : `会員 ${i}` });
      const bio = [
        `${tag} 会員${i}です。`,
        isLacquer(i) ? '木曽漆器の塗り直しを手伝えます。' : '',
        isEnglish(i) ? `I love ${english} and hiking.` : '',
      ].join('');
      const reply = await patchMe(member.accessToken, {
        bio,
        furigana: i === 11 ? `かいいん ${furiganaToken}` : null,
        skills: hasSkill(i) ? [skillTag, 'デザイン'] : [`other-${tag}`],
        relation: relationOf(i),
      });
      if (reply.status !== 200) throw new Error(`profile of member ${i}: ${reply.status} ${reply.text}`);
      members.push(member);
      const { email: _email, locale: _locale, timeZone: _timeZone, ...publicPart } = reply.body;
      profiles.set(member.member.id, publicPart);
    }
  });

  function directory(query: Record<string, string | number>): Promise<Reply<DirectoryPage & ErrorBody>> {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) search.set(key, String(value));
    return client.get<DirectoryPage & ErrorBody>(`/api/members?${search.toString()}`, {
      token: viewer.accessToken,
    });
  }

  /** Ids of this file's directory members, newest first, that satisfy `keep`. */
  function expectedIds(keep: (i: number) => boolean = () => true): string[] {
    return members
      .map((member, i) => ({ id: member.member.id, i }))
      .filter(({ i }) => keep(i))
      .map(({ id }) => id)
      .reverse();
  }

  /** The items of a search that belong to this file's directory members (other files create members too). */
  function ours(page: DirectoryPage): string[] {
    return page.items.map((item) => item.id).filter((id) => profiles.has(id));
  }

  function expectNoEmails(reply: Reply<unknown>): void {
    expect(reply.text).not.toContain('@test.example');
    for (const member of members) expect(reply.text).not.toContain(member.email);
  }

  it('pages through all members of a search with limit=7: newest first, no duplicates, no gaps', async () => {
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let cursor: string | null = null;
    do {
      const reply = await directory(cursor ? { q: tag, limit: 7, cursor } : { q: tag, limit: 7 });
      expect(reply.status).toBe(200);
      expectNoEmails(reply);
      pageSizes.push(reply.body.items.length);
      seen.push(...reply.body.items.map((item) => item.id));
      cursor = reply.body.nextCursor;
      expect(pageSizes.length).toBeLessThan(10);
    } while (cursor);

    expect(pageSizes).toEqual([7, 7, 7, 4]);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expectedIds());
    const createdAt = seen.map((id) => Date.parse(profiles.get(id)?.createdAt ?? ''));
    for (let i = 1; i < createdAt.length; i += 1) expect(createdAt[i]).toBeLessThanOrEqual(createdAt[i - 1]);
  });

  it('returns public profiles only: no email, locale or timeZone in any item', async () => {
    const reply = await directory({ q: tag, limit: 100 });

    expect(reply.status).toBe(200);
    expect(reply.body.items).toHaveLength(MEMBER_COUNT);
    for (const item of reply.body.items) {
      expectPublicProfileShape(item);
      expect(contractFields(item, PUBLIC_PROFILE_KEYS)).toEqual(
        contractFields(profiles.get(item.id) ?? {}, PUBLIC_PROFILE_KEYS),
      );
    }
    expect(reply.body.nextCursor).toBeNull();
    expectNoEmails(reply);
    expect(reply.text).not.toMatch(/"(email|locale|timeZone|passwordHash)"/);
  });

  it('serves 20 items by default with a cursor to the rest', async () => {
    const first = await directory({ q: tag });
    expect(first.status).toBe(200);
    expect(first.body.items.map((item) => item.id)).toEqual(expectedIds().slice(0, 20));
    expect(first.body.nextCursor).toEqual(expect.any(String));

    const rest = await directory({ q: tag, cursor: first.body.nextCursor ?? '' });
    expect(rest.body.items.map((item) => item.id)).toEqual(expectedIds().slice(20));
    expect(rest.body.nextCursor).toBeNull();
  });

  it('finds a Japanese substring of the bio (q=漆器)', async () => {
    const reply = await directory({ q: '漆器', limit: 100 });

    expect(reply.status).toBe(200);
    expect(ours(reply.body)).toEqual(expectedIds(isLacquer));
    expect(ours(reply.body)).toHaveLength(5);
    expectNoEmails(reply);
  });

  it('matches English case-insensitively', async () => {
    const lower = await directory({ q: english.toLowerCase(), limit: 100 });
    const upper = await directory({ q: english.toUpperCase(), limit: 100 });

    expect(lower.body.items.map((item) => item.id)).toEqual(expectedIds(isEnglish));
    expect(upper.body.items.map((item) => item.id)).toEqual(expectedIds(isEnglish));
  });

  it('matches the displayName, the furigana and the skills too', async () => {
    const byName = await directory({ q: nameToken.toLowerCase() });
    const byFurigana = await directory({ q: furiganaToken });
    const bySkill = await directory({ q: skillTag.toLowerCase(), limit: 100 });

    expect(byName.body.items.map((item) => item.id)).toEqual(expectedIds((i) => i === 7));
    expect(byFurigana.body.items.map((item) => item.id)).toEqual(expectedIds((i) => i === 11));
    expect(bySkill.body.items.map((item) => item.id)).toEqual(expectedIds(hasSkill));
  });

  it('treats % and _ in q literally', async () => {
    const percent = await directory({ q: `${tag}%`, limit: 100 });
    const underscore = await directory({ q: `${tag.slice(0, -1)}_`, limit: 100 });

    expect(percent.status).toBe(200);
    expect(ours(percent.body)).toEqual([]);
    expect(underscore.status).toBe(200);
    expect(ours(underscore.body)).toEqual([]);
  });

  it('filters by an exact skill tag', async () => {
    const exact = await directory({ skill: skillTag, limit: 100 });
    const prefix = await directory({ skill: skillTag.slice(0, -1), limit: 100 });
    const otherCase = await directory({ skill: skillTag.toLowerCase(), limit: 100 });

    expect(exact.status).toBe(200);
    expect(exact.body.items.map((item) => item.id)).toEqual(expectedIds(hasSkill));
    expect(exact.body.items.every((item) => item.skills.includes(skillTag))).toBe(true);
    expect(prefix.body.items).toEqual([]);
    expect(otherCase.body.items).toEqual([]);
  });

  it('filters by relation', async () => {
    for (const relation of ['theme_owner', 'resident'] as const) {
      const reply = await directory({ q: tag, relation, limit: 100 });
      expect(reply.status).toBe(200);
      expect(reply.body.items.map((item) => item.id)).toEqual(expectedIds((i) => relationOf(i) === relation));
      expect(reply.body.items.every((item) => item.relation === relation)).toBe(true);
    }
  });

  it('combines filters and pages through the combination', async () => {
    const expected = expectedIds((i) => hasSkill(i) && isLacquer(i));
    expect(expected.length).toBeGreaterThan(1);
    const first = await directory({ q: '漆器', skill: skillTag, limit: 1 });
    const second = await directory({
      q: '漆器',
      skill: skillTag,
      limit: 100,
      cursor: first.body.nextCursor ?? '',
    });

    expect(first.body.items.map((item) => item.id)).toEqual(expected.slice(0, 1));
    expect(second.body.items.map((item) => item.id)).toEqual(expected.slice(1));
    expect(second.body.nextCursor).toBeNull();
  });

  it('answers 400 VALIDATION_FAILED for an unknown relation', async () => {
    const reply = await directory({ relation: 'mayor' });

    expectError(reply, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(reply)).toContainEqual({ field: 'relation', code: 'isIn' });
  });

  it.each([
    ['0', 'min'],
    ['101', 'max'],
    ['-1', 'min'],
    ['1.5', 'isInt'],
    ['abc', 'isInt'],
  ])('answers 400 VALIDATION_FAILED for limit=%s (code %s)', async (limit, code) => {
    const reply = await directory({ q: tag, limit });

    expectError(reply, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(reply)).toContainEqual({ field: 'limit', code });
  });

  it('accepts the limits 1 and 100', async () => {
    const one = await directory({ q: tag, limit: 1 });
    const hundred = await directory({ q: tag, limit: 100 });

    expect(one.body.items.map((item) => item.id)).toEqual(expectedIds().slice(0, 1));
    expect(hundred.body.items).toHaveLength(MEMBER_COUNT);
  });

  it.each([
    ['not base64 JSON', 'garbage!!'],
    ['JSON that is not a key', base64urlJson({ createdAt: '2024-01-01' })],
    ['a key of the wrong length', base64urlJson(['2024-01-01T00:00:00.000Z'])],
    [
      'a key of the right shape with values that are not a time and an id',
      base64urlJson(['not-a-time', 'not-a-uuid']),
    ],
  ])('answers 400 INVALID_CURSOR for a cursor that is %s', async (_name, cursor) => {
    const reply = await directory({ q: tag, cursor });

    expectError(reply, 400, 'INVALID_CURSOR');
  });

  it('answers 401 TOKEN_MISSING without a token', async () => {
    expectError(await client.get<ErrorBody>('/api/members'), 401, 'TOKEN_MISSING');
  });
});

describe('directory by name (GET /api/members?sort=name)', () => {
  const tag = marker('byname');
  /** Furigana (or none: sorted by the display name) in the order the directory should give. */
  const people: { displayName: string; furigana: string | null }[] = [
    { displayName: 'Alice Abe', furigana: null },
    { displayName: 'bob Brown', furigana: null },
    { displayName: '青木 葵', furigana: 'あおき あおい' },
    { displayName: '伊藤 一', furigana: 'いとう はじめ' },
    { displayName: '伊藤 二', furigana: 'いとう はじめ' },
    { displayName: '加藤 花', furigana: 'かとう はな' },
    { displayName: '佐藤 健', furigana: 'さとう けん' },
    { displayName: '渡辺 亘', furigana: 'わたなべ わたる' },
  ];
  const ids = new Map<string, number>();
  let viewer: SignedUp;

  beforeAll(async () => {
    viewer = await signUp(client);
    // Registered in a shuffled order, so newest-first and by-name differ.
    for (const index of [5, 0, 7, 2, 4, 1, 6, 3]) {
      const person = people[index];
      const member = await signUp(client, { displayName: person.displayName });
      const reply = await patchMe(member.accessToken, { furigana: person.furigana, bio: tag });
      expect(reply.status).toBe(200);
      ids.set(member.member.id, index);
    }
  });

  function page(query: Record<string, string | number>): Promise<Reply<DirectoryPage & ErrorBody>> {
    return client.get<DirectoryPage & ErrorBody>(
      `/api/members?${new URLSearchParams(
        Object.entries(query).map(([key, value]): [string, string] => [key, String(value)]),
      ).toString()}`,
      { token: viewer.accessToken },
    );
  }

  it('orders by furigana, else display name (case-insensitive), and pages with its own cursor', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const reply = await page({ q: tag, sort: 'name', limit: 3, ...(cursor && { cursor }) });
      expect(reply.status).toBe(200);
      seen.push(...reply.body.items.map((item) => ids.get(item.id) ?? -1));
      cursor = reply.body.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);

    expect(pages).toBe(3);
    // Equal furigana (伊藤 一 and 二) keep a stable order by id, so compare the groups.
    expect(seen.map((index) => people[index].furigana ?? people[index].displayName.toLowerCase())).toEqual(
      people.map((person) => person.furigana ?? person.displayName.toLowerCase()),
    );
    expect(new Set(seen).size).toBe(people.length);
  });

  it('keeps newest first without sort (and with sort=newest)', async () => {
    const plain = await page({ q: tag, limit: 100 });
    const newest = await page({ q: tag, sort: 'newest', limit: 100 });

    expect(plain.body.items.map((item) => ids.get(item.id))).toEqual([3, 6, 1, 4, 2, 7, 0, 5]);
    expect(newest.body.items).toEqual(plain.body.items);
  });

  it('refuses a newest-first cursor by name and a by-name cursor newest first (400 INVALID_CURSOR)', async () => {
    const newest = await page({ q: tag, limit: 1 });
    const byName = await page({ q: tag, sort: 'name', limit: 1 });

    expectError(
      await page({ q: tag, sort: 'name', cursor: newest.body.nextCursor ?? '' }),
      400,
      'INVALID_CURSOR',
    );
    expectError(await page({ q: tag, cursor: byName.body.nextCursor ?? '' }), 400, 'INVALID_CURSOR');
    expectError(
      await page({ q: tag, sort: 'name', cursor: base64urlJson(['name', 'あ', 'not-a-uuid']) }),
      400,
      'INVALID_CURSOR',
    );
  });

  it('answers 400 VALIDATION_FAILED for an unknown sort', async () => {
    const reply = await page({ sort: 'age' });

    expectError(reply, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(reply)).toContainEqual({ field: 'sort', code: 'isIn' });
  });
});

describe('events on a profile (GET /api/members/:id `events`)', () => {
  const HOUR = 3600_000;
  let coordinator: SignedUp;
  let attendee: SignedUp;
  let insider: SignedUp;
  let outsider: SignedUp;
  const titles = { upcoming: '', later: '', private: '', past: '', cancelled: '', declined: '' };
  const ids: Record<keyof typeof titles, string> = { ...titles };

  async function createEvent(title: string, startsInHours: number, themeId?: string): Promise<EventBody> {
    const startsAt = new Date(Date.now() + startsInHours * HOUR);
    const reply = await client.post<EventBody>(
      '/api/events',
      {
        title,
        description: '塩尻で会いましょう',
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * HOUR).toISOString(),
        format: 'online',
        ...(themeId && { themeId }),
      },
      { token: coordinator.accessToken },
    );
    expect({ status: reply.status, text: reply.text }).toMatchObject({ status: 201 });
    return reply.body;
  }

  async function answer(member: SignedUp, id: string, status: string): Promise<void> {
    const reply = await client.call('PUT', `/api/events/${id}/rsvp`, {
      token: member.accessToken,
      body: { status },
    });
    expect({ status: reply.status, text: reply.text }).toMatchObject({ status: 200 });
  }

  function profile(of: SignedUp, as: SignedUp): Promise<Reply<MemberProfile & ErrorBody>> {
    return client.get<MemberProfile & ErrorBody>(`/api/members/${of.member.id}`, { token: as.accessToken });
  }

  beforeAll(async () => {
    coordinator = await newCoordinator(client, `調整 役子${kanjiTag()}`);
    attendee = await signUp(client);
    insider = await signUp(client);
    outsider = await signUp(client);
    for (const key of Object.keys(titles) as (keyof typeof titles)[])
      titles[key] = `漆の夕べ ${key} ${kanjiTag(3)}`;
    const hidden = await createTheme(client, coordinator.accessToken, {
      slug: uniqueSlug('hidden'),
      title: `非公開 ${kanjiTag()}`,
      visibility: 'private',
    });
    for (const member of [attendee, insider]) {
      const added = await client.post(
        `/api/themes/${hidden.slug}/members`,
        { memberId: member.member.id },
        {
          token: coordinator.accessToken,
        },
      );
      expect(added.status).toBe(204);
    }

    ids.later = (await createEvent(titles.later, 24 * 14)).id;
    ids.upcoming = (await createEvent(titles.upcoming, 24)).id;
    ids.private = (await createEvent(titles.private, 48, hidden.id)).id;
    ids.cancelled = (await createEvent(titles.cancelled, 72)).id;
    ids.declined = (await createEvent(titles.declined, 96)).id;
    await answer(attendee, ids.upcoming, 'going');
    await answer(attendee, ids.later, 'interested');
    await answer(attendee, ids.private, 'going');
    await answer(attendee, ids.cancelled, 'going');
    await answer(attendee, ids.declined, 'not_going');
    const cancelled = await client.post(`/api/events/${ids.cancelled}/cancel`, undefined, {
      token: coordinator.accessToken,
    });
    expect(cancelled.status).toBe(200);
    // A past event the member was checked in at (organisers record attendance after the fact).
    ids.past = (await createEvent(titles.past, -72)).id;
    const checkIn = await client.call(
      'PUT',
      `/api/events/${ids.past}/attendees/${attendee.member.id}/check-in`,
      {
        token: coordinator.accessToken,
      },
    );
    expect({ status: checkIn.status, text: checkIn.text }).toMatchObject({ status: 200 });
  });

  it('lists upcoming events soonest first, then past ones, with the answer and attendance', async () => {
    const reply = await profile(attendee, insider);

    expect(reply.status).toBe(200);
    expect(reply.body.events.map((event) => event.title)).toEqual([
      titles.upcoming,
      titles.private,
      titles.later,
      titles.past,
    ]);
    const [upcoming, , later, past] = reply.body.events;
    expect(upcoming).toEqual({
      id: ids.upcoming,
      title: titles.upcoming,
      startsAt: expect.any(String),
      endsAt: expect.any(String),
      timeZone: 'Asia/Tokyo',
      format: 'online',
      theme: null,
      rsvp: 'going',
      attended: false,
      past: false,
    });
    expect(later).toMatchObject({ rsvp: 'interested', past: false });
    expect(past).toMatchObject({ rsvp: 'going', attended: true, past: true });
  });

  it("leaves out a private theme's events for a viewer outside it (and never shows cancelled or declined ones)", async () => {
    const reply = await profile(attendee, outsider);

    expect(reply.status).toBe(200);
    expect(reply.body.events.map((event) => event.title)).toEqual([
      titles.upcoming,
      titles.later,
      titles.past,
    ]);
    expect(reply.text).not.toContain(titles.private);
    expect(reply.text).not.toContain(titles.cancelled);
    expect(reply.text).not.toContain(titles.declined);
  });

  it('shows an empty list for a member who takes part in nothing', async () => {
    const reply = await profile(outsider, attendee);

    expect(reply.status).toBe(200);
    expect(reply.body.events).toEqual([]);
  });
});
