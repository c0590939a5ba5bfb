import type { JobsOptions } from 'bullmq';

/**
 * The contract between api (producers) and worker (processors): queue names, job names and payloads
 * are declared here and nowhere else. Event reminders and digests add their queues here.
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 5000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export const QUEUES = {
  /** Delayed jobs, one per event and kind, that mail the members going to an event. */
  eventReminders: 'event-reminders',
  /** Mails about a change of one member's or every attendee's RSVP: waitlist promotion, cancellation. */
  eventMail: 'event-mail',
  /** The digest scheduler's repeating `tick` and the admins' `run` jobs: they find who is due and enqueue them. */
  digestSchedule: 'digest-schedule',
  /** One job per member and period: build and send that member's digest. */
  digestSend: 'digest-send',
  /** Mails about a member's account: address verification, the notice of an address change, password reset. */
  accountMail: 'account-mail',
  /** The activity ticker: visits from Redis into activity_days, and the engagement rollup. */
  activity: 'activity',
} as const;

/** The reminders of an event (their lead times are the events domain's rule, event-rules.ts). */
export type ReminderKind = '24h' | '1h';

export interface EventReminderJob {
  eventId: string;
  kind: ReminderKind;
  /** The start the reminder was planned for: a job for an event that moved since is stale and does nothing. */
  startsAt: string;
}

export type EventMailJob =
  | { kind: 'waitlist-promoted'; eventId: string; memberId: string }
  | { kind: 'event-cancelled'; eventId: string; memberIds: string[] };

/** Deterministic, so scheduling twice is a no-op and moving an event can find and remove the old job. */
export function reminderJobId(eventId: string, kind: ReminderKind, startsAt: Date): string {
  return `reminder-${eventId}-${kind}-${startsAt.getTime()}`;
}

/** How often a digest goes out (the digest domain's DIGEST_FREQUENCIES lists them for its rules). */
export type DigestFrequency = 'weekly' | 'daily';

export type DigestScheduleJob = { kind: 'tick' } | { kind: 'run'; runId: string; frequency: DigestFrequency };

export interface DigestSendJob {
  memberId: string;
  /** `2026-W48` (weekly, ISO week of the period's end) or `2026-11-23` (daily), in the member's zone. */
  period: string;
}

/** The contract: one job per member and period, so enqueuing twice is a no-op. */
export function digestJobId(memberId: string, period: string): string {
  return `digest:${memberId}:${period}`;
}

/**
 * A mail about an account. It carries ids (and for a reset the address someone typed); the link's token is
 * made and the mail rendered when the worker sends it, so no token waits in Redis.
 */
export type AccountMailJob =
  | { kind: 'verify-email'; memberId: string }
  | { kind: 'email-change-notice'; memberId: string; to: string }
  | { kind: 'password-reset'; email: string };

/** Account mails are kept no longer than needed: a reset job holds an address someone typed. */
export const ACCOUNT_MAIL_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600 },
};

/** The activity ticker's one job (libs/activity): flush the day's visits, roll up engagement. */
export interface ActivityJob {
  kind: 'tick';
}
