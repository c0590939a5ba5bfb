import jwt from 'jsonwebtoken';
import { uniqueEmail } from '@test/support';
import type { AuthResult, ErrorBody, OwnProfile } from './api-types';
import {
  forgeAccessToken,
  signUp,
  TEST_ACCESS_TTL_SECONDS,
  TEST_JWT_REFRESH_SECRET,
  useSalon,
} from './fixture';
import {
  base64urlJson,
  contractFields,
  expectError,
  expectOwnProfileShape,
  fieldProblems,
  OWN_PROFILE_KEYS,
  UUID,
  type Reply,
} from './http';

const salon = useSalon({ tag: 'auth' });
const { client } = salon;

function refresh(refreshToken: string): Promise<Reply<AuthResult & ErrorBody>> {
  return client.post<AuthResult & ErrorBody>('/api/auth/refresh', { refreshToken });
}

function me(token: string): Promise<Reply<OwnProfile & ErrorBody>> {
  return client.get<OwnProfile & ErrorBody>('/api/members/me', { token });
}

describe('POST /api/auth/register', () => {
  it('creates the account and answers 201 with a token pair and the own profile with defaults', async () => {
    const email = uniqueEmail('register');
    const reply = await client.post<AuthResult>('/api/auth/register', {
      email,
      password: 'correct horse battery',
      displayName: '塩尻 花子',
    });

    expect(reply.status).toBe(201);
    expect(typeof reply.body.accessToken).toBe('string');
    expect(typeof reply.body.refreshToken).toBe('string');
    expect(reply.body.refreshToken).not.toBe(reply.body.accessToken);
    expect(reply.body.expiresIn).toBe(TEST_ACCESS_TTL_SECONDS);
    expectOwnProfileShape(reply.body.member);
    expect(contractFields(reply.body.member, OWN_PROFILE_KEYS)).toEqual({
      id: expect.stringMatching(UUID),
      email,
      displayName: '塩尻 花子',
      furigana: null,
      bio: '',
      skills: [],
      relation: null,
      homeArea: null,
      pastProjects: [],
      links: [],
      avatarUrl: null,
      openToHelp: false,
      role: 'member',
      createdAt: expect.any(String),
      locale: 'ja',
      timeZone: 'Asia/Tokyo',
      // A new address waits for the check from the verification mail (account.e2e-spec.ts).
      emailVerified: false,
      pendingEmail: null,
    });
    expect(Number.isNaN(Date.parse(reply.body.member.createdAt))).toBe(false);
  });

  it('never sends the password or its hash back', async () => {
    const password = 'a-very-secret-passphrase-42';
    const reply = await client.post<AuthResult>('/api/auth/register', {
      email: uniqueEmail('nohash'),
      password,
      displayName: 'Hash Check',
    });

    expect(reply.status).toBe(201);
    expect(reply.text).not.toMatch(/password/i);
    expect(reply.text).not.toContain('$argon2');
    expect(reply.text).not.toContain(password);
  });

  it('issues an access token that works on /members/me and lasts JWT_ACCESS_TTL_SECONDS', async () => {
    const member = await signUp(client);
    const claims = jwt.decode(member.accessToken) as jwt.JwtPayload;

    expect(claims).toMatchObject({ sub: member.member.id, role: 'member', typ: 'access' });
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(TEST_ACCESS_TTL_SECONDS);
    const profile = await me(member.accessToken);
    expect(profile.status).toBe(200);
    expect(profile.body.id).toBe(member.member.id);
  });

  it('stores the email lower-cased', async () => {
    const email = uniqueEmail('mixed-case');
    const reply = await client.post<AuthResult>('/api/auth/register', {
      email: email.toUpperCase(),
      password: 'correct horse battery',
      displayName: 'Upper',
    });

    expect(reply.status).toBe(201);
    expect(reply.body.member.email).toBe(email);
  });

  it('trims the email before storing it', async () => {
    const email = uniqueEmail('trimmed');
    const reply = await client.post<AuthResult & ErrorBody>('/api/auth/register', {
      email: `  ${email}  `,
      password: 'correct horse battery',
      displayName: 'Trimmed',
    });

    expect(reply.status).toBe(201);
    expect(reply.body.member.email).toBe(email);
  });

  it('answers 409 EMAIL_TAKEN for an email that is already registered', async () => {
    const first = await signUp(client);
    const reply = await client.post<ErrorBody>('/api/auth/register', {
      email: first.email,
      password: 'another password',
      displayName: 'Second',
    });

    expectError(reply, 409, 'EMAIL_TAKEN');
  });

  it('answers 409 EMAIL_TAKEN for the same email in a different case', async () => {
    const first = await signUp(client);
    const reply = await client.post<ErrorBody>('/api/auth/register', {
      email: first.email.toUpperCase(),
      password: 'another password',
      displayName: 'Second',
    });

    expectError(reply, 409, 'EMAIL_TAKEN');
  });

  it('rejects an invalid email with 400 VALIDATION_FAILED and code isEmail', async () => {
    const reply = await client.post<ErrorBody>('/api/auth/register', {
      email: 'not-an-email',
      password: 'correct horse battery',
      displayName: 'Bad Email',
    });

    expectError(reply, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(reply)).toContainEqual({ field: 'email', code: 'isEmail' });
    expect(reply.body.details?.fields?.every((problem) => typeof problem.message === 'string')).toBe(true);
  });

  it('rejects a password shorter than 8 characters with code minLength', async () => {
    const reply = await client.post<ErrorBody>('/api/auth/register', {
      email: uniqueEmail('short'),
      password: 'short',
      displayName: 'Short',
    });

    expectError(reply, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(reply)).toContainEqual({ field: 'password', code: 'minLength' });
  });

  it('rejects a password longer than 200 characters with code maxLength', async () => {
    const reply = await client.post<ErrorBody>('/api/auth/register', {
      email: uniqueEmail('long'),
      password: 'x'.repeat(201),
      displayName: 'Long',
    });

    expectError(reply, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(reply)).toContainEqual({ field: 'password', code: 'maxLength' });
  });

  it('rejects a displayName longer than 50 characters and an empty one', async () => {
    const tooLong = await client.post<ErrorBody>('/api/auth/register', {
      email: uniqueEmail('name'),
      password: 'correct horse battery',
      displayName: '名'.repeat(51),
    });
    const empty = await client.post<ErrorBody>('/api/auth/register', {
      email: uniqueEmail('name'),
      password: 'correct horse battery',
      displayName: '',
    });

    expectError(tooLong, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(tooLong)).toContainEqual({ field: 'displayName', code: 'maxLength' });
    expectError(empty, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(empty)).toContainEqual({ field: 'displayName', code: 'minLength' });
  });

  it('rejects a displayName of only spaces with 400, not a server error', async () => {
    const reply = await client.post<ErrorBody>('/api/auth/register', {
      email: uniqueEmail('blank'),
      password: 'correct horse battery',
      displayName: '   ',
    });

    expectError(reply, 400, 'VALIDATION_FAILED');
  });

  it('reports a wrong type with code isString and missing fields for each field', async () => {
    const wrongType = await client.post<ErrorBody>('/api/auth/register', {
      email: uniqueEmail('type'),
      password: 12345678,
      displayName: 'Typed',
    });
    const missing = await client.post<ErrorBody>('/api/auth/register', {});

    expectError(wrongType, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(wrongType)).toContainEqual({ field: 'password', code: 'isString' });
    expectError(missing, 400, 'VALIDATION_FAILED');
    const missingFields = new Set(fieldProblems(missing).map((problem) => problem.field));
    expect(missingFields).toEqual(new Set(['email', 'password', 'displayName']));
  });

  it('rejects an unknown field with code unknownField and creates no account', async () => {
    const email = uniqueEmail('unknown');
    const reply = await client.post<ErrorBody>('/api/auth/register', {
      email,
      password: 'correct horse battery',
      displayName: 'Sneaky',
      role: 'admin',
    });

    expectError(reply, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(reply)).toContainEqual({ field: 'role', code: 'unknownField' });
    const login = await client.post<ErrorBody>('/api/auth/login', {
      email,
      password: 'correct horse battery',
    });
    expectError(login, 401, 'INVALID_CREDENTIALS');
  });
});

describe('POST /api/auth/login', () => {
  it('signs in with the right password: 200 with a new token pair and the own profile', async () => {
    const member = await signUp(client);
    const reply = await client.post<AuthResult>('/api/auth/login', {
      email: member.email,
      password: member.password,
    });

    expect(reply.status).toBe(200);
    expect(reply.body.expiresIn).toBe(TEST_ACCESS_TTL_SECONDS);
    expect(reply.body.refreshToken).not.toBe(member.refreshToken);
    expectOwnProfileShape(reply.body.member);
    expect(contractFields(reply.body.member, OWN_PROFILE_KEYS)).toEqual(
      contractFields(member.member, OWN_PROFILE_KEYS),
    );
    expect(reply.text).not.toMatch(/password/i);
    expect((await me(reply.body.accessToken)).status).toBe(200);
  });

  it('accepts the email in any case and with surrounding spaces', async () => {
    const member = await signUp(client);
    const reply = await client.post<AuthResult>('/api/auth/login', {
      email: `  ${member.email.toUpperCase()} `,
      password: member.password,
    });

    expect(reply.status).toBe(200);
    expect(reply.body.member.id).toBe(member.member.id);
  });

  it('answers 401 INVALID_CREDENTIALS for a wrong password', async () => {
    const member = await signUp(client);
    const reply = await client.post<ErrorBody>('/api/auth/login', {
      email: member.email,
      password: `${member.password}-wrong`,
    });

    expectError(reply, 401, 'INVALID_CREDENTIALS');
    expect(reply.text).not.toContain('accessToken');
  });

  it('answers 401 INVALID_CREDENTIALS with the same message for an unknown email', async () => {
    const member = await signUp(client);
    const wrongPassword = await client.post<ErrorBody>('/api/auth/login', {
      email: member.email,
      password: 'not the password',
    });
    const unknownEmail = await client.post<ErrorBody>('/api/auth/login', {
      email: uniqueEmail('nobody'),
      password: 'not the password',
    });

    expectError(unknownEmail, 401, 'INVALID_CREDENTIALS');
    expect(unknownEmail.body.message).toBe(wrongPassword.body.message);
  });

  it('rejects a body without a password with 400 VALIDATION_FAILED', async () => {
    const reply = await client.post<ErrorBody>('/api/auth/login', { email: uniqueEmail('nopw') });

    expectError(reply, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(reply)).toContainEqual({ field: 'password', code: 'isString' });
  });
});

describe('POST /api/auth/refresh', () => {
  it('swaps a refresh token for a new pair whose access token works', async () => {
    const member = await signUp(client);
    const reply = await refresh(member.refreshToken);

    expect(reply.status).toBe(200);
    expect(reply.body.refreshToken).not.toBe(member.refreshToken);
    expect(reply.body.expiresIn).toBe(TEST_ACCESS_TTL_SECONDS);
    expect(reply.body.member.id).toBe(member.member.id);
    expectOwnProfileShape(reply.body.member);
    const profile = await me(reply.body.accessToken);
    expect(profile.status).toBe(200);
    expect(profile.body.id).toBe(member.member.id);
  });

  it('keeps rotating: each new refresh token can be used once in turn', async () => {
    const member = await signUp(client);
    let token = member.refreshToken;
    const seen = new Set([token]);
    for (let round = 0; round < 3; round += 1) {
      const reply = await refresh(token);
      expect(reply.status).toBe(200);
      expect(seen.has(reply.body.refreshToken)).toBe(false);
      token = reply.body.refreshToken;
      seen.add(token);
    }
  });

  it('detects reuse of a rotated token: 401 REFRESH_TOKEN_REUSED and the whole session is revoked', async () => {
    const member = await signUp(client);
    const rotated = await refresh(member.refreshToken);
    expect(rotated.status).toBe(200);

    const reuse = await refresh(member.refreshToken);
    expectError(reuse, 401, 'REFRESH_TOKEN_REUSED');

    const newest = await refresh(rotated.body.refreshToken);
    expect(newest.status).toBe(401);
    expect(['REFRESH_TOKEN_INVALID', 'REFRESH_TOKEN_REUSED']).toContain(newest.body.code);
  });

  it('leaves the member’s other sessions working when one session is revoked for reuse', async () => {
    const member = await signUp(client);
    const otherDevice = await client.post<AuthResult>('/api/auth/login', {
      email: member.email,
      password: member.password,
    });
    expect(otherDevice.status).toBe(200);

    const rotated = await refresh(member.refreshToken);
    expect(rotated.status).toBe(200);
    expectError(await refresh(member.refreshToken), 401, 'REFRESH_TOKEN_REUSED');

    const survivor = await refresh(otherDevice.body.refreshToken);
    expect(survivor.status).toBe(200);
    expect(survivor.body.member.id).toBe(member.member.id);
    expect((await refresh(survivor.body.refreshToken)).status).toBe(200);
  });

  it('answers 401 REFRESH_TOKEN_INVALID for garbage', async () => {
    expectError(await refresh('not-a-token'), 401, 'REFRESH_TOKEN_INVALID');
  });

  it('answers 401 REFRESH_TOKEN_INVALID for an access token used as a refresh token', async () => {
    const member = await signUp(client);

    expectError(await refresh(member.accessToken), 401, 'REFRESH_TOKEN_INVALID');
    // The session itself is untouched.
    expect((await refresh(member.refreshToken)).status).toBe(200);
  });

  it('answers 401 REFRESH_TOKEN_INVALID for a refresh token with a forged signature', async () => {
    const member = await signUp(client);
    const claims = jwt.decode(member.refreshToken) as jwt.JwtPayload;
    const forged = jwt.sign({ ...claims, jti: 'forged' }, 'x'.repeat(40), { algorithm: 'HS256' });

    expectError(await refresh(forged), 401, 'REFRESH_TOKEN_INVALID');
    expect((await refresh(member.refreshToken)).status).toBe(200);
  });

  it('rejects a missing refreshToken with 400 VALIDATION_FAILED', async () => {
    const reply = await client.post<ErrorBody>('/api/auth/refresh', {});

    expectError(reply, 400, 'VALIDATION_FAILED');
    expect(fieldProblems(reply)).toContainEqual({ field: 'refreshToken', code: 'isString' });
  });
});

describe('POST /api/auth/logout', () => {
  it('answers 204 and the refresh token stops working', async () => {
    const member = await signUp(client);
    const reply = await client.post('/api/auth/logout', { refreshToken: member.refreshToken });

    expect(reply.status).toBe(204);
    expect(reply.text).toBe('');
    const after = await refresh(member.refreshToken);
    expect(after.status).toBe(401);
    expect(['REFRESH_TOKEN_INVALID', 'REFRESH_TOKEN_REUSED']).toContain(after.body.code);
  });

  it('ends only that session: another login of the same member can still refresh', async () => {
    const member = await signUp(client);
    const second = await client.post<AuthResult>('/api/auth/login', {
      email: member.email,
      password: member.password,
    });
    expect(second.status).toBe(200);

    expect((await client.post('/api/auth/logout', { refreshToken: member.refreshToken })).status).toBe(204);
    expect((await refresh(second.body.refreshToken)).status).toBe(200);
  });

  it('ends the session even after the token was rotated (logout with the current token)', async () => {
    const member = await signUp(client);
    const rotated = await refresh(member.refreshToken);
    expect(rotated.status).toBe(200);

    expect((await client.post('/api/auth/logout', { refreshToken: rotated.body.refreshToken })).status).toBe(
      204,
    );
    expect((await refresh(rotated.body.refreshToken)).status).toBe(401);
  });

  it('answers 401 REFRESH_TOKEN_INVALID for a garbage token', async () => {
    const reply = await client.post<ErrorBody>('/api/auth/logout', { refreshToken: 'garbage' });

    expectError(reply, 401, 'REFRESH_TOKEN_INVALID');
  });
});

describe('bearer access tokens', () => {
  const nowSeconds = (): number => Math.floor(Date.now() / 1000);

  it('answers 401 TOKEN_MISSING without an Authorization header', async () => {
    const reply = await client.get<ErrorBody>('/api/members/me');

    expectError(reply, 401, 'TOKEN_MISSING');
  });

  it('answers 401 TOKEN_MISSING for a non-Bearer Authorization header', async () => {
    const reply = await client.get<ErrorBody>('/api/members/me', {
      headers: { authorization: 'Basic dXNlcjpwYXNz' },
    });

    expectError(reply, 401, 'TOKEN_MISSING');
  });

  it('accepts a token forged with the api’s secret and valid claims (control for the cases below)', async () => {
    const member = await signUp(client);
    const token = forgeAccessToken({
      sub: member.member.id,
      role: 'member',
      typ: 'access',
      exp: nowSeconds() + 60,
    });

    const reply = await me(token);
    expect(reply.status).toBe(200);
    expect(reply.body.id).toBe(member.member.id);
  });

  it('answers 401 TOKEN_EXPIRED for an expired access token', async () => {
    const member = await signUp(client);
    const token = forgeAccessToken({
      sub: member.member.id,
      role: 'member',
      typ: 'access',
      iat: nowSeconds() - 120,
      exp: nowSeconds() - 60,
    });

    expectError(await me(token), 401, 'TOKEN_EXPIRED');
  });

  it('answers 401 TOKEN_INVALID for a token whose signature was tampered with', async () => {
    const member = await signUp(client);
    const [header, payload, signature] = member.accessToken.split('.');
    const flipped = `${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`;

    expectError(await me(`${header}.${payload}.${flipped}`), 401, 'TOKEN_INVALID');
  });

  it('answers 401 TOKEN_INVALID for a token whose payload was changed (role raised to admin)', async () => {
    const member = await signUp(client);
    const [header, payload, signature] = member.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const raised = base64urlJson({ ...claims, role: 'admin' });

    expectError(await me(`${header}.${raised}.${signature}`), 401, 'TOKEN_INVALID');
  });

  it('answers 401 TOKEN_INVALID for a token signed with another secret', async () => {
    const member = await signUp(client);
    const token = forgeAccessToken(
      { sub: member.member.id, role: 'member', typ: 'access', exp: nowSeconds() + 60 },
      'some-other-secret-that-is-long-enough-0123456789',
    );

    expectError(await me(token), 401, 'TOKEN_INVALID');
  });

  it('answers 401 TOKEN_INVALID for an unsigned token (alg: none)', async () => {
    const member = await signUp(client);
    const header = base64urlJson({ alg: 'none', typ: 'JWT' });
    const payload = base64urlJson({
      sub: member.member.id,
      role: 'member',
      typ: 'access',
      iat: nowSeconds(),
      exp: nowSeconds() + 60,
    });

    expectError(await me(`${header}.${payload}.`), 401, 'TOKEN_INVALID');
  });

  it('answers 401 TOKEN_INVALID for a refresh token used as an access token', async () => {
    const member = await signUp(client);

    expectError(await me(member.refreshToken), 401, 'TOKEN_INVALID');
  });

  it('answers 401 TOKEN_INVALID for a token signed with the refresh secret', async () => {
    const member = await signUp(client);
    const token = forgeAccessToken(
      { sub: member.member.id, role: 'member', typ: 'access', exp: nowSeconds() + 60 },
      TEST_JWT_REFRESH_SECRET,
    );

    expectError(await me(token), 401, 'TOKEN_INVALID');
  });

  it('answers 401 TOKEN_INVALID for a correctly signed token that is not of type access', async () => {
    const member = await signUp(client);
    const token = forgeAccessToken({
      sub: member.member.id,
      role: 'member',
      typ: 'refresh',
      exp: nowSeconds() + 60,
    });

    expectError(await me(token), 401, 'TOKEN_INVALID');
  });

  it('answers 401 TOKEN_INVALID for a string that is not a JWT at all', async () => {
    expectError(await me('definitely.not.ajwt'), 401, 'TOKEN_INVALID');
  });
});
