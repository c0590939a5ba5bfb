import type { TFunction } from 'i18next';
import { errorMessage } from '@/lib/error-message';

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
  return errorMessage(error, t, 'auth', KNOWN);
}
