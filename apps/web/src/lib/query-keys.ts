/** Query keys shared across features: socket events in one feature update the cache another reads. */
export const queryKeys = {
  myThemes: ['me', 'themes'] as const,
  myMentions: ['me', 'mentions'] as const,
  themes: ['themes'] as const,
  theme: (slug: string) => ['themes', slug] as const,
  channels: (slug: string) => ['themes', slug, 'channels'] as const,
  themeMembers: (slug: string) => ['themes', slug, 'members'] as const,
  channelMessages: (channelId: string) => ['channels', channelId, 'messages'] as const,
  thread: (messageId: string) => ['messages', messageId, 'thread'] as const,
  message: (messageId: string) => ['messages', messageId] as const,
  upcomingEvents: ['events', 'upcoming'] as const,
  events: ['events'] as const,
  event: (id: string) => ['events', 'one', id] as const,
  attendees: (eventId: string) => ['events', 'one', eventId, 'attendees'] as const,
  memberSearch: (q: string) => ['members', 'search', q] as const,
  digestRuns: ['admin', 'digests', 'runs'] as const,
};
