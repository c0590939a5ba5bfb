/**
 * Name search as people type it at a door or in a directory: a name may be typed in kanji, in its reading
 * (furigana, hiragana) or in katakana, full- or half-width, with or without the space between family and
 * given name.
 */
export function normalizeForSearch(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      // Katakana → hiragana (ァ U+30A1 … ヶ U+30F6 are 0x60 above ぁ … ゖ).
      .replace(/[\u30a1-\u30f6]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0x60))
      .replace(/\s+/g, '')
  );
}

/** Whether a query matches a name or its reading (an empty query matches everyone). */
export function matchesName(query: string, name: string, reading: string | null): boolean {
  const wanted = normalizeForSearch(query);
  if (!wanted) return true;
  return (
    normalizeForSearch(name).includes(wanted) ||
    (reading !== null && normalizeForSearch(reading).includes(wanted))
  );
}
