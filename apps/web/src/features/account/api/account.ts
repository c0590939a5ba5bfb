import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import type { AccountSession, OwnProfile } from '@/lib/api-types';
import { errorMessage } from '@/lib/error-message';
import { api, ApiError, downloadFile, updateSessionMember } from '@/lib/http';
import { queryKeys } from '@/lib/query-keys';

const KNOWN_ERRORS = [
  'INVALID_LINK_TOKEN',
  'PASSWORD_INCORRECT',
  'EMAIL_TAKEN',
  'EMAIL_UNCHANGED',
  'EMAIL_ALREADY_VERIFIED',
  'SESSION_NOT_FOUND',
  'RATE_LIMITED',
  'VALIDATION_FAILED',
  'LAST_ADMIN',
];

/** A failure of an account call in the member's words, from the api's code. */
export function accountErrorMessage(error: unknown, t: TFunction): string {
  return errorMessage(error, t, 'account', KNOWN_ERRORS);
}

/** The field an error concerns (`details.fields`), if any. */
export function errorField(error: unknown): string | null {
  return error instanceof ApiError ? (error.fields[0]?.field ?? null) : null;
}

/** Reads my profile again and puts it into the session (the banner and settings read it there). */
export async function reloadMe(): Promise<OwnProfile> {
  const member = await api<OwnProfile>('/members/me');
  updateSessionMember(member);
  return member;
}

/** The link from the verification mail; it works signed in or not. */
export function verifyEmail(token: string): Promise<{ email: string; emailVerified: boolean }> {
  return api('/auth/verify-email', { method: 'POST', body: { token } });
}

export function resendVerification(): Promise<unknown> {
  return api('/auth/verify-email/resend', { method: 'POST' });
}

export function requestPasswordReset(email: string): Promise<unknown> {
  return api('/auth/password-reset', { method: 'POST', body: { email } });
}

export function confirmPasswordReset(token: string, password: string): Promise<unknown> {
  return api('/auth/password-reset/confirm', { method: 'POST', body: { token, password } });
}

export function changePassword(currentPassword: string, newPassword: string): Promise<unknown> {
  return api('/members/me/password', { method: 'PATCH', body: { currentPassword, newPassword } });
}

export async function changeEmail(email: string, password: string): Promise<OwnProfile> {
  await api('/members/me/email', { method: 'PATCH', body: { email, password } });
  return reloadMe();
}

export function useMySessions() {
  return useQuery({
    queryKey: queryKeys.mySessions,
    queryFn: () => api<{ items: AccountSession[] }>('/members/me/sessions').then((page) => page.items),
  });
}

export function useEndSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api(`/members/me/sessions/${id}`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: queryKeys.mySessions }),
  });
}

/** The name the browser saves my data under. */
export const EXPORT_FILE_NAME = 'shiojiri-salon-my-data.json';

/** Everything the salon holds about me, saved as a JSON file. */
export function useDataExport() {
  return useMutation({ mutationFn: () => downloadFile('/members/me/export', EXPORT_FILE_NAME) });
}

export interface LeaveInput {
  password: string;
  deleteMessages: boolean;
}

/** Leaves the salon (DELETE /api/members/me); the session ends on the server. */
export function useLeave() {
  return useMutation({
    mutationFn: (input: LeaveInput) => api<void>('/members/me', { method: 'DELETE', body: input }),
  });
}
