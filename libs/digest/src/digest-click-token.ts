import { createHmac, timingSafeEqual } from 'node:crypto';

/** A click is counted for its digest this long after the mail was made; later the link still leads there. */
export const CLICK_COUNTED_DAYS = 90;
const DAY_MS = 24 * 3600_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** digest_deliveries.period: `2026-W48` (weekly) or `2026-11-23` (daily). */
const PERIOD = /^\d{4}-(W\d{2}|\d{2}-\d{2})$/;
const MAX_PATH = 1000;

export interface DigestClick {
  memberId: string;
  period: string;
  /** A path on our own site: `/themes/…`, `/messages/…`, `/events/…` (with its query, if any). */
  path: string;
  /** When the mail was made. */
  issuedAt: Date;
}

export type VerifiedClick =
  | { kind: 'counted'; click: DigestClick }
  /** Authentic but older than CLICK_COUNTED_DAYS: goes to its page, counts nothing. */
  | { kind: 'expired'; click: DigestClick }
  | { kind: 'invalid' };

/**
 * Only a path of this site: one leading `/` (never `//` or `/\`, which browsers read as another host),
 * no backslash, no whitespace or control character. Appended to PUBLIC_URL, it cannot leave the site.
 */
export function isOwnPath(path: string): boolean {
  return (
    path.length <= MAX_PATH &&
    path.startsWith('/') &&
    !path.startsWith('//') &&
    // eslint-disable-next-line no-control-regex
    !/[\\\s\u0000-\u001f\u007f]/.test(path)
  );
}

function signature(secret: string, payload: string): Buffer {
  // Its own key, derived from the server secret: never confused with JWTs or the unsubscribe links.
  const key = createHmac('sha256', secret).update('shiojiri-salon digest clicks v1').digest();
  return createHmac('sha256', key).update(payload).digest();
}

function payloadOf(memberId: string, period: string, issuedDay: string, path: string): string {
  return `digest-click\n${memberId}\n${period}\n${issuedDay}\n${path}`;
}

/**
 * `<memberId>.<period>.<issued day, base 36>.<path, base64url>.<HMAC>`: says who the digest was for, which
 * period, and where the link goes, so the redirect can neither be pointed elsewhere nor credited to another
 * member or digest. Not a login: following it signs nobody in.
 */
export function signDigestClick(secret: string, click: DigestClick): string {
  if (!UUID.test(click.memberId) || !PERIOD.test(click.period) || !isOwnPath(click.path)) {
    throw new Error(`cannot sign a digest link to ${click.path} for ${click.memberId}, ${click.period}`);
  }
  const issuedDay = Math.floor(click.issuedAt.getTime() / DAY_MS).toString(36);
  const path = Buffer.from(click.path, 'utf8').toString('base64url');
  const mac = signature(secret, payloadOf(click.memberId, click.period, issuedDay, click.path));
  return `${click.memberId}.${click.period}.${issuedDay}.${path}.${mac.toString('base64url')}`;
}

/** What a token says, if we made it; `now` is the clock (tests pass it). */
export function verifyDigestClick(secret: string, token: unknown, now: Date = new Date()): VerifiedClick {
  if (typeof token !== 'string' || token.length > 2 * MAX_PATH) return { kind: 'invalid' };
  const parts = token.split('.');
  if (parts.length !== 5) return { kind: 'invalid' };
  const [memberId, period, issuedDay, encodedPath, mac] = parts;
  if (!UUID.test(memberId) || !PERIOD.test(period) || !/^[0-9a-z]{1,8}$/.test(issuedDay)) {
    return { kind: 'invalid' };
  }
  const path = Buffer.from(encodedPath, 'base64url').toString('utf8');
  if (!isOwnPath(path)) return { kind: 'invalid' };
  const given = Buffer.from(mac, 'base64url');
  const expected = signature(secret, payloadOf(memberId, period, issuedDay, path));
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { kind: 'invalid' };
  const issuedAt = new Date(parseInt(issuedDay, 36) * DAY_MS);
  const click = { memberId, period, path, issuedAt };
  const expired = now.getTime() - issuedAt.getTime() > (CLICK_COUNTED_DAYS + 1) * DAY_MS;
  return expired ? { kind: 'expired', click } : { kind: 'counted', click };
}
