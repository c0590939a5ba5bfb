import type { TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { RefreshTokenInvalidError, RefreshTokenReusedError } from '@app/auth';
import { RateLimitedError } from '@app/common';
import { createIntegrationModule, uniqueEmail } from '@test/support';
import { AccountsService } from './accounts.service';
import { EmailTakenError, InvalidCredentialsError } from './members.errors';
import { MembersModule } from './members.module';

describe('AccountsService (real PostgreSQL and Redis)', () => {
  let moduleRef: TestingModule;
  let accounts: AccountsService;
  let db: DataSource;
  const meta = () => ({ ip: `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });

  beforeAll(async () => {
    moduleRef = await createIntegrationModule([MembersModule]);
    accounts = moduleRef.get(AccountsService);
    db = moduleRef.get(DataSource);
  });
  afterAll(() => moduleRef.close());

  it('stores the email normalised and the password only as an argon2id hash', async () => {
    const email = uniqueEmail('Case');
    const { member } = await accounts.register(
      { email: `  ${email.toUpperCase()} `, password: 'correct horse', displayName: ' 塩尻 花子 ' },
      meta(),
    );
    const [row] = await db.query<{ email: string; password_hash: string; display_name: string }[]>(
      'SELECT email, password_hash, display_name FROM members WHERE id = $1',
      [member.id],
    );
    expect(row.email).toBe(email.toLowerCase());
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain('correct horse');
    expect(row.display_name).toBe('塩尻 花子');
  });

  it('refuses a second account for the same email, even when both race', async () => {
    const email = uniqueEmail('race');
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, () =>
        accounts.register({ email, password: 'password-1', displayName: 'A' }, meta()),
      ),
    );
    expect(attempts.filter((a) => a.status === 'fulfilled')).toHaveLength(1);
    for (const attempt of attempts.filter((a) => a.status === 'rejected')) {
      expect(attempt.status === 'rejected' && attempt.reason).toBeInstanceOf(EmailTakenError);
    }
    const [{ count }] = await db.query<{ count: number }[]>(
      'SELECT count(*)::int AS count FROM members WHERE email = $1',
      [email],
    );
    expect(count).toBe(1);
  });

  it('signs in with the right password only', async () => {
    const email = uniqueEmail('login');
    await accounts.register({ email, password: 'password-1', displayName: 'B' }, meta());
    await expect(accounts.login({ email, password: 'password-1' }, meta())).resolves.toMatchObject({
      member: { email },
    });
    await expect(accounts.login({ email, password: 'password-2' }, meta())).rejects.toBeInstanceOf(
      InvalidCredentialsError,
    );
    await expect(
      accounts.login({ email: uniqueEmail('nobody'), password: 'password-1' }, meta()),
    ).rejects.toBeInstanceOf(InvalidCredentialsError);
  });

  it('rotates refresh tokens and revokes the session when an old one comes back', async () => {
    const email = uniqueEmail('rotate');
    const first = await accounts.register({ email, password: 'password-1', displayName: 'C' }, meta());
    const other = await accounts.login({ email, password: 'password-1' }, meta());

    const second = await accounts.refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    const third = await accounts.refresh(second.refreshToken);

    await expect(accounts.refresh(first.refreshToken)).rejects.toBeInstanceOf(RefreshTokenReusedError);
    // The thief's copy and the owner's newest token are both dead now…
    await expect(accounts.refresh(third.refreshToken)).rejects.toBeInstanceOf(RefreshTokenInvalidError);
    // …but the member's other device keeps its session.
    await expect(accounts.refresh(other.refreshToken)).resolves.toMatchObject({ member: { email } });
  });

  it("accepts a browser's just-replaced cookie for a few seconds (a reload cut the answer off), then not", async () => {
    const first = await accounts.register(
      { email: uniqueEmail('reload'), password: 'password-1', displayName: 'R' },
      meta(),
    );
    // The answer carrying `second` never reached the browser, which still has `first`.
    const second = await accounts.refresh(first.refreshToken, { fromCookie: true });
    const third = await accounts.refresh(first.refreshToken, { fromCookie: true });
    expect(third.refreshToken).not.toBe(second.refreshToken);
    // The lost token is no longer current, and is not the one the last rotation replaced either.
    await expect(accounts.refresh(second.refreshToken, { fromCookie: true })).rejects.toBeInstanceOf(
      RefreshTokenReusedError,
    );

    const later = await accounts.register(
      { email: uniqueEmail('reload-late'), password: 'password-1', displayName: 'L' },
      meta(),
    );
    await accounts.refresh(later.refreshToken, { fromCookie: true });
    await db.query(
      `UPDATE auth_sessions SET previous_valid_until = now() - interval '1 second' WHERE member_id = $1`,
      [later.member.id],
    );
    await expect(accounts.refresh(later.refreshToken, { fromCookie: true })).rejects.toBeInstanceOf(
      RefreshTokenReusedError,
    );
  });

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const { refreshToken } = await accounts.register(
      { email: uniqueEmail('double'), password: 'password-1', displayName: 'D' },
      meta(),
    );
    const results = await Promise.allSettled([
      accounts.refresh(refreshToken),
      accounts.refresh(refreshToken),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('ends a session on logout', async () => {
    const { refreshToken } = await accounts.register(
      { email: uniqueEmail('logout'), password: 'password-1', displayName: 'E' },
      meta(),
    );
    await accounts.logout(refreshToken);
    await expect(accounts.refresh(refreshToken)).rejects.toBeInstanceOf(RefreshTokenInvalidError);
  });

  it('limits failed sign-ins per account, and a success resets the count', async () => {
    const email = uniqueEmail('limited');
    await accounts.register({ email, password: 'password-1', displayName: 'F' }, meta());
    // LOGIN_RATE_LIMIT_PER_ACCOUNT defaults to 10 failures per window.
    for (let i = 0; i < 9; i += 1) {
      await expect(accounts.login({ email, password: 'wrong-pass' }, meta())).rejects.toBeInstanceOf(
        InvalidCredentialsError,
      );
    }
    await accounts.login({ email, password: 'password-1' }, meta());
    for (let i = 0; i < 10; i += 1) {
      await expect(accounts.login({ email, password: 'wrong-pass' }, meta())).rejects.toBeInstanceOf(
        InvalidCredentialsError,
      );
    }
    await expect(accounts.login({ email, password: 'password-1' }, meta())).rejects.toBeInstanceOf(
      RateLimitedError,
    );
  });

  it('promotes a member to coordinator', async () => {
    const email = uniqueEmail('promote');
    await accounts.register({ email, password: 'password-1', displayName: 'G' }, meta());
    await expect(accounts.setRole(email.toUpperCase(), 'coordinator')).resolves.toMatchObject({
      role: 'coordinator',
    });
    const { accessToken } = await accounts.login({ email, password: 'password-1' }, meta());
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as {
      role: string;
    };
    expect(claims.role).toBe('coordinator');
  });
});
