import { canPostIn, themeRights, type Standing } from './theme-rights';

const nobody: Standing = { follower: false, owner: false, staff: false };

describe('themeRights (the channel-rights matrix)', () => {
  it.each([
    ['a follower', { ...nobody, follower: true }, { canSee: true, canRead: true, canModerate: false }],
    [
      'an owner who does not follow',
      { ...nobody, owner: true },
      { canSee: true, canRead: true, canModerate: true },
    ],
    ['staff', { ...nobody, staff: true }, { canSee: true, canRead: true, canModerate: true }],
    ['anyone else', nobody, { canSee: true, canRead: false, canModerate: false }],
  ])('in a public theme, %s', (_, standing, rights) => {
    expect(themeRights('public', standing)).toEqual(rights);
  });

  it.each([
    [
      'a member (added as follower)',
      { ...nobody, follower: true },
      { canSee: true, canRead: true, canModerate: false },
    ],
    ['an owner', { ...nobody, owner: true }, { canSee: true, canRead: true, canModerate: true }],
    ['staff', { ...nobody, staff: true }, { canSee: true, canRead: true, canModerate: true }],
    ['anyone else, who does not even see it', nobody, { canSee: false, canRead: false, canModerate: false }],
  ])('in a private theme, %s', (_, standing, rights) => {
    expect(themeRights('private', standing)).toEqual(rights);
  });

  it('lets readers post only in channels that are not archived', () => {
    const reader = themeRights('public', { ...nobody, follower: true });
    expect(canPostIn(reader, false)).toBe(true);
    expect(canPostIn(reader, true)).toBe(false);
    expect(canPostIn(themeRights('public', nobody), false)).toBe(false);
  });
});
