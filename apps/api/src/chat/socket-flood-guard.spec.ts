import { SocketFloodGuard, REFUSAL_WINDOW_MS, type FloodLimits } from './socket-flood-guard';

const LIMITS: FloodLimits = { burst: 5, perSecond: 2, maxInFlight: 3, disconnectAfterRefusals: 4 };

describe('SocketFloodGuard', () => {
  it('admits a burst, then refuses until the bucket refills at the steady rate', () => {
    const guard = new SocketFloodGuard(LIMITS, 0);
    const first = Array.from({ length: 6 }, () => guard.admit(0));
    expect(first).toEqual(['admit', 'admit', 'admit', 'admit', 'admit', 'refuse']);
    expect(guard.retryAfterSeconds()).toBe(1);
    expect(guard.admit(499)).toBe('refuse');
    expect(guard.admit(500)).toBe('admit');
    expect(guard.admit(600)).toBe('refuse');
  });

  it('never stores more than the burst, however long the connection was quiet', () => {
    const guard = new SocketFloodGuard(LIMITS, 0);
    const verdicts = Array.from({ length: 6 }, () => guard.admit(3_600_000));
    expect(verdicts.filter((verdict) => verdict === 'admit')).toHaveLength(5);
  });

  it('runs at most maxInFlight events at once; the others start in order as earlier ones settle', () => {
    const guard = new SocketFloodGuard(LIMITS, 0);
    const started: number[] = [];
    for (let i = 1; i <= 5; i += 1) guard.run(() => started.push(i));
    expect(started).toEqual([1, 2, 3]);
    guard.settled();
    expect(started).toEqual([1, 2, 3, 4]);
    guard.settled();
    guard.settled();
    expect(started).toEqual([1, 2, 3, 4, 5]);
    // One more settles, leaving one in flight: two more start at once, the third waits.
    guard.settled();
    guard.run(() => started.push(6));
    guard.run(() => started.push(7));
    guard.run(() => started.push(8));
    expect(started).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('says disconnect once refusals in one window pass the bound, and forgives a later window', () => {
    const guard = new SocketFloodGuard(LIMITS, 0);
    for (let i = 0; i < 5; i += 1) guard.admit(0);
    const verdicts = Array.from({ length: 5 }, () => guard.admit(1));
    expect(verdicts).toEqual(['refuse', 'refuse', 'refuse', 'refuse', 'disconnect']);

    const patient = new SocketFloodGuard(LIMITS, 0);
    for (let i = 0; i < 5; i += 1) patient.admit(0);
    for (let i = 0; i < 4; i += 1) expect(patient.admit(1)).toBe('refuse');
    // The next window starts counting afresh (its first event is still over the rate here).
    const next = REFUSAL_WINDOW_MS + 1;
    for (let i = 0; i < 5; i += 1) patient.admit(next);
    expect(patient.admit(next)).toBe('refuse');
  });
});
