import { addRefusal, canPostIn, postRefusal, themeRights, type Standing } from './theme-rights';

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

  const open = { themeArchived: false, channelArchived: false };

  it('lets readers post only in channels that are not archived', () => {
    const reader = themeRights('public', { ...nobody, follower: true });
    expect(canPostIn(reader, open)).toBe(true);
    expect(canPostIn(reader, { ...open, channelArchived: true })).toBe(false);
    expect(canPostIn(themeRights('public', nobody), open)).toBe(false);
  });

  it('lets nobody post in an archived theme, staff and owners included, and says so before the channel', () => {
    for (const standing of [
      { ...nobody, follower: true },
      { ...nobody, owner: true },
      { ...nobody, staff: true },
    ]) {
      const rights = themeRights('private', standing);
      expect(canPostIn(rights, { ...open, themeArchived: true })).toBe(false);
      expect(postRefusal(rights, { ...open, themeArchived: true })).toBe('theme-archived');
      expect(postRefusal(rights, { themeArchived: true, channelArchived: true })).toBe('theme-archived');
      expect(postRefusal(rights, { ...open, channelArchived: true })).toBe('channel-archived');
    }
  });

  it('refuses a non-reader as such, whatever the archive says', () => {
    expect(postRefusal(themeRights('public', nobody), { ...open, themeArchived: true })).toBe('not-a-reader');
  });

  it('lets only managers add channels and events, and nobody to an archived theme', () => {
    expect(addRefusal(themeRights('public', { ...nobody, owner: true }), false)).toBeNull();
    expect(addRefusal(themeRights('public', { ...nobody, staff: true }), false)).toBeNull();
    expect(addRefusal(themeRights('public', { ...nobody, follower: true }), false)).toBe('not-a-manager');
    expect(addRefusal(themeRights('public', { ...nobody, follower: true }), true)).toBe('not-a-manager');
    expect(addRefusal(themeRights('public', { ...nobody, staff: true }), true)).toBe('theme-archived');
  });
});
