import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { MemberProfile, MyProfile, Page, PublicProfile } from '@/lib/api-types';
import { api, updateSessionMember } from '@/lib/http';
import { queryKeys } from '@/lib/query-keys';

/** The directory's filters as they stand in the page's address (`?q=&skill=&relation=&theme=&alumni=true`). */
export interface DirectoryFilters {
  q?: string;
  skill?: string;
  relation?: string;
  theme?: string;
  /** `true`: only alumni of a project that ended; anything else is no filter. */
  alumni?: string;
}

const PAGE_SIZE = 20;

/** The directory by name (furigana, else display name), a page at a time with the api's keyset cursor. */
export function useDirectory(filters: DirectoryFilters) {
  const clean: Record<string, string> = {};
  for (const [key, value] of Object.entries(filters) as [string, string | undefined][]) {
    if (value?.trim()) clean[key] = value.trim();
  }
  if (clean.alumni !== undefined && clean.alumni !== 'true') delete clean.alumni;
  return useInfiniteQuery({
    queryKey: queryKeys.directory(clean),
    queryFn: ({ pageParam, signal }) => {
      const search = new URLSearchParams({ ...clean, sort: 'name', limit: String(PAGE_SIZE) });
      if (pageParam) search.set('cursor', pageParam);
      return api<Page<PublicProfile>>(`/members?${search.toString()}`, { signal });
    },
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: (previous) => previous,
  });
}

export function useMemberProfile(id: string) {
  return useQuery({
    queryKey: queryKeys.member(id),
    queryFn: () => api<MemberProfile>(`/members/${encodeURIComponent(id)}`),
    retry: (count, error) => count < 2 && !('status' in error && error.status === 404),
  });
}

export function useMyProfile() {
  return useQuery({ queryKey: queryKeys.myProfile, queryFn: () => api<MyProfile>('/members/me') });
}

export type ProfileChanges = Partial<
  Pick<
    MyProfile,
    | 'displayName'
    | 'furigana'
    | 'bio'
    | 'skills'
    | 'relation'
    | 'homeArea'
    | 'links'
    | 'avatarUrl'
    | 'locale'
    | 'timeZone'
    | 'openToHelp'
  >
>;

/** PATCH /api/members/me; the session (header, language, time zone) follows the saved profile. */
export function useUpdateProfile() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: ProfileChanges) =>
      api<MyProfile>('/members/me', { method: 'PATCH', body: changes }),
    onSuccess: (profile) => {
      client.setQueryData(queryKeys.myProfile, profile);
      updateSessionMember(profile);
      void client.invalidateQueries({ queryKey: queryKeys.member(profile.id) });
      void client.invalidateQueries({ queryKey: ['members', 'directory'] });
    },
  });
}
