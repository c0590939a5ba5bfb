import type { TFunction } from 'i18next';
import { ApiError } from './http';

/**
 * An api failure in the member's words: `<section>.errors.<CODE>` for the codes a screen explains,
 * `<section>.errors.UNKNOWN` for the others, `<section>.errors.NETWORK` when no answer came. `{{seconds}}`
 * is the wait a RATE_LIMITED answer asks for.
 */
export function errorMessage(
  error: unknown,
  t: TFunction,
  section: string,
  known: readonly string[],
): string {
  if (!(error instanceof ApiError)) return t(`${section}.errors.NETWORK`);
  if (!known.includes(error.code)) return t(`${section}.errors.UNKNOWN`);
  return t(`${section}.errors.${error.code}`, { seconds: error.retryAfterSeconds ?? 60 });
}
