import { InvalidProjectDatesError } from './projects.errors';

export const PROJECT_STATUSES = ['planned', 'running', 'ended'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PARTICIPANT_ROLES = [
  'theme_owner',
  'side_job_professional',
  'coordinator',
  'supporter',
] as const;
export type ParticipantRole = (typeof PARTICIPANT_ROLES)[number];

/**
 * A project's participants are alumni of it once its last day is over in Tokyo: from the day after `endsOn`.
 * On `endsOn` itself the project still runs. (`YYYY-MM-DD` strings compare as the days they name.)
 */
export function hasEnded(endsOn: string, today: string): boolean {
  return endsOn < today;
}

/** The dates a project would have after a change: the last day may be the first, not before it. */
export function checkProjectDates(dates: { startsOn: string; endsOn: string }): void {
  if (dates.endsOn < dates.startsOn) {
    throw new InvalidProjectDatesError('endsOn', 'endsOn must be on or after startsOn');
  }
}
