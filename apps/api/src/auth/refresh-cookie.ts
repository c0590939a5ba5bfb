import type { CookieOptions, Request, Response } from 'express';
import type { AppConfig } from '@app/config';

/** The cookie that carries a browser's refresh token; only the auth routes ever see it. */
export const REFRESH_COOKIE = 'salon_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';

/** Reads one cookie from a `Cookie` header (no cookie parser needed for a single, known name). */
export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim();
    try {
      return decodeURIComponent(raw);
    } catch {
      return raw;
    }
  }
  return undefined;
}

/**
 * httpOnly (scripts never read it), SameSite=Lax (not sent on cross-site POSTs), Secure when the salon is
 * served over https, and scoped to /api/auth so no other request carries it.
 */
export class RefreshCookie {
  private readonly options: CookieOptions;

  constructor(config: Pick<AppConfig, 'PUBLIC_URL' | 'JWT_REFRESH_TTL_SECONDS'>) {
    this.options = {
      httpOnly: true,
      sameSite: 'lax',
      secure: new URL(config.PUBLIC_URL).protocol === 'https:',
      path: REFRESH_COOKIE_PATH,
      maxAge: config.JWT_REFRESH_TTL_SECONDS * 1000,
    };
  }

  read(request: Request): string | undefined {
    return readCookie(request.headers.cookie, REFRESH_COOKIE) || undefined;
  }

  set(response: Response, refreshToken: string): void {
    response.cookie(REFRESH_COOKIE, refreshToken, this.options);
  }

  clear(response: Response): void {
    const { maxAge: _maxAge, ...options } = this.options;
    response.clearCookie(REFRESH_COOKIE, options);
  }
}
