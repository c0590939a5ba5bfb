import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '@/components/date-time';
import { LoadError, Loading } from '@/components/status';
import type { AccountSession } from '@/lib/api-types';
import { describeDevice } from '@/utils/device-name';
import { accountErrorMessage, useEndSession, useMySessions } from '../api/account';

function DeviceName({ session }: { session: AccountSession }) {
  const { t } = useTranslation();
  const { browser, os } = describeDevice(session.userAgent);
  if (browser && os) return <>{t('account.sessions.device', { browser, os })}</>;
  return <>{browser ?? os ?? t('account.sessions.unknownDevice')}</>;
}

/** ログイン中の端末: this one marked, and 「ログアウトさせる」 for each of the others. */
export function SessionsList() {
  const { t } = useTranslation();
  const id = useId();
  const sessions = useMySessions();
  const end = useEndSession();

  return (
    <section aria-labelledby={`${id}-heading`} className="account-section">
      <h2 id={`${id}-heading`}>{t('account.sessions.title')}</h2>
      <p className="muted">{t('account.sessions.lead')}</p>
      {sessions.isPending ? (
        <Loading />
      ) : sessions.isError ? (
        <LoadError retry={() => void sessions.refetch()} />
      ) : (
        <ul className="session-list">
          {sessions.data.map((session) => (
            <li key={session.id} className="card session">
              <div className="session-main">
                <p className="session-device">
                  <DeviceName session={session} />{' '}
                  {session.current && (
                    <span className="badge badge-active">{t('account.sessions.thisDevice')}</span>
                  )}
                </p>
                <p className="muted session-times">
                  {t('account.sessions.lastUsed')} <DateTime iso={session.lastUsedAt} /> ·{' '}
                  {t('account.sessions.signedIn')} <DateTime iso={session.createdAt} />
                </p>
              </div>
              {!session.current && (
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={end.isPending && end.variables === session.id}
                  onClick={() => end.mutate(session.id)}
                >
                  {t('account.sessions.end')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <div role="status" aria-live="polite">
        {end.isError && <p className="form-error">{accountErrorMessage(end.error, t)}</p>}
        {end.isSuccess && <p>{t('account.sessions.ended')}</p>}
      </div>
    </section>
  );
}
