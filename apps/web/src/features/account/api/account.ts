import { useMutation } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { api, ApiError, downloadFile } from '@/lib/http';

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

const KNOWN_ERRORS = ['WRONG_PASSWORD', 'RATE_LIMITED', 'LAST_ADMIN'];

export function accountErrorMessage(error: unknown, t: TFunction): string {
  if (!(error instanceof ApiError)) return t('account.errors.NETWORK');
  return KNOWN_ERRORS.includes(error.code)
    ? t(`account.errors.${error.code}`, { seconds: error.retryAfterSeconds ?? 60 })
    : t('account.errors.UNKNOWN');
}
