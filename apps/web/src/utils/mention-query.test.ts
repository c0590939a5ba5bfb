import { describe, expect, it } from 'vitest';
import { insertMention, matchCandidates, mentionQueryAt } from './mention-query';

describe('mentionQueryAt', () => {
  it('finds @ and the full-width ＠ before the caret', () => {
    expect(mentionQueryAt('こんにちは @ゆ', 8)).toEqual({ start: 6, query: 'ゆ' });
    expect(mentionQueryAt('＠けん', 3)).toEqual({ start: 0, query: 'けん' });
  });

  it('ignores an @ inside a word such as an email address, and one already finished by a space', () => {
    expect(mentionQueryAt('kenta@example', 13)).toBeNull();
    expect(mentionQueryAt('@由美 こんにちは', 9)).toBeNull();
  });
});

describe('insertMention', () => {
  it('replaces the query with the name and a space, caret after it', () => {
    const text = 'よろしく ＠ゆみ です';
    const mention = mentionQueryAt(text, 8)!;
    expect(insertMention(text, 8, mention, '上原 由美')).toEqual({
      text: 'よろしく @上原 由美  です',
      caret: 12,
    });
  });
});

describe('matchCandidates', () => {
  const people = [
    { id: '1', displayName: '上原 由美', furigana: 'うえはら ゆみ' },
    { id: '2', displayName: '中村 健太', furigana: 'なかむら けんた' },
    { id: '3', displayName: 'Yumi Smith', furigana: null },
  ];

  it('matches names and furigana, prefix first, ignoring case, width and spaces', () => {
    expect(matchCandidates(people, 'ゆみ').map((p) => p.id)).toEqual(['1']);
    expect(matchCandidates(people, 'なかむらけ').map((p) => p.id)).toEqual(['2']);
    expect(matchCandidates(people, 'ＹＵＭＩ').map((p) => p.id)).toEqual(['3']);
    expect(matchCandidates(people, '').map((p) => p.id)).toEqual(['1', '2', '3']);
  });
});
