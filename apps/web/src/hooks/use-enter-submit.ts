import { useMemo } from 'react';
import type { CompositionEvent, KeyboardEvent } from 'react';
import { ImeEnterGuard } from '@/utils/ime-enter';

export interface EnterSubmitHandlers<T extends HTMLElement> {
  onKeyDown: (event: KeyboardEvent<T>) => void;
  onCompositionStart: (event: CompositionEvent<T>) => void;
  onCompositionEnd: (event: CompositionEvent<T>) => void;
}

/**
 * Enter submits, Shift+Enter is a new line, and the Enter that confirms an IME conversion never submits
 * (see ImeEnterGuard for the browsers' orders of events). Every field that submits on Enter uses this.
 * `onKeyDown` runs first, for fields that handle other keys (a suggestion list); it may call
 * preventDefault() to take the key.
 */
export function useEnterSubmit<T extends HTMLElement>(
  submit: () => void,
  onKeyDown?: (event: KeyboardEvent<T>, composing: boolean) => void,
): EnterSubmitHandlers<T> {
  const guard = useMemo(() => new ImeEnterGuard(), []);
  return {
    onCompositionStart: () => guard.compositionStart(),
    onCompositionEnd: () => {
      guard.compositionEnd();
      // Safari's confirming keydown comes in the same turn of the event loop; anything later is the user's.
      setTimeout(() => guard.settle(), 0);
    },
    onKeyDown: (event) => {
      const composing = event.nativeEvent.isComposing || event.keyCode === 229;
      onKeyDown?.(event, composing);
      if (event.defaultPrevented) {
        guard.keyDown({ key: '', keyCode: 0, shiftKey: false, isComposing: false });
        return;
      }
      const action = guard.keyDown({
        key: event.key,
        keyCode: event.keyCode,
        shiftKey: event.shiftKey,
        altKey: event.altKey,
        isComposing: event.nativeEvent.isComposing,
      });
      if (action === 'submit') {
        event.preventDefault();
        submit();
      } else if (action === 'ignore' && event.key === 'Enter' && !event.shiftKey) {
        // The Enter that confirmed a conversion: no new line either (Safari would otherwise insert one).
        event.preventDefault();
      }
    },
  };
}
