/** Redis keys of visits (under REDIS_KEY_PREFIX, which the client adds). */
export const VISIT_KEYS = {
  /** Members who visited on a Tokyo day, shared by every api process: only the first SADD of a day counts. */
  day: (day: string) => `visits:${day}`,
  /** `<day>|<memberId>` entries not yet in activity_days: the worker's flush takes them. */
  pending: 'visits:pending',
};

/** A day's set outlives the day by a margin (clocks differ a little between processes), then goes. */
export const VISIT_DAY_TTL_SECONDS = 2 * 24 * 3600;

export function pendingEntry(day: string, memberId: string): string {
  return `${day}|${memberId}`;
}

const ENTRY = /^(\d{4}-\d{2}-\d{2})\|([0-9a-f-]{36})$/;

export function parsePendingEntry(entry: string): { day: string; memberId: string } | null {
  const match = ENTRY.exec(entry);
  return match ? { day: match[1], memberId: match[2] } : null;
}
