import { uniqueEmail } from '@test/support';
import type { AuthResult, ErrorBody } from './api-types';
import { signUp, useSalon, type SignedUp } from './fixture';
import type { Reply } from './http';

const PER_ACCOUNT = 3;
const PER_ADDRESS = 5;
const WINDOW_SECONDS = 900;

const salon = useSalon({
  tag: 'rate-limit',
  env: {
    TRUST_PROXY: 'loopback',
    LOGIN_RATE_LIMIT_PER_ACCOUNT: String(PER_ACCOUNT),
    LOGIN_RATE_LIMIT_PER_IP: String(PER_ADDRESS),
    LOGIN_RATE_WINDOW_SECONDS: String(WINDOW_SECONDS),
  },
});
const { client } = salon;

/** A client address no other request of this file uses (TEST-NET-2, one per call). */
let addressCounter = 0;
function freshAddress(): string {
  addressCounter += 1;
  return `198.51.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
}

function from(address: string): { headers: Record<string, string> } {
  return { headers: { 'x-forwarded-for': address } };
}

function login(email: string, password: string, address: string): Promise<Reply<AuthResult & ErrorBody>> {
  return client.post<AuthResult & ErrorBody>('/api/auth/login', { email, password }, from(address));
}

/** Each member is registered from an address of its own so registrations never meet the address limit. */
function member(): Promise<SignedUp> {
  return signUp(client, from(freshAddress()));
}

function expectRateLimited(reply: Reply<ErrorBody>): void {
  expect({ status: reply.status, code: reply.body.code }).toEqual({ status: 429, code: 'RATE_LIMITED' });
  const retryAfter = reply.headers.get('retry-after');
  expect(retryAfter).toMatch(/^\d+$/);
  const seconds = Number(retryAfter);
  expect(seconds).toBeGreaterThan(0);
  expect(seconds).toBeLessThanOrEqual(WINDOW_SECONDS);
}

describe('per-account limit on failed logins', () => {
  it(`answers 429 with Retry-After once an account has ${PER_ACCOUNT} failures, even from new addresses`, async () => {
    const target = await member();
    for (let attempt = 0; attempt < PER_ACCOUNT; attempt += 1) {
      const failure = await login(target.email, 'wrong password', freshAddress());
      expect(failure.status).toBe(401);
      expect(failure.body.code).toBe('INVALID_CREDENTIALS');
    }

    expectRateLimited(await login(target.email, 'wrong password', freshAddress()));
  });

  it('refuses the correct password too while the account is limited', async () => {
    const target = await member();
    for (let attempt = 0; attempt < PER_ACCOUNT; attempt += 1) {
      expect((await login(target.email, 'wrong password', freshAddress())).status).toBe(401);
    }

    const correct = await login(target.email, target.password, freshAddress());
    expectRateLimited(correct);
    expect(correct.text).not.toContain('accessToken');
  });

  it('counts the account by its normalised email (case and spaces do not give fresh attempts)', async () => {
    const target = await member();
    const spellings = [target.email, target.email.toUpperCase(), ` ${target.email} `];
    for (const spelling of spellings) {
      expect((await login(spelling, 'wrong password', freshAddress())).status).toBe(401);
    }

    expectRateLimited(await login(target.email, target.password, freshAddress()));
  });

  it('limits only that account: another member still signs in', async () => {
    const limited = await member();
    const other = await member();
    for (let attempt = 0; attempt < PER_ACCOUNT; attempt += 1) {
      expect((await login(limited.email, 'wrong password', freshAddress())).status).toBe(401);
    }
    expectRateLimited(await login(limited.email, limited.password, freshAddress()));

    const reply = await login(other.email, other.password, freshAddress());
    expect(reply.status).toBe(200);
    expect(reply.body.member.id).toBe(other.member.id);
  });

  it('resets the account’s failure count after a successful login', async () => {
    const target = await member();
    for (let attempt = 0; attempt < PER_ACCOUNT - 1; attempt += 1) {
      expect((await login(target.email, 'wrong password', freshAddress())).status).toBe(401);
    }
    expect((await login(target.email, target.password, freshAddress())).status).toBe(200);

    // Without the reset the next failures would add up to the limit and the last one would be a 429.
    for (let attempt = 0; attempt < PER_ACCOUNT; attempt += 1) {
      const failure = await login(target.email, 'wrong password', freshAddress());
      expect(failure.status).toBe(401);
      expect(failure.body.code).toBe('INVALID_CREDENTIALS');
    }
    expectRateLimited(await login(target.email, 'wrong password', freshAddress()));
  });

  it('does not count successful logins as failures', async () => {
    const target = await member();
    for (let attempt = 0; attempt < PER_ACCOUNT + 1; attempt += 1) {
      expect((await login(target.email, target.password, freshAddress())).status).toBe(200);
    }
  });
});

describe('per-address limit on login attempts', () => {
  it(`answers 429 with Retry-After after ${PER_ADDRESS} attempts from one address, for any email`, async () => {
    const address = freshAddress();
    for (let attempt = 0; attempt < PER_ADDRESS; attempt += 1) {
      const reply = await login(uniqueEmail('scan'), 'whatever password', address);
      expect(reply.status).toBe(401);
      expect(reply.body.code).toBe('INVALID_CREDENTIALS');
    }

    expectRateLimited(await login(uniqueEmail('scan'), 'whatever password', address));
  });

  it('refuses even a correct login from a limited address while another address still gets through', async () => {
    const target = await member();
    const busy = freshAddress();
    for (let attempt = 0; attempt < PER_ADDRESS; attempt += 1) {
      expect((await login(uniqueEmail('scan'), 'whatever password', busy)).status).toBe(401);
    }

    expectRateLimited(await login(target.email, target.password, busy));
    const elsewhere = await login(target.email, target.password, freshAddress());
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.member.id).toBe(target.member.id);
  });

  it('counts successful logins from one address too', async () => {
    const target = await member();
    const address = freshAddress();
    for (let attempt = 0; attempt < PER_ADDRESS; attempt += 1) {
      expect((await login(target.email, target.password, address)).status).toBe(200);
    }

    expectRateLimited(await login(target.email, target.password, address));
  });
});

describe('per-address limit on registrations', () => {
  function register(address: string): Promise<Reply<AuthResult & ErrorBody>> {
    return client.post<AuthResult & ErrorBody>(
      '/api/auth/register',
      { email: uniqueEmail('burst'), password: 'correct horse battery', displayName: 'Burst' },
      from(address),
    );
  }

  it(`answers 429 with Retry-After after ${PER_ADDRESS} registrations from one address`, async () => {
    const address = freshAddress();
    for (let attempt = 0; attempt < PER_ADDRESS; attempt += 1) {
      expect((await register(address)).status).toBe(201);
    }

    expectRateLimited(await register(address));
    expect((await register(freshAddress())).status).toBe(201);
  });

  it('keeps registrations and logins in separate buckets', async () => {
    const target = await member();
    const address = freshAddress();
    for (let attempt = 0; attempt < PER_ADDRESS; attempt += 1) {
      expect((await register(address)).status).toBe(201);
    }
    expectRateLimited(await register(address));

    const reply = await login(target.email, target.password, address);
    expect(reply.status).toBe(200);
  });
});
