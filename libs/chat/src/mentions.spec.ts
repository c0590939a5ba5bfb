import { resolveMentions } from './mentions';

const members = [
  { id: 'kenta', displayName: '佐藤 健太' },
  { id: 'emily', displayName: 'Emily Carter' },
  { id: 'em', displayName: 'Emily' },
  { id: 'yumi', displayName: '田中 由美' },
];

describe('resolveMentions', () => {
  it('finds a Japanese name with or without its space', () => {
    expect(resolveMentions('@佐藤 健太 さん、資料ありがとうございます', [], members)).toEqual(['kenta']);
    expect(resolveMentions('@佐藤健太さん', [], members)).toEqual(['kenta']);
    expect(resolveMentions('@Emilyx', [], members)).toEqual([]);
  });

  it('prefers the longest name', () => {
    expect(resolveMentions('thanks @Emily Carter!', [], members)).toEqual(['emily']);
    expect(resolveMentions('thanks @emily and @Emily Carter', [], members).sort()).toEqual(['em', 'emily']);
  });

  it('reads full-width at signs', () => {
    expect(resolveMentions('＠田中 由美 よろしく', [], members)).toEqual(['yumi']);
  });

  it('takes listed ids only when they are candidates', () => {
    expect(resolveMentions('hello', ['yumi', 'stranger'], members)).toEqual(['yumi']);
  });

  it('ignores an email address', () => {
    expect(resolveMentions('mail me at a@example.jp', [], members)).toEqual([]);
  });
});
