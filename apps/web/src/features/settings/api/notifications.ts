import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { CalendarToken, CalendarTokenState, NotificationSettings } from '@/lib/api-types';
import { api, apiText } from '@/lib/http';
import { queryKeys } from '@/lib/query-keys';

export function useNotificationSettings() {
  return useQuery({
    queryKey: queryKeys.notificationSettings,
    queryFn: () => api<NotificationSettings>('/members/me/notification-settings'),
  });
}

export function useUpdateNotificationSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: Partial<Pick<NotificationSettings, 'digest' | 'sendWeekday' | 'sendHour'>>) =>
      api<NotificationSettings>('/members/me/notification-settings', { method: 'PATCH', body: changes }),
    onSuccess: (settings) => {
      client.setQueryData(queryKeys.notificationSettings, settings);
      void client.invalidateQueries({ queryKey: queryKeys.digestPreview });
    },
  });
}

export interface DigestPreview {
  subject: string;
  html: string;
}

/** My digest as it would be sent now (the api's HTML); its `<title>` is the mail's subject line. */
export function useDigestPreview(enabled: boolean) {
  return useQuery({
    enabled,
    queryKey: queryKeys.digestPreview,
    queryFn: async ({ signal }): Promise<DigestPreview> => {
      const html = await apiText('/digests/preview', { signal });
      const subject = new DOMParser().parseFromString(html, 'text/html').title.trim();
      return { subject, html };
    },
    staleTime: 30_000,
  });
}

export function useCalendarToken() {
  return useQuery({
    queryKey: queryKeys.calendarToken,
    queryFn: () => api<CalendarTokenState>('/members/me/calendar-token'),
  });
}

/** Creates (or regenerates) the feed: the address is shown once, so it is kept in memory until revoked. */
export function useCreateCalendarToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<CalendarToken>('/members/me/calendar-token', { method: 'POST' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.calendarToken }),
  });
}

export function useRevokeCalendarToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/members/me/calendar-token', { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: queryKeys.calendarToken }),
  });
}
