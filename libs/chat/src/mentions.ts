export interface MentionCandidate {
  id: string;
  displayName: string;
}

/**
 * Which candidates a message mentions: those listed by id, and those named right after an `@`, with or
 * without the spaces of their display name (`@佐藤 健太` or `@佐藤健太さん`). Longer names win, so
 * `@Emily Carter` does not also mention a member called `Emily`.
 */
export function resolveMentions(body: string, listed: string[], candidates: MentionCandidate[]): string[] {
  const found = new Set(listed.filter((id) => candidates.some((c) => c.id === id)));
  const text = body.normalize('NFKC').replace(/＠/g, '@');
  const names = candidates
    .flatMap((candidate) => {
      const name = candidate.displayName.normalize('NFKC').trim();
      const compact = name.replace(/\s+/g, '');
      return [name, compact].filter(Boolean).map((variant) => ({ id: candidate.id, variant }));
    })
    .sort((a, b) => b.variant.length - a.variant.length);

  let rest = text;
  for (const { id, variant } of names) {
    // Latin names end at a word boundary; Japanese ones are followed straight away by さん, 様, etc.
    const boundary = /[A-Za-z0-9_]$/.test(variant) ? '(?![A-Za-z0-9_])' : '';
    const pattern = new RegExp(`${escapeRegExp(`@${variant}`)}${boundary}`, 'giu');
    if (pattern.test(rest)) {
      found.add(id);
      rest = rest.replace(pattern, ' ');
    }
  }
  return [...found];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
