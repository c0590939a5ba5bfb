import type { TFunction } from 'i18next';
import { ApiError } from '@/lib/http';

const KNOWN = [
  'INVALID_CREDENTIALS',
  'EMAIL_TAKEN',
  'RATE_LIMITED',
  'VALIDATION_FAILED',
  'INVITATION_REQUIRED',
  'INVITATION_INVALID',
  'INVITATION_USED',
  'INVITATION_EXPIRED',
  'INVITATION_REVOKED',
];

/** A sign-in or registration failure in the member's words, from the api's code. */
export function authErrorMessage(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return t('auth.errors.NETWORK');
  if (KNOWN.includes(error.code))
    return t(`auth.errors.${error.code}`, { seconds: error.retryAfterSeconds ?? 60 });
  return t('auth.errors.UNKNOWN');
}
