import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Attendee, EventInput, Page, RsvpStatus, SalonEvent } from '@/lib/api-types';
import { api, downloadFile } from '@/lib/http';
import { queryKeys } from '@/lib/query-keys';

/** The next events (from now on, soonest first) of the salon and of the themes I can see. */
export function useUpcomingEvents(limit = 5) {
  return useQuery({
    queryKey: [...queryKeys.upcomingEvents, limit],
    queryFn: () => api<Page<SalonEvent>>(`/events?limit=${limit}`).then((page) => page.items),
  });
}

export interface EventFilter {
  past: boolean;
  /** A theme's slug, or '' for every theme. */
  theme: string;
}

/** Upcoming events soonest first, or past ones most recent first; pages follow the api's cursor. */
export function useEvents(filter: EventFilter) {
  return useInfiniteQuery({
    queryKey: [...queryKeys.events, 'list', filter],
    initialPageParam: '',
    queryFn: ({ pageParam }) => {
      const query = new URLSearchParams({ limit: '20' });
      if (filter.past) query.set('past', 'true');
      if (filter.theme) query.set('theme', filter.theme);
      if (pageParam) query.set('cursor', pageParam);
      return api<Page<SalonEvent>>(`/events?${query.toString()}`);
    },
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useEvent(id: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.event(id),
    queryFn: () => api<SalonEvent>(`/events/${id}`),
    enabled,
  });
}

/** After a change: the event's own answer, and every list that may show it again. */
function useEventChanged() {
  const client = useQueryClient();
  return (event: SalonEvent) => {
    client.setQueryData(queryKeys.event(event.id), event);
    void client.invalidateQueries({ queryKey: queryKeys.events });
  };
}

export function useRsvp(id: string) {
  const changed = useEventChanged();
  return useMutation({
    mutationFn: (status: Exclude<RsvpStatus, 'waitlisted'>) =>
      api<SalonEvent>(`/events/${id}/rsvp`, { method: 'PUT', body: { status } }),
    onSuccess: changed,
  });
}

export function useSaveEvent(id: string | null) {
  const changed = useEventChanged();
  return useMutation({
    mutationFn: (input: EventInput) =>
      id
        ? api<SalonEvent>(`/events/${id}`, { method: 'PATCH', body: input })
        : api<SalonEvent>('/events', { method: 'POST', body: input }),
    onSuccess: changed,
  });
}

export function useCancelEvent(id: string) {
  const changed = useEventChanged();
  return useMutation({
    mutationFn: () => api<SalonEvent>(`/events/${id}/cancel`, { method: 'POST' }),
    onSuccess: changed,
  });
}

/** Organisers only: who is going, waiting (in order) or interested, and who checked in. */
export function useAttendees(eventId: string) {
  return useQuery({
    queryKey: queryKeys.attendees(eventId),
    queryFn: () => api<{ items: Attendee[] }>(`/events/${eventId}/attendees`).then((page) => page.items),
  });
}

export function useCheckIn(eventId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ memberId, attended }: { memberId: string; attended: boolean }) =>
      api<{ items: Attendee[] }>(`/events/${eventId}/attendees/${memberId}/check-in`, {
        method: attended ? 'PUT' : 'DELETE',
      }),
    onSuccess: (page) => client.setQueryData(queryKeys.attendees(eventId), page.items),
  });
}

export function downloadEventIcs(event: Pick<SalonEvent, 'id'>): Promise<void> {
  return downloadFile(`/events/${event.id}/ics`, `salon-event-${event.id.slice(0, 8)}.ics`);
}
