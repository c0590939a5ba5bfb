import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { flattenValidationErrors } from '@app/common';
import { UpdateProfileDto } from './profile.dto';

function problems(body: Record<string, unknown>) {
  const dto = plainToInstance(UpdateProfileDto, body);
  return flattenValidationErrors(validateSync(dto, { whitelist: true, forbidNonWhitelisted: true }));
}

describe('UpdateProfileDto', () => {
  it('accepts a full Japanese profile', () => {
    expect(
      problems({
        displayName: '塩尻 花子',
        furigana: 'しおじり はなこ',
        bio: '木曽漆器が好きです',
        skills: ['CMO', '人事', 'デザイン'],
        relation: 'side_job_professional',
        homeArea: '東京都',
        pastProjects: [{ theme: '観光センターショップ再生', role: 'CMO', year: 2021 }],
        links: [{ label: 'note', url: 'https://note.example/hanako' }],
        avatarUrl: 'https://cdn.example/a.png',
        locale: 'en',
        timeZone: 'Europe/Berlin',
        openToHelp: true,
      }),
    ).toEqual([]);
  });

  it('clears nullable fields with null but not required ones', () => {
    expect(problems({ furigana: null, relation: null, homeArea: null, avatarUrl: null })).toEqual([]);
    expect(problems({ displayName: null })).toContainEqual(
      expect.objectContaining({ field: 'displayName', code: 'isString' }),
    );
  });

  it.each([
    ['a javascript: link', { links: [{ label: 'x', url: 'javascript:alert(1)' }] }, 'links.0.url', 'isUrl'],
    ['a data: avatar', { avatarUrl: 'data:image/png;base64,AAAA' }, 'avatarUrl', 'isUrl'],
    ['an over-long bio', { bio: 'あ'.repeat(2001) }, 'bio', 'maxLength'],
    ['an over-long name', { displayName: 'x'.repeat(51) }, 'displayName', 'maxLength'],
    ['an empty name', { displayName: '' }, 'displayName', 'minLength'],
    ['a number as a name', { displayName: 42 }, 'displayName', 'isString'],
    ['too many skills', { skills: Array.from({ length: 21 }, (_, i) => `s${i}`) }, 'skills', 'arrayMaxSize'],
    ['a repeated skill', { skills: ['CMO', 'CMO'] }, 'skills', 'arrayUnique'],
    ['an unknown relation', { relation: 'tourist' }, 'relation', 'isIn'],
    ['an unknown locale', { locale: 'fr' }, 'locale', 'isIn'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, 'timeZone', 'isTimeZone'],
    ['a year from the future', { pastProjects: [{ theme: 'x', year: 3000 }] }, 'pastProjects.0.year', 'max'],
    ['a string as a boolean', { openToHelp: 'yes' }, 'openToHelp', 'isBoolean'],
    ['an unknown field', { email: 'new@example.jp' }, 'email', 'unknownField'],
  ])('rejects %s', (_, body, field, code) => {
    expect(problems(body)).toContainEqual(expect.objectContaining({ field, code }));
  });
});
