import { createHash, randomBytes } from 'node:crypto';

/** How long a verification link works. */
export const VERIFICATION_TTL_SECONDS = 48 * 60 * 60;
/** How long a password reset link works. */
export const PASSWORD_RESET_TTL_SECONDS = 60 * 60;

/** The digest stored for a mailed token (the token itself is only in the mail). */
export function hashAccountToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 256 random bits, URL-safe, and the digest to store. */
export function newAccountToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashAccountToken(token) };
}
