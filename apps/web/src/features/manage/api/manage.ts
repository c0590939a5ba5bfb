import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { Channel, DigestRun, Member, Page, Role, Theme } from '@/lib/api-types';
import { errorMessage } from '@/lib/error-message';
import { api, ApiError } from '@/lib/http';
import { queryKeys } from '@/lib/query-keys';

const KNOWN_ERRORS = [
  'THEME_SLUG_TAKEN',
  'CHANNEL_SLUG_TAKEN',
  'THEME_ARCHIVED',
  'NOT_THEME_MANAGER',
  'ROLE_REQUIRED',
  'LAST_ADMIN',
  'MEMBER_NOT_FOUND',
  'VALIDATION_FAILED',
];

/** A failure of a managing call in the member's words, from the api's code. */
export function manageErrorMessage(error: unknown, t: TFunction): string {
  return errorMessage(error, t, 'manage', KNOWN_ERRORS);
}

export function errorCode(error: unknown): string | null {
  return error instanceof ApiError ? error.code : null;
}

const themePath = (slug: string) => `/themes/${encodeURIComponent(slug)}`;

export function useAllThemes() {
  return useQuery({
    queryKey: queryKeys.themes,
    queryFn: () => api<{ items: Theme[] }>('/themes').then((page) => page.items),
  });
}

export function useManagedTheme(slug: string) {
  return useQuery({ queryKey: queryKeys.theme(slug), queryFn: () => api<Theme>(themePath(slug)) });
}

export function useThemeChannels(slug: string) {
  return useQuery({
    queryKey: queryKeys.channels(slug),
    queryFn: () => api<{ items: Channel[] }>(`${themePath(slug)}/channels`).then((page) => page.items),
  });
}

export function usePeopleOf(slug: string) {
  return useQuery({
    queryKey: queryKeys.themeMembers(slug),
    queryFn: () =>
      api<Page<Member>>(`/members?theme=${encodeURIComponent(slug)}&limit=100`).then((page) => page.items),
  });
}

/** The directory searched by name (a substring, Japanese included); nothing is asked for an empty query. */
export function useMemberSearch(q: string) {
  const text = q.trim();
  return useQuery({
    queryKey: queryKeys.memberSearch(text),
    queryFn: () => api<Page<Member>>(`/members?q=${encodeURIComponent(text)}&limit=20`).then((p) => p.items),
    enabled: text.length > 0,
    staleTime: 10_000,
  });
}

export interface ThemeFields {
  title: string;
  summary: string;
  titleEn: string | null;
  summaryEn: string | null;
  status: Theme['status'];
  visibility: Theme['visibility'];
}

/** After any change to a theme: its page, the lists, and my themes (owners, channels) read it again. */
function useThemeChanged(slug: string) {
  const client = useQueryClient();
  return (theme?: Theme) => {
    if (theme) client.setQueryData(queryKeys.theme(slug), theme);
    void client.invalidateQueries({ queryKey: queryKeys.themes });
    void client.invalidateQueries({ queryKey: queryKeys.myThemes });
  };
}

export function useCreateTheme() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ThemeFields & { slug: string }) =>
      api<Theme>('/themes', { method: 'POST', body: input }),
    onSuccess: (theme) => {
      client.setQueryData(queryKeys.theme(theme.slug), theme);
      void client.invalidateQueries({ queryKey: queryKeys.themes });
      void client.invalidateQueries({ queryKey: queryKeys.myThemes });
    },
  });
}

export function useUpdateTheme(slug: string) {
  const changed = useThemeChanged(slug);
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: Partial<ThemeFields> & { archived?: boolean; ownerIds?: string[] }) =>
      api<Theme>(themePath(slug), { method: 'PATCH', body: changes }),
    onSuccess: (theme) => {
      changed(theme);
      void client.invalidateQueries({ queryKey: queryKeys.themeMembers(slug) });
    },
  });
}

export function useCreateChannel(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { slug: string; name: string }) =>
      api<Channel>(`${themePath(slug)}/channels`, { method: 'POST', body: input }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.channels(slug) });
      void client.invalidateQueries({ queryKey: queryKeys.myThemes });
    },
  });
}

export function useUpdateChannel(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...changes }: { id: string; name?: string; archived?: boolean }) =>
      api<Channel>(`${themePath(slug)}/channels/${id}`, { method: 'PATCH', body: changes }),
    onSuccess: (channel) => {
      client.setQueryData<Channel[]>(queryKeys.channels(slug), (channels) =>
        channels?.map((item) => (item.id === channel.id ? channel : item)),
      );
      void client.invalidateQueries({ queryKey: queryKeys.myThemes });
    },
  });
}

/** Adds (POST) or removes (DELETE) a member of the theme. */
export function useThemeMembership(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, add }: { memberId: string; add: boolean }) =>
      add
        ? api<void>(`${themePath(slug)}/members`, { method: 'POST', body: { memberId } })
        : api<void>(`${themePath(slug)}/members/${memberId}`, { method: 'DELETE' }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: queryKeys.themeMembers(slug) });
      void client.invalidateQueries({ queryKey: queryKeys.theme(slug) });
      void client.invalidateQueries({ queryKey: queryKeys.themes });
    },
  });
}

export function useSetRole() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, role }: { memberId: string; role: Role }) =>
      api<Member>(`/admin/members/${memberId}/role`, { method: 'PUT', body: { role } }),
    onSuccess: () => void client.invalidateQueries({ queryKey: ['members'] }),
  });
}

export function useDigestRuns() {
  return useQuery({
    queryKey: queryKeys.digestRuns,
    queryFn: () => api<{ items: DigestRun[] }>('/admin/digests/runs').then((page) => page.items),
    // A run in progress moves on its own: read it again every few seconds while one is.
    refetchInterval: (query) =>
      query.state.data?.some((run) => !run.enqueuingDone || run.pending > 0) ? 3000 : false,
  });
}

export function useStartDigestRun() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (frequency: DigestRun['frequency']) =>
      api<DigestRun>('/admin/digests/run', { method: 'POST', body: { frequency } }),
    onSuccess: (run) => {
      client.setQueryData<DigestRun[]>(queryKeys.digestRuns, (runs) => [run, ...(runs ?? [])]);
      void client.invalidateQueries({ queryKey: queryKeys.digestRuns });
    },
  });
}
