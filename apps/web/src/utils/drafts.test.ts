import { describe, expect, it } from 'vitest';
import { clearAllDrafts, draftKey, loadDraft, saveDraft, type DraftStore } from './drafts';

function memoryStore(): DraftStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
    key: (index) => [...data.keys()][index] ?? null,
    get length() {
      return data.size;
    },
  };
}

describe('drafts', () => {
  it('keeps one draft per channel and per thread', () => {
    const store = memoryStore();
    saveDraft(store, draftKey('me', 'c1'), 'チャンネルの下書き');
    saveDraft(store, draftKey('me', 'c1', 'm9'), 'スレッドの下書き');
    expect(loadDraft(store, draftKey('me', 'c1'))).toBe('チャンネルの下書き');
    expect(loadDraft(store, draftKey('me', 'c1', 'm9'))).toBe('スレッドの下書き');
    expect(loadDraft(store, draftKey('me', 'c2'))).toBe('');
  });

  it('removes a draft that became blank (sent or erased)', () => {
    const store = memoryStore();
    saveDraft(store, draftKey('me', 'c1'), 'a');
    saveDraft(store, draftKey('me', 'c1'), '  \n');
    expect(store.data.size).toBe(0);
  });

  it('clears every draft and nothing else on sign-out', () => {
    const store = memoryStore();
    store.setItem('other', 'keep');
    saveDraft(store, draftKey('me', 'c1'), 'a');
    saveDraft(store, draftKey('me', 'c2', 't'), 'b');
    clearAllDrafts(store);
    expect([...store.data.keys()]).toEqual(['other']);
  });
});
