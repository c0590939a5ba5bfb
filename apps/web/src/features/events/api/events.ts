import { useQuery } from '@tanstack/react-query';
import type { Page, SalonEvent } from '@/lib/api-types';
import { api } from '@/lib/http';
import { queryKeys } from '@/lib/query-keys';

/** The next events (from now on, soonest first) of the salon and of the themes I can see. */
export function useUpcomingEvents(limit = 5) {
  return useQuery({
    queryKey: [...queryKeys.upcomingEvents, limit],
    queryFn: () => api<Page<SalonEvent>>(`/events?limit=${limit}`).then((page) => page.items),
  });
}
