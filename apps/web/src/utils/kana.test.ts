import { describe, expect, it } from 'vitest';
import { matchesName, normalizeForSearch } from './kana';

describe('name search', () => {
  it('treats katakana (full or half width) as hiragana, and ignores spaces and case', () => {
    expect(normalizeForSearch('シオジリ ハナコ')).toBe('しおじりはなこ');
    expect(normalizeForSearch('ｼｵｼﾞﾘ')).toBe('しおじり');
    expect(normalizeForSearch('Kenta　Ito')).toBe('kentaito');
  });

  it('finds a member by part of the name or of its reading', () => {
    expect(matchesName('塩尻', '塩尻 花子', 'しおじり はなこ')).toBe(true);
    expect(matchesName('ハナコ', '塩尻 花子', 'しおじり はなこ')).toBe(true);
    expect(matchesName('じりは', '塩尻 花子', 'しおじり はなこ')).toBe(true);
    expect(matchesName('木曽', '塩尻 花子', 'しおじり はなこ')).toBe(false);
    expect(matchesName('はなこ', '塩尻 花子', null)).toBe(false);
    expect(matchesName('  ', '塩尻 花子', null)).toBe(true);
  });
});
