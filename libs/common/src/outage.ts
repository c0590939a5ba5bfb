import { DomainError } from './domain-error';

/** Network and PostgreSQL codes that mean the database or Redis cannot be reached or is shutting down. */
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  // PostgreSQL: admin_shutdown, crash_shutdown, cannot_connect_now, and the connection_exception class.
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

/** What pg's pool and ioredis say when their connection is gone (they set no code). */
const OUTAGE_MESSAGES =
  /Connection is closed|Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Reached the max retries per request limit/i;

/**
 * Whether an error means PostgreSQL or Redis is unreachable right now rather than a bug: the caller can
 * try again shortly (a chat send with the same clientMessageId is stored once). Looks through TypeORM's
 * `driverError` and `cause`.
 */
export function isServiceOutage(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== null && typeof current === 'object'; depth += 1) {
    const { code, message, name, driverError, cause } = current as Record<string, unknown>;
    if (typeof code === 'string' && OUTAGE_CODES.has(code)) return true;
    if (name === 'MaxRetriesPerRequestError') return true;
    if (typeof message === 'string' && OUTAGE_MESSAGES.test(message)) return true;
    current = driverError ?? cause;
  }
  return false;
}

export class ServiceUnavailableError extends DomainError {
  constructor() {
    super('SERVICE_UNAVAILABLE', 'The service is briefly unavailable; try again in a moment', 503);
  }
}
