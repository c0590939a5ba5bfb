import { describe, expect, it } from 'vitest';
import { ImeEnterGuard, type EnterKeyEvent } from './ime-enter';

const enter = (over: Partial<EnterKeyEvent> = {}): EnterKeyEvent => ({
  key: 'Enter',
  keyCode: 13,
  shiftKey: false,
  isComposing: false,
  ...over,
});

describe('ImeEnterGuard', () => {
  it('submits a plain Enter and makes a new line with Shift+Enter', () => {
    const guard = new ImeEnterGuard();
    expect(guard.keyDown(enter())).toBe('submit');
    expect(guard.keyDown(enter({ shiftKey: true }))).toBe('newline');
  });

  it('does not submit the Enter that confirms a conversion in Chrome (keydown before compositionend)', () => {
    const guard = new ImeEnterGuard();
    guard.compositionStart();
    expect(guard.keyDown(enter({ isComposing: true, keyCode: 229 }))).toBe('ignore');
    guard.compositionEnd();
    guard.settle();
    // The next Enter, once the text is committed, sends.
    expect(guard.keyDown(enter())).toBe('submit');
  });

  it("does not submit Safari's confirming Enter that follows compositionend", () => {
    const guard = new ImeEnterGuard();
    guard.compositionStart();
    guard.compositionEnd();
    // Same turn of the event loop, isComposing already false (and keyCode not always 229).
    expect(guard.keyDown(enter())).toBe('ignore');
    expect(guard.keyDown(enter())).toBe('submit');
  });

  it('treats keyCode 229 as composing even without composition events', () => {
    expect(new ImeEnterGuard().keyDown(enter({ keyCode: 229 }))).toBe('ignore');
  });

  it('ignores Enter while composing even if the browser does not flag the event', () => {
    const guard = new ImeEnterGuard();
    guard.compositionStart();
    expect(guard.keyDown(enter())).toBe('ignore');
  });

  it('lets other keys through without consuming the next Enter', () => {
    const guard = new ImeEnterGuard();
    expect(guard.keyDown(enter({ key: 'a', keyCode: 65 }))).toBe('ignore');
    expect(guard.keyDown(enter())).toBe('submit');
  });
});
