/** IANA time zones this browser knows, Asia/Tokyo first (and `current`, should the browser not list it). */
export function timeZoneOptions(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    // An older browser: the salon's own zone and the member's are still offered.
  }
  const rest = [...new Set([...zones, 'UTC', current])].filter((zone) => zone !== 'Asia/Tokyo').sort();
  return ['Asia/Tokyo', ...rest];
}
