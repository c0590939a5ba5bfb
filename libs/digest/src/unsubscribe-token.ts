import { createHmac, timingSafeEqual } from 'node:crypto';

/** What a signed link may do; a token for one action is worthless for another. */
export type MailLinkAction = 'digest-unsubscribe';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function signature(secret: string, action: MailLinkAction, memberId: string): Buffer {
  // A key of its own, derived from the server secret, so these MACs can never be confused with JWTs.
  const key = createHmac('sha256', secret).update('shiojiri-salon mail links v1').digest();
  return createHmac('sha256', key).update(`${action}\n${memberId}`).digest();
}

/**
 * `<memberId>.<HMAC>`: works without signing in and does not expire (an unsubscribe link in an old
 * email must still work), but only for that member and that action.
 */
export function signMailLinkToken(secret: string, action: MailLinkAction, memberId: string): string {
  return `${memberId}.${signature(secret, action, memberId).toString('base64url')}`;
}

/** The member the token speaks for, or null for anything forged, truncated or for another action. */
export function verifyMailLinkToken(secret: string, action: MailLinkAction, token: string): string | null {
  const [memberId, mac, ...rest] = token.split('.');
  if (rest.length || !memberId || !mac || !UUID.test(memberId)) return null;
  const given = Buffer.from(mac, 'base64url');
  const expected = signature(secret, action, memberId);
  return given.length === expected.length && timingSafeEqual(given, expected) ? memberId : null;
}
