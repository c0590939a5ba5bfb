/** What replaces a secret in a logged URL. */
export const REDACTED = '[redacted]';

/** Query parameters whose value stands in for a login (mail links, feeds): never logged. */
const SECRET_PARAM = /token|secret|password|code|signature|key|invite/i;

/**
 * Path segments that are themselves credentials: the private calendar feed `/api/calendar/<token>.ics`.
 * Anything else in a path is an id, which is not a secret.
 */
const SECRET_PATHS: readonly RegExp[] = [/^(\/api\/calendar\/)[^/?#]+?(\.ics)?$/];

/**
 * A request URL as it may appear in logs: every secret-looking query value and secret path segment is
 * replaced, so a log reader cannot unsubscribe a member or read their calendar.
 */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  const path = queryAt === -1 ? url : url.slice(0, queryAt);
  const query = queryAt === -1 ? null : url.slice(queryAt + 1);
  let safePath = path;
  for (const pattern of SECRET_PATHS) {
    safePath = safePath.replace(
      pattern,
      (_match, prefix: string, suffix?: string) => `${prefix}${REDACTED}${suffix ?? ''}`,
    );
  }
  if (query === null) return safePath;
  const safeQuery = query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals === -1) return pair;
      let name: string;
      try {
        name = decodeURIComponent(pair.slice(0, equals).replace(/\+/g, ' '));
      } catch {
        name = pair.slice(0, equals);
      }
      return SECRET_PARAM.test(name) ? `${pair.slice(0, equals)}=${REDACTED}` : pair;
    })
    .join('&');
  return `${safePath}?${safeQuery}`;
}
