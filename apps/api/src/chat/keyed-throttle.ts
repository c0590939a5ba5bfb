/**
 * Runs a task per key at most once per window: the first trigger in a quiet key runs it at once, triggers
 * during the window that follows are folded into one more run when the window ends (which opens the next
 * window). The task reads the current state itself, so folding loses nothing but intermediate states.
 * The task handles its own errors: a deferred run has no caller to reject to.
 */
export class KeyedThrottle {
  /** Keys inside a window, and whether a trigger is waiting for the window's end. */
  private readonly windows = new Map<string, { pending: boolean; timer: NodeJS.Timeout }>();

  constructor(
    private readonly windowMs: number,
    private readonly task: (key: string) => Promise<void>,
  ) {}

  /** Runs the task now (and returns its promise), or folds into the run at the end of the window (null). */
  trigger(key: string): Promise<void> | null {
    const window = this.windows.get(key);
    if (window) {
      window.pending = true;
      return null;
    }
    return this.run(key);
  }

  /** Drops every window and the runs they were holding (at shutdown). */
  clear(): void {
    for (const { timer } of this.windows.values()) clearTimeout(timer);
    this.windows.clear();
  }

  private run(key: string): Promise<void> {
    const timer = setTimeout(() => {
      const pending = this.windows.get(key)?.pending;
      this.windows.delete(key);
      if (pending) void this.run(key);
    }, this.windowMs);
    timer.unref();
    this.windows.set(key, { pending: false, timer });
    return this.task(key);
  }
}
