/** `@` or the full-width `＠` that Japanese keyboards type, at the start or after a space. */
const TRIGGER = /(^|[\s\u3000])([@＠])([^\s\u3000@＠]{0,30})$/u;

export interface MentionQuery {
  /** Where the `@` is in the text. */
  start: number;
  /** What follows it, up to the caret. */
  query: string;
}

/** The mention being typed just before the caret, if any. */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const match = TRIGGER.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[3].length - 1, query: match[3] };
}

/** Replaces the typed `@query` with `@Display Name ` and returns the new text and caret. */
export function insertMention(
  text: string,
  caret: number,
  mention: MentionQuery,
  displayName: string,
): { text: string; caret: number } {
  const inserted = `@${displayName} `;
  return {
    text: text.slice(0, mention.start) + inserted + text.slice(caret),
    caret: mention.start + inserted.length,
  };
}

export interface MentionCandidate {
  id: string;
  displayName: string;
  furigana: string | null;
}

function normalise(value: string): string {
  return value.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** Candidates whose name or furigana contains the query (prefix matches first). */
export function matchCandidates<T extends MentionCandidate>(candidates: T[], query: string, limit = 8): T[] {
  const q = normalise(query);
  const scored = candidates
    .map((candidate) => {
      const names = [candidate.displayName, candidate.furigana ?? ''].map(normalise);
      const score = names.some((name) => name.startsWith(q))
        ? 0
        : names.some((name) => name.includes(q))
          ? 1
          : 2;
      return { candidate, score };
    })
    .filter((entry) => entry.score < 2);
  return scored
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map((entry) => entry.candidate);
}
