import { describe, expect, it } from 'vitest';
import { problemMessageKey, problemsByField } from './field-errors';

describe('problemsByField', () => {
  it('keeps the first problem of each field, by the path the api names', () => {
    expect(
      problemsByField([
        { field: 'links.1.url', code: 'isUrl' },
        { field: 'links.1.url', code: 'maxChars' },
        { field: 'displayName', code: 'minLength' },
      ]),
    ).toEqual({ 'links.1.url': 'isUrl', displayName: 'minLength' });
  });

  it("gives a list element's problem to the list unless the list has its own", () => {
    expect(problemsByField([{ field: 'skills.2', code: 'maxChars' }])).toEqual({
      'skills.2': 'maxChars',
      skills: 'maxChars',
    });
    expect(
      problemsByField([
        { field: 'skills', code: 'arrayUnique' },
        { field: 'skills.0', code: 'maxChars' },
      ]).skills,
    ).toBe('arrayUnique');
  });

  it('is empty without problems', () => {
    expect(problemsByField(undefined)).toEqual({});
  });
});

describe('problemMessageKey', () => {
  it('names a message per known rule and a general one otherwise', () => {
    expect(problemMessageKey('isUrl')).toBe('settings.errors.isUrl');
    expect(problemMessageKey('somethingNew')).toBe('settings.errors.other');
  });
});
