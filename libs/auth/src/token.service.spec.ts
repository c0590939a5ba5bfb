import { JwtService } from '@nestjs/jwt';
import { loadConfig } from '@app/config';
import { TokenService } from './token.service';

const config = loadConfig({ JWT_SECRET: 's'.repeat(40), JWT_REFRESH_SECRET: 'r'.repeat(40) });
const tokens = new TokenService(new JwtService(), config);
const member = { id: '6f1c0b7e-3a1e-4c55-9a55-0c3f0f6d2a11', role: 'member' as const };
const jwt = new JwtService();

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const expectCode = (promise: Promise<unknown>, code: string) =>
  expect(promise).rejects.toMatchObject({ code, status: 401 });

describe('TokenService', () => {
  it('accepts its own access token', async () => {
    await expect(tokens.verifyAccessToken(await tokens.signAccessToken(member))).resolves.toEqual(member);
  });

  it('says an expired token is expired', async () => {
    const expired = await jwt.signAsync(
      { sub: member.id, role: 'member', typ: 'access', exp: Math.floor(Date.now() / 1000) - 10 },
      { secret: config.JWT_SECRET },
    );
    await expectCode(tokens.verifyAccessToken(expired), 'TOKEN_EXPIRED');
  });

  it('rejects a tampered payload', async () => {
    const [header, , signature] = (await tokens.signAccessToken(member)).split('.');
    const forged = `${header}.${b64({ sub: member.id, role: 'admin', typ: 'access' })}.${signature}`;
    await expectCode(tokens.verifyAccessToken(forged), 'TOKEN_INVALID');
  });

  it('rejects alg: none', async () => {
    const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: member.id, role: 'admin', typ: 'access' })}.`;
    await expectCode(tokens.verifyAccessToken(unsigned), 'TOKEN_INVALID');
  });

  it('rejects another HMAC algorithm than the pinned one', async () => {
    const hs512 = await jwt.signAsync(
      { sub: member.id, role: 'member', typ: 'access' },
      { secret: config.JWT_SECRET, algorithm: 'HS512' },
    );
    await expectCode(tokens.verifyAccessToken(hs512), 'TOKEN_INVALID');
  });

  it('never takes a refresh token as an access token, or the reverse', async () => {
    const refresh = await tokens.signRefreshToken({ memberId: member.id, sessionId: member.id });
    await expectCode(tokens.verifyAccessToken(refresh), 'TOKEN_INVALID');
    const access = await tokens.signAccessToken(member);
    await expectCode(tokens.verifyRefreshToken(access), 'REFRESH_TOKEN_INVALID');
  });

  it('rejects an unknown role in the claims', async () => {
    const token = await jwt.signAsync(
      { sub: member.id, role: 'root', typ: 'access' },
      { secret: config.JWT_SECRET },
    );
    await expectCode(tokens.verifyAccessToken(token), 'TOKEN_INVALID');
  });
});
