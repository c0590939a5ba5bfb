import { DomainError } from '@app/common';

/** What the SMTP exchange said about a failure, for logs; not meant for API clients. */
export interface SmtpFailure {
  /** SMTP reply code, when the server answered (e.g. 451, 550). */
  responseCode?: number;
  /** Nodemailer's or the socket's error code (e.g. ECONNECTION, ETIMEDOUT, EENVELOPE). */
  smtpCode?: string;
  /** The server's reply line. */
  response?: string;
}

/** The mail may go through later (4xx reply, connection refused or lost, timeout): retry the job. */
export class MailTemporaryError extends DomainError {
  readonly responseCode?: number;
  readonly smtpCode?: string;
  readonly response?: string;

  constructor(message: string, failure: SmtpFailure = {}, options?: { cause?: unknown }) {
    super('MAIL_TEMPORARY_FAILURE', message, 503);
    Object.assign(this, failure);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** The server refused the address or the message for good (5xx): retrying would get the same answer. */
export class MailPermanentError extends DomainError {
  readonly responseCode?: number;
  readonly smtpCode?: string;
  readonly response?: string;

  constructor(message: string, failure: SmtpFailure = {}, options?: { cause?: unknown }) {
    super('MAIL_REJECTED', message, 502);
    Object.assign(this, failure);
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}

/** Nodemailer codes that say the message or its envelope is unusable, whatever the server. */
const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE', 'EMAXRECIPIENTS']);

function field<T>(error: unknown, key: string, type: 'number' | 'string'): T | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as Record<string, unknown>)[key];
  return typeof value === type ? (value as T) : undefined;
}

/**
 * Sorts a nodemailer failure into temporary or permanent. A reply code decides when there is one:
 * 5xx is permanent except 503 (bad sequence of commands: a session problem, fine on a new
 * connection, as RFC 5321 and nodemailer see it); everything else is temporary. Without a reply,
 * only a malformed envelope or message is permanent: refused connections, timeouts and unknown
 * errors are retried, since BullMQ's attempts are bounded and losing a mail costs more.
 */
export function classifySmtpError(error: unknown): MailTemporaryError | MailPermanentError {
  if (error instanceof MailTemporaryError || error instanceof MailPermanentError) return error;
  const failure: SmtpFailure = {
    responseCode: field<number>(error, 'responseCode', 'number'),
    smtpCode: field<string>(error, 'code', 'string'),
    response: field<string>(error, 'response', 'string'),
  };
  const detail = field<string>(error, 'message', 'string') ?? String(error);
  const { responseCode, smtpCode } = failure;
  const permanent =
    responseCode !== undefined
      ? responseCode >= 500 && responseCode < 600 && responseCode !== 503
      : smtpCode !== undefined && PERMANENT_CODES.has(smtpCode);
  return permanent
    ? new MailPermanentError(`Mail refused: ${detail}`, failure, { cause: error })
    : new MailTemporaryError(`Mail not sent (temporary failure): ${detail}`, failure, { cause: error });
}
