import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Channel, FollowedTheme, Member, Page, Theme } from '@/lib/api-types';
import { api } from '@/lib/http';
import { queryKeys } from '@/lib/query-keys';

export function useThemes() {
  return useQuery({
    queryKey: queryKeys.themes,
    queryFn: () => api<{ items: Theme[] }>('/themes').then((page) => page.items),
  });
}

export function useTheme(slug: string) {
  return useQuery({
    queryKey: queryKeys.theme(slug),
    queryFn: () => api<Theme>(`/themes/${encodeURIComponent(slug)}`),
  });
}

export function useChannels(slug: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.channels(slug),
    queryFn: () =>
      api<{ items: Channel[] }>(`/themes/${encodeURIComponent(slug)}/channels`).then((page) => page.items),
    enabled,
  });
}

/** Followers and owners of a theme (the directory's `theme=` filter): mention candidates, member lists. */
export function useThemeMembers(slug: string) {
  return useQuery({
    queryKey: queryKeys.themeMembers(slug),
    queryFn: () =>
      api<Page<Member>>(`/members?theme=${encodeURIComponent(slug)}&limit=100`).then((page) => page.items),
    staleTime: 60_000,
  });
}

export function useMyThemes() {
  return useQuery({
    queryKey: queryKeys.myThemes,
    queryFn: () => api<{ items: FollowedTheme[] }>('/me/themes').then((page) => page.items),
  });
}

export function useFollow(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (follow: boolean) =>
      api<Theme>(`/themes/${encodeURIComponent(slug)}/follow`, { method: follow ? 'POST' : 'DELETE' }),
    onSuccess: (theme) => {
      client.setQueryData(queryKeys.theme(slug), theme);
      client.setQueryData<Theme[]>(queryKeys.themes, (themes) =>
        themes?.map((item) => (item.slug === slug ? theme : item)),
      );
      void client.invalidateQueries({ queryKey: queryKeys.myThemes });
      void client.invalidateQueries({ queryKey: queryKeys.themeMembers(slug) });
      void client.invalidateQueries({ queryKey: queryKeys.channels(slug) });
    },
  });
}
