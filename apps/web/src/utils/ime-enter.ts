/**
 * Decides what Enter does in a field that submits on Enter, without ever submitting the Enter that
 * confirms a Japanese IME conversion. Browsers disagree on the order of events:
 * - Chrome, Edge, Firefox: keydown(Enter, isComposing: true, keyCode 229), then compositionend;
 * - Safari: compositionend first, then keydown(Enter) with isComposing false (keyCode 229).
 * So an Enter is not a submit while composing, when it says it is composing (isComposing or 229), or
 * when it is the first keydown right after a compositionend in the same turn of the event loop.
 */
export interface EnterKeyEvent {
  key: string;
  keyCode: number;
  shiftKey: boolean;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  isComposing: boolean;
}

export type EnterAction = 'submit' | 'newline' | 'ignore';

export class ImeEnterGuard {
  private composing = false;
  private justEnded = false;

  compositionStart(): void {
    this.composing = true;
    this.justEnded = false;
  }

  /** Call `settle()` on the next task: Safari's keydown comes right after this, in the same turn. */
  compositionEnd(): void {
    this.composing = false;
    this.justEnded = true;
  }

  settle(): void {
    this.justEnded = false;
  }

  keyDown(event: EnterKeyEvent): EnterAction {
    const afterComposition = this.justEnded;
    this.justEnded = false;
    if (event.key !== 'Enter') return 'ignore';
    if (this.composing || event.isComposing || event.keyCode === 229 || afterComposition) return 'ignore';
    if (event.shiftKey || event.altKey) return 'newline';
    return 'submit';
  }
}
