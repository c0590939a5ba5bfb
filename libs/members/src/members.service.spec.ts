import { likeContains } from './members.repository';

describe('likeContains', () => {
  it('wraps the text for a substring match', () => {
    expect(likeContains('漆器')).toBe('%漆器%');
  });

  it('escapes LIKE wildcards and the escape character', () => {
    expect(likeContains('100%_off\\')).toBe('%100\\%\\_off\\\\%');
  });
});
