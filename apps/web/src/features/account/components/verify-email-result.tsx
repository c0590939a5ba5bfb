import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Loading } from '@/components/status';
import { useSession } from '@/hooks/use-session';
import { ApiError } from '@/lib/http';
import { accountErrorMessage, reloadMe, verifyEmail } from '../api/account';
import { ResendVerification } from './resend-verification';

/**
 * Verifies the address as the page opens (one request per token, also under React's double effects) and
 * says how it went; a used or expired link is explained, with the mail again for a signed-in member who
 * still needs it.
 */
export function VerifyEmailResult({ token }: { token: string }) {
  const { t } = useTranslation();
  const session = useSession();
  const result = useQuery({
    queryKey: ['verify-email', token],
    queryFn: () => verifyEmail(token),
    retry: false,
    staleTime: Infinity,
    gcTime: Infinity,
    refetchOnWindowFocus: false,
  });
  const signedIn = session !== null;
  useEffect(() => {
    // The banner and the settings read the session's member: give them the new state.
    if (result.isSuccess && signedIn) void reloadMe().catch(() => undefined);
  }, [result.isSuccess, signedIn]);

  if (result.isPending) return <Loading />;
  if (result.isSuccess) {
    return (
      <div role="status">
        <p className="notice">{t('account.verify.done', { email: result.data.email })}</p>
        <p>
          <Link to={signedIn ? '/' : '/login'}>
            {signedIn ? t('account.verify.toHome') : t('account.verify.toLogin')}
          </Link>
        </p>
      </div>
    );
  }
  const member = session?.member;
  const stillNeeded = member && (!member.emailVerified || member.pendingEmail);
  const invalidLink = result.error instanceof ApiError && result.error.code === 'INVALID_LINK_TOKEN';
  return (
    <div role="alert">
      <p className="notice notice-danger">
        {invalidLink ? t('account.verify.invalid') : accountErrorMessage(result.error, t)}
      </p>
      {member && !stillNeeded && <p>{t('account.verify.alreadyVerified', { email: member.email })}</p>}
      {stillNeeded && (
        <div className="button-row">
          <ResendVerification />
        </div>
      )}
      {!member && (
        <p>
          <Link to="/login?next=%2Fsettings%2Faccount">{t('account.verify.signInToResend')}</Link>
        </p>
      )}
    </div>
  );
}
