import { findNulCharacter } from './validation';

describe('findNulCharacter', () => {
  it('finds a NUL at any depth and names its path', () => {
    expect(findNulCharacter({ bio: 'ok', links: [{ label: 'a\u0000b' }] })).toBe('links.0.label');
    expect(findNulCharacter('x\u0000')).toBe('(value)');
  });

  it('passes clean input', () => {
    expect(findNulCharacter({ bio: '漆器', skills: ['CMO'], year: 2021, open: true, none: null })).toBeNull();
  });
});
