import { useQuery } from '@tanstack/react-query';
import type { InvitationPreview } from '@/lib/api-types';
import { api } from '@/lib/http';
import { queryKeys } from '@/lib/query-keys';

/** Who invited me and into which theme, from the token of the mail's link (no session needed). */
export function useInvitationPreview(token: string | null) {
  return useQuery({
    queryKey: queryKeys.invitationPreview(token ?? ''),
    queryFn: () => api<InvitationPreview>(`/invitations/preview?token=${encodeURIComponent(token ?? '')}`),
    enabled: token !== null,
    retry: false,
    staleTime: Infinity,
  });
}

/** Whether anyone may register (`open`) or only with an invitation (`invite`). */
export function useRegistrationMode() {
  return useQuery({
    queryKey: queryKeys.registration,
    queryFn: () =>
      api<{ registration: 'open' | 'invite' }>('/auth/registration').then((answer) => answer.registration),
    staleTime: Infinity,
  });
}
