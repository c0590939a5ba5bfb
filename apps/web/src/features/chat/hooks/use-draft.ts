import { useCallback, useEffect, useState } from 'react';
import { loadDraft, saveDraft } from '@/utils/drafts';

/** A composer's text, kept as a draft (per channel or thread key) across navigation and reloads. */
export function useDraft(key: string): [string, (text: string) => void] {
  const [text, setText] = useState(() => loadDraft(sessionStorage, key));
  useEffect(() => setText(loadDraft(sessionStorage, key)), [key]);
  const change = useCallback(
    (next: string) => {
      setText(next);
      saveDraft(sessionStorage, key, next);
    },
    [key],
  );
  return [text, change];
}
