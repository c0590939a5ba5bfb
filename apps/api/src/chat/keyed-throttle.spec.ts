import { KeyedThrottle } from './keyed-throttle';

describe('KeyedThrottle', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function throttle() {
    const runs: string[] = [];
    const limiter = new KeyedThrottle(1000, (key) => {
      runs.push(key);
      return Promise.resolve();
    });
    return { runs, limiter };
  }

  it('runs at once in a quiet key and folds a burst during the window into one run at its end', () => {
    const { runs, limiter } = throttle();
    expect(limiter.trigger('a')).toBeInstanceOf(Promise);
    expect(runs).toEqual(['a']);
    for (let i = 0; i < 50; i += 1) expect(limiter.trigger('a')).toBeNull();
    jest.advanceTimersByTime(999);
    expect(runs).toEqual(['a']);
    jest.advanceTimersByTime(1);
    expect(runs).toEqual(['a', 'a']);
  });

  it('keeps at most one run per window while triggers keep coming, and none after a quiet window', () => {
    const { runs, limiter } = throttle();
    void limiter.trigger('a');
    for (let ms = 0; ms < 3500; ms += 100) {
      void limiter.trigger('a');
      jest.advanceTimersByTime(100);
    }
    expect(runs).toHaveLength(4); // at 0, 1000, 2000 and 3000 ms
    jest.advanceTimersByTime(5000);
    expect(runs).toHaveLength(5); // the triggers after 3000 ms, at 4000 ms
    expect(limiter.trigger('a')).toBeInstanceOf(Promise);
    expect(runs).toHaveLength(6);
  });

  it('does not run again at the end of a window without triggers', () => {
    const { runs, limiter } = throttle();
    void limiter.trigger('a');
    jest.advanceTimersByTime(10_000);
    expect(runs).toEqual(['a']);
  });

  it('throttles each key on its own, and clear() drops what was waiting', () => {
    const { runs, limiter } = throttle();
    void limiter.trigger('a');
    void limiter.trigger('b');
    void limiter.trigger('a');
    expect(runs).toEqual(['a', 'b']);
    limiter.clear();
    jest.advanceTimersByTime(2000);
    expect(runs).toEqual(['a', 'b']);
  });
});
