import type { Response } from 'express';
import { readCookie, RefreshCookie, REFRESH_COOKIE } from './refresh-cookie';

describe('readCookie', () => {
  it('finds the named cookie among others and decodes it', () => {
    expect(readCookie('a=1; salon_refresh=x%2Ey; b=2', REFRESH_COOKIE)).toBe('x.y');
  });

  it('does not take a cookie whose name only ends with the name', () => {
    expect(readCookie('not_salon_refresh=evil', REFRESH_COOKIE)).toBeUndefined();
    expect(readCookie(undefined, REFRESH_COOKIE)).toBeUndefined();
  });
});

describe('RefreshCookie', () => {
  function recorded(publicUrl: string) {
    const calls: { name: string; value: string; options: Record<string, unknown> }[] = [];
    const response = {
      cookie: (name: string, value: string, options: Record<string, unknown>) =>
        calls.push({ name, value, options }),
    } as unknown as Response;
    new RefreshCookie({ PUBLIC_URL: publicUrl, JWT_REFRESH_TTL_SECONDS: 60 }).set(response, 'token');
    return calls[0];
  }

  it('is httpOnly, SameSite=Lax, scoped to /api/auth and lives as long as the refresh token', () => {
    expect(recorded('http://localhost:3000').options).toEqual({
      httpOnly: true,
      sameSite: 'lax',
      secure: false,
      path: '/api/auth',
      maxAge: 60_000,
    });
  });

  it('is Secure when the salon is served over https', () => {
    expect(recorded('https://salon.example').options.secure).toBe(true);
  });
});
