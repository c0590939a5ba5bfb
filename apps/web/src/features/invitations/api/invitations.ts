import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { Invitation } from '@/lib/api-types';
import { errorMessage } from '@/lib/error-message';
import { api } from '@/lib/http';
import { queryKeys } from '@/lib/query-keys';

const KNOWN_ERRORS = [
  'CANNOT_INVITE',
  'ALREADY_MEMBER',
  'INVITATION_USED',
  'INVITATION_NOT_FOUND',
  'THEME_NOT_FOUND',
  'VALIDATION_FAILED',
];

/** A failure of an invitation call in the member's words, from the api's code. */
export function invitationErrorMessage(error: unknown, t: TFunction): string {
  return errorMessage(error, t, 'invitations', KNOWN_ERRORS);
}

export function useInvitations() {
  return useQuery({
    queryKey: queryKeys.invitations,
    queryFn: () => api<{ items: Invitation[] }>('/invitations?limit=100').then((page) => page.items),
  });
}

export interface NewInvitation {
  email: string;
  themeSlug?: string;
  message?: string;
}

export function useCreateInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewInvitation) => api<Invitation>('/invitations', { method: 'POST', body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.invitations }),
  });
}

export function useRevokeInvitation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/invitations/${id}`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.invitations }),
  });
}
