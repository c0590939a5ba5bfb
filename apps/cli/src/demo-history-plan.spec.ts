import { DEMO_DOMAIN, planDemoHistory } from './demo-history-plan';

describe('the demo history plan', () => {
  const today = '2026-12-05';
  const plan = planDemoHistory(today);

  it('is the same every time it is made for a day', () => {
    expect(planDemoHistory(today)).toEqual(plan);
  });

  it('keeps the past when made a day later: that plan only adds to it', () => {
    const later = planDemoHistory('2026-12-06');
    const keys = (days: typeof plan.days) =>
      new Set(days.map((d) => `${d.day}|${d.email}|${d.visited}|${d.engaged}`));
    const laterKeys = keys(later.days);
    expect([...keys(plan.days)].filter((key) => !laterKeys.has(key))).toEqual([]);
    expect(later.people.map((p) => p.email)).toEqual(plan.people.map((p) => p.email));
  });

  it('has fictional people with unique addresses on the demo domain, none joining after today', () => {
    const emails = plan.people.map((p) => p.email);
    expect(new Set(emails).size).toBe(emails.length);
    expect(emails.every((email) => email.endsWith(`@${DEMO_DOMAIN}`))).toBe(true);
    expect(plan.people.every((p) => p.joinedAt.getTime() < Date.parse(`${today}T00:00:00+09:00`))).toBe(true);
    expect(plan.people.length).toBeGreaterThanOrEqual(60);
  });

  it('puts six alumni in each 2021 project and has nobody active before joining or after today', () => {
    for (const project of [0, 1, 2, 3]) {
      expect(plan.people.filter((p) => p.lab?.project === project)).toHaveLength(6);
    }
    const joined = new Map(
      [...plan.people, ...plan.personaJoins].map((p) => [p.email, p.joinedAt.getTime()] as const),
    );
    const misplaced = plan.days.filter(
      (day) =>
        day.day > today || Date.parse(`${day.day}T23:59:59+09:00`) <= (joined.get(day.email) ?? Infinity),
    );
    expect(misplaced).toEqual([]);
  });

  it('has only past events and past digests, none for the current week', () => {
    expect(plan.events.every((e) => e.endsAt.getTime() < Date.parse(`${today}T00:00:00+09:00`))).toBe(true);
    const monday = Date.parse('2026-11-30T00:00:00+09:00');
    expect(
      plan.digests.every((d) => d.periodEnd.getTime() <= monday + 8 * 3600_000 - 7 * 86_400_000 + 1),
    ).toBe(true);
  });
});
