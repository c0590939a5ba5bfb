import { SocketFloodGuard, REFUSAL_WINDOW_MS, type FloodLimits } from './socket-flood-guard';

const LIMITS: FloodLimits = { burst: 5, perSecond: 2, maxInFlight: 3, disconnectAfterRefusals: 4 };

function admitSettled(guard: SocketFloodGuard, now: number): string {
  const verdict = guard.admit(now);
  if (verdict === 'admit') guard.settled();
  return verdict;
}

describe('SocketFloodGuard', () => {
  it('admits a burst, then refuses until the bucket refills at the steady rate', () => {
    const guard = new SocketFloodGuard(LIMITS, 0);
    const first = Array.from({ length: 6 }, () => admitSettled(guard, 0));
    expect(first).toEqual(['admit', 'admit', 'admit', 'admit', 'admit', 'refuse']);
    expect(guard.retryAfterSeconds()).toBe(1);
    expect(admitSettled(guard, 499)).toBe('refuse');
    expect(admitSettled(guard, 500)).toBe('admit');
    expect(admitSettled(guard, 600)).toBe('refuse');
  });

  it('never stores more than the burst, however long the connection was quiet', () => {
    const guard = new SocketFloodGuard(LIMITS, 0);
    const later = 3_600_000;
    const verdicts = Array.from({ length: 6 }, () => admitSettled(guard, later));
    expect(verdicts.filter((verdict) => verdict === 'admit')).toHaveLength(5);
  });

  it('caps the events in flight, and admits again when one settles', () => {
    const guard = new SocketFloodGuard(LIMITS, 0);
    expect([guard.admit(0), guard.admit(0), guard.admit(0)]).toEqual(['admit', 'admit', 'admit']);
    expect(guard.admit(0)).toBe('refuse');
    guard.settled();
    expect(guard.admit(0)).toBe('admit');
  });

  it('says disconnect once refusals in one window pass the bound, and forgives a later window', () => {
    const guard = new SocketFloodGuard(LIMITS, 0);
    for (let i = 0; i < 5; i += 1) admitSettled(guard, 0);
    const verdicts = Array.from({ length: 5 }, () => admitSettled(guard, 1));
    expect(verdicts).toEqual(['refuse', 'refuse', 'refuse', 'refuse', 'disconnect']);

    const patient = new SocketFloodGuard(LIMITS, 0);
    for (let i = 0; i < 5; i += 1) admitSettled(patient, 0);
    for (let i = 0; i < 4; i += 1) expect(admitSettled(patient, 1)).toBe('refuse');
    // The next window starts counting afresh (its first event is still over the rate here).
    const next = REFUSAL_WINDOW_MS + 1;
    for (let i = 0; i < 5; i += 1) admitSettled(patient, next);
    expect(admitSettled(patient, next)).toBe('refuse');
  });
});
