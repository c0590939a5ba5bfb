/**
 * Unsent text per channel and per thread, kept in sessionStorage: it survives navigation and reloads of
 * this tab and is gone when the tab closes (never tokens: those stay in memory). Cleared on sign-out.
 */
const PREFIX = 'salon:draft:';

export interface DraftStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  key(index: number): string | null;
  readonly length: number;
}

export function draftKey(memberId: string, channelId: string, threadId?: string | null): string {
  return `${PREFIX}${memberId}:${channelId}${threadId ? `:thread:${threadId}` : ''}`;
}

export function loadDraft(store: DraftStore, key: string): string {
  try {
    return store.getItem(key) ?? '';
  } catch {
    return '';
  }
}

/** An empty (or blank) draft is removed rather than kept. */
export function saveDraft(store: DraftStore, key: string, text: string): void {
  try {
    if (text.trim()) store.setItem(key, text);
    else store.removeItem(key);
  } catch {
    // Storage full or disabled: the draft lives only as long as the page.
  }
}

export function clearAllDrafts(store: DraftStore): void {
  const keys: string[] = [];
  for (let i = 0; i < store.length; i += 1) {
    const key = store.key(i);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  for (const key of keys) store.removeItem(key);
}
