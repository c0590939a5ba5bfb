import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';

/** Where `npm run build` puts the web client (`vite build` → dist/web), seen from dist/apps/api/src/web. */
export const WEB_CLIENT_DIR = join(__dirname, '..', '..', '..', '..', 'web');

/** Hashed file names (Vite's `assets/`): they never change, so browsers may keep them for a year. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Only this origin's scripts, styles, fonts and sockets; images may come from members' https avatars.
 * `connect-src 'self'` covers the same-origin WebSocket.
 */
export const WEB_CLIENT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' data: https:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/** Paths the client never answers: the api, Socket.IO, and asset files that do not exist. */
export function isClientRoute(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  return !/^\/(api|socket\.io|assets)(\/|$)/.test(path);
}

/**
 * Serves the built single-page client from the api's own origin: hashed assets with long-lived cache
 * headers, and `index.html` (never cached) for every other GET outside /api and /socket.io, so that
 * client-side routes such as /themes/<slug> or /messages/<id> open directly.
 */
export function serveWebClient(app: NestExpressApplication, dir = WEB_CLIENT_DIR): boolean {
  const logger = new Logger('WebClient');
  const index = join(dir, 'index.html');
  if (!existsSync(index)) {
    logger.warn(`no built web client at ${dir} (run \`npm run build\`): serving the api only`);
    return false;
  }
  app.useStaticAssets(dir, {
    index: false,
    redirect: false,
    setHeaders: (response: Response, path: string) => {
      const asset = path.startsWith(join(dir, 'assets'));
      response.setHeader('Cache-Control', asset ? IMMUTABLE : 'no-cache');
    },
  });
  app.use((request: Request, response: Response, next: NextFunction) => {
    if (!isClientRoute(request.method, request.path)) return next();
    response.setHeader('Cache-Control', 'no-cache');
    response.setHeader('Content-Security-Policy', WEB_CLIENT_CSP);
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Referrer-Policy', 'same-origin');
    response.sendFile(index, (error?: Error) => {
      if (error) next(error);
    });
  });
  logger.log(`serving the web client from ${dir}`);
  return true;
}
