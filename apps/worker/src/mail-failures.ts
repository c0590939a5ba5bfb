import { UnrecoverableError } from 'bullmq';
import { MailPermanentError } from '@app/mail';

/** A refusal by the mail server (5xx) will not change on retry: fail the job for good. Others retry with backoff. */
export async function unrecoverableOnPermanentFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof MailPermanentError) throw new UnrecoverableError(error.message);
    throw error;
  }
}
