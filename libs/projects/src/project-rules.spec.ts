import { InvalidProjectDatesError } from './projects.errors';
import { tokyoDay } from '@app/common';
import { checkProjectDates, hasEnded } from './project-rules';

describe('hasEnded (who is alumni)', () => {
  const endsOn = '2021-12-31';

  it('is not over on its last day in Tokyo, even where it is still the day before in UTC', () => {
    expect(hasEnded(endsOn, tokyoDay(new Date('2021-12-30T15:00:00Z')))).toBe(false);
    expect(hasEnded(endsOn, tokyoDay(new Date('2021-12-31T14:59:59Z')))).toBe(false);
  });

  it('is over from midnight in Tokyo after the last day, while it is still that day in UTC', () => {
    expect(hasEnded(endsOn, tokyoDay(new Date('2021-12-31T15:00:00Z')))).toBe(true);
    expect(hasEnded(endsOn, '2022-01-01')).toBe(true);
  });

  it('compares across months and years as days', () => {
    expect(hasEnded('2021-09-30', '2021-10-01')).toBe(true);
    expect(hasEnded('2027-01-01', '2026-12-31')).toBe(false);
  });
});

describe('checkProjectDates', () => {
  it('takes a project of one day and a longer one', () => {
    expect(() => checkProjectDates({ startsOn: '2021-10-01', endsOn: '2021-10-01' })).not.toThrow();
    expect(() => checkProjectDates({ startsOn: '2021-10-01', endsOn: '2021-12-31' })).not.toThrow();
  });

  it('refuses a last day before the first, naming endsOn', () => {
    let error: unknown;
    try {
      checkProjectDates({ startsOn: '2021-10-01', endsOn: '2021-09-30' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidProjectDatesError);
    expect(error).toMatchObject({
      code: 'INVALID_PROJECT_DATES',
      status: 400,
      details: { fields: [{ field: 'endsOn', code: 'INVALID_PROJECT_DATES' }] },
    });
  });
});
