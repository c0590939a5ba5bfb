import { runBuiltAppToExit, startBuiltApp } from '@test/support';
import type { ErrorBody, Health, OpenApiDocument } from './api-types';
import { apiEnv, useSalon } from './fixture';
import { UUID, type Reply } from './http';

const ALLOWED_ORIGIN = 'https://salon.example';
const OTHER_ALLOWED_ORIGIN = 'http://localhost:5173';
const FOREIGN_ORIGIN = 'https://evil.example';

const salon = useSalon({
  tag: 'platform',
  env: { CORS_ORIGINS: `${ALLOWED_ORIGIN},${OTHER_ALLOWED_ORIGIN}` },
});
const { client } = salon;

function expectCodedError(reply: Reply<ErrorBody>, status: number): void {
  expect(reply.status).toBe(status);
  expect(reply.headers.get('content-type')).toContain('application/json');
  expect(reply.body.statusCode).toBe(status);
  expect(reply.body.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
  expect(typeof reply.body.message).toBe('string');
  const requestId = reply.headers.get('x-request-id');
  expect(requestId).toEqual(expect.any(String));
  expect(reply.body.requestId).toBe(requestId);
}

describe('GET /api/health', () => {
  it('answers 200 with PostgreSQL and Redis reachable, without a token', async () => {
    const reply = await client.get<Health>('/api/health');

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      status: 'ok',
      checks: {
        postgres: expect.objectContaining({ ok: true, latencyMs: expect.any(Number) }),
        redis: expect.objectContaining({ ok: true, latencyMs: expect.any(Number) }),
      },
    });
  });
});

describe('OpenAPI documentation', () => {
  it('serves the OpenAPI document at /api/docs-json listing every path, without a token', async () => {
    const reply = await client.get<OpenApiDocument>('/api/docs-json');

    expect(reply.status).toBe(200);
    expect(reply.body.openapi).toMatch(/^3\./);
    expect(Object.keys(reply.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/auth/register',
        '/api/auth/login',
        '/api/auth/refresh',
        '/api/auth/logout',
        '/api/members/me',
        '/api/members',
        '/api/members/{id}',
        '/api/health',
      ]),
    );
  });

  it('documents the methods of each path and the bearer scheme', async () => {
    const { body } = await client.get<OpenApiDocument>('/api/docs-json');

    expect(Object.keys(body.paths['/api/auth/register'])).toContain('post');
    expect(Object.keys(body.paths['/api/auth/login'])).toContain('post');
    expect(Object.keys(body.paths['/api/members/me'])).toEqual(expect.arrayContaining(['get', 'patch']));
    expect(Object.keys(body.paths['/api/members'])).toContain('get');
    expect(Object.keys(body.paths['/api/members/{id}'])).toContain('get');
    expect(Object.keys(body.components?.securitySchemes ?? {})).not.toHaveLength(0);
  });

  it('serves the Swagger UI as HTML at /api/docs', async () => {
    const reply = await client.get('/api/docs');

    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('text/html');
    expect(reply.text).toMatch(/swagger-ui/i);
  });
});

describe('errors', () => {
  it('answers an unknown route with 404 and a code', async () => {
    const reply = await client.get<ErrorBody>('/api/no-such-route');

    expectCodedError(reply, 404);
    expect(reply.body.code).toBe('NOT_FOUND');
  });

  it('answers an unknown method on a known path with 404 and a code', async () => {
    const reply = await client.call<ErrorBody>('DELETE', '/api/health');

    expectCodedError(reply, 404);
  });

  it('answers a malformed JSON body with 400 and a code', async () => {
    const reply = await client.call<ErrorBody>('POST', '/api/auth/login', {
      rawBody: '{"email": "a@b.c", ',
      headers: { 'x-request-id': 'e2e-malformed-json' },
    });

    expectCodedError(reply, 400);
    expect(reply.headers.get('x-request-id')).toBe('e2e-malformed-json');
  });
});

describe('request ids', () => {
  it('echoes the X-Request-Id a caller sends, in the header and in error bodies', async () => {
    const requestId = `e2e-trace-${Date.now()}`;
    const ok = await client.get('/api/health', { headers: { 'x-request-id': requestId } });
    const failed = await client.get<ErrorBody>('/api/no-such-route', {
      headers: { 'x-request-id': requestId },
    });

    expect(ok.headers.get('x-request-id')).toBe(requestId);
    expect(failed.headers.get('x-request-id')).toBe(requestId);
    expect(failed.body.requestId).toBe(requestId);
  });

  it('generates a distinct id for each request that brings none', async () => {
    const first = await client.get<ErrorBody>('/api/members/me');
    const second = await client.get<ErrorBody>('/api/members/me');

    expect(first.headers.get('x-request-id')).toMatch(UUID);
    expect(second.headers.get('x-request-id')).toMatch(UUID);
    expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
    expect(first.body.requestId).toBe(first.headers.get('x-request-id'));
  });

  it('replaces a request id with unsafe characters by a generated one', async () => {
    const reply = await client.get('/api/health', {
      headers: { 'x-request-id': '<script>alert(1)</script>' },
    });

    expect(reply.headers.get('x-request-id')).toMatch(UUID);
  });
});

describe('CORS', () => {
  it('allows each origin listed in CORS_ORIGINS', async () => {
    for (const origin of [ALLOWED_ORIGIN, OTHER_ALLOWED_ORIGIN]) {
      const reply = await client.get('/api/health', { headers: { origin } });
      expect(reply.headers.get('access-control-allow-origin')).toBe(origin);
      expect(reply.headers.get('access-control-allow-credentials')).toBe('true');
    }
  });

  it('does not allow an origin that is not listed', async () => {
    const reply = await client.get('/api/health', { headers: { origin: FOREIGN_ORIGIN } });

    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight from a listed origin and not from another', async () => {
    const preflight = (origin: string): Promise<Reply<unknown>> =>
      client.call('OPTIONS', '/api/members/me', {
        headers: {
          origin,
          'access-control-request-method': 'PATCH',
          'access-control-request-headers': 'authorization,content-type',
        },
      });

    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-allow-methods')).toMatch(/PATCH/);

    const foreign = await preflight(FOREIGN_ORIGIN);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('configuration', () => {
  it('refuses to start with PORT=eighty and names PORT', async () => {
    const { code, output } = await runBuiltAppToExit('api', { PORT: 'eighty' });

    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toMatch(/\bPORT\b/);
    expect(output).not.toMatch(/api listening on/);
  });

  it('refuses to start in production without JWT_SECRET and names JWT_SECRET', async () => {
    const { code, output } = await runBuiltAppToExit('api', {
      NODE_ENV: 'production',
      JWT_SECRET: '',
      JWT_REFRESH_SECRET: 'a-production-refresh-secret-0123456789-abcdef',
    });

    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toMatch(/\bJWT_SECRET\b/);
    expect(output).not.toMatch(/api listening on/);
  });

  it('refuses a JWT_SECRET shorter than 32 characters and names JWT_SECRET', async () => {
    const { code, output } = await runBuiltAppToExit('api', { JWT_SECRET: 'too-short' });

    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(output).toMatch(/\bJWT_SECRET\b/);
  });
});

describe('worker', () => {
  it('becomes ready and exits with code 0 within a few seconds of SIGTERM', async () => {
    const worker = await startBuiltApp('worker', { REDIS_KEY_PREFIX: apiEnv('worker').REDIS_KEY_PREFIX });
    expect(worker.output()).toMatch(/worker ready/);

    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'still running'>((resolve) => {
      timer = setTimeout(() => resolve('still running'), 10_000);
    });
    const code = await Promise.race([worker.stop('SIGTERM'), deadline]);
    clearTimeout(timer);
    if (code === 'still running') worker.child.kill('SIGKILL');

    expect({ code, signal: worker.child.signalCode }).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
