import { useEffect, useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useEnterSubmit } from '@/hooks/use-enter-submit';
import {
  insertMention,
  matchCandidates,
  mentionQueryAt,
  type MentionCandidate,
  type MentionQuery,
} from '@/utils/mention-query';
import { useDraft } from '../hooks/use-draft';

export interface ComposerProps {
  draftKey: string;
  label: string;
  placeholder: string;
  candidates: MentionCandidate[];
  disabled?: boolean;
  onSend: (body: string, mentions: string[]) => void;
  onTyping?: () => void;
}

/**
 * A multi-line message box: Enter sends, Shift+Enter adds a line, Enter confirming an IME conversion does
 * neither. Typing `@` or `＠` offers the theme's members (arrows to choose, Enter or Tab to take, Escape
 * to close). The text is a draft until sent.
 */
export function Composer({
  draftKey,
  label,
  placeholder,
  candidates,
  disabled,
  onSend,
  onTyping,
}: ComposerProps) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useDraft(draftKey);
  const [mention, setMention] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const mentioned = useRef(new Map<string, string>());
  const box = useRef<HTMLTextAreaElement>(null);
  const caretAfter = useRef<number | null>(null);
  const suggestions = mention ? matchCandidates(candidates, mention.query) : [];
  const open = suggestions.length > 0;

  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    element.style.height = 'auto';
    element.style.height = `${Math.min(element.scrollHeight, 200)}px`;
    if (caretAfter.current !== null) {
      element.setSelectionRange(caretAfter.current, caretAfter.current);
      caretAfter.current = null;
    }
  }, [text]);

  useEffect(() => setActive(0), [mention?.query]);

  function choose(candidate: MentionCandidate) {
    const element = box.current;
    if (!element || !mention) return;
    const next = insertMention(text, element.selectionStart, mention, candidate.displayName);
    mentioned.current.set(candidate.id, candidate.displayName);
    caretAfter.current = next.caret;
    setText(next.text);
    setMention(null);
  }

  function send() {
    if (!text.trim() || disabled) return;
    // Structured mentions for the names still in the text; the api also reads `@name` itself.
    const ids = [...mentioned.current]
      .filter(([, name]) => text.includes(`@${name}`))
      .map(([memberId]) => memberId);
    onSend(text, ids);
    mentioned.current.clear();
    setText('');
    setMention(null);
  }

  const handlers = useEnterSubmit<HTMLTextAreaElement>(
    send,
    (event: KeyboardEvent<HTMLTextAreaElement>, composing) => {
      if (!open || composing) return;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((index) => (index + step + suggestions.length) % suggestions.length);
      } else if ((event.key === 'Enter' && !event.shiftKey) || event.key === 'Tab') {
        event.preventDefault();
        choose(suggestions[active]);
      } else if (event.key === 'Escape') {
        event.preventDefault();
        setMention(null);
      }
    },
  );

  function changed(value: string, caret: number) {
    setText(value);
    setMention(mentionQueryAt(value, caret));
    if (value.trim()) onTyping?.();
  }

  return (
    <div className="composer">
      {open && (
        <ul
          id={`${id}-suggestions`}
          role="listbox"
          aria-label={t('chat.mentionSuggestions')}
          className="suggestions"
        >
          {suggestions.map((candidate, index) => (
            <li
              key={candidate.id}
              id={`${id}-option-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'active' : undefined}
              onMouseDown={(event) => {
                event.preventDefault();
                choose(candidate);
              }}
            >
              {candidate.displayName}
              {candidate.furigana && <span className="muted"> {candidate.furigana}</span>}
            </li>
          ))}
        </ul>
      )}
      <textarea
        ref={box}
        aria-label={label}
        placeholder={placeholder}
        rows={1}
        value={text}
        disabled={disabled}
        aria-autocomplete="list"
        aria-controls={open ? `${id}-suggestions` : undefined}
        aria-activedescendant={open ? `${id}-option-${active}` : undefined}
        onChange={(event) => changed(event.target.value, event.target.selectionStart)}
        onSelect={(event) =>
          setMention(mentionQueryAt(event.currentTarget.value, event.currentTarget.selectionStart))
        }
        {...handlers}
      />
      <button type="button" className="button send-button" onClick={send} disabled={disabled || !text.trim()}>
        {t('chat.send')}
      </button>
    </div>
  );
}
