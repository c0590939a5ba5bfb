import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '@/components/date-time';
import { LoadError, Loading } from '@/components/status';
import { useCalendarToken, useCreateCalendarToken, useRevokeCalendarToken } from '../api/notifications';

/**
 * My private calendar feed (the events I answered, for Google or Apple Calendar): create it, copy its
 * address (shown once: only a digest of the token is stored), revoke it after a confirmation.
 */
export function CalendarFeed() {
  const { t } = useTranslation();
  const id = useId();
  const state = useCalendarToken();
  const create = useCreateCalendarToken();
  const revoke = useRevokeCalendarToken();
  const [url, setUrl] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [confirming, setConfirming] = useState(false);
  const addressRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const revokeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (state.isPending) return <Loading />;
  if (state.isError) return <LoadError retry={() => void state.refetch()} />;

  async function make() {
    setNotice('');
    try {
      const created = await create.mutateAsync();
      setUrl(created.url);
      setNotice(t('settings.feedCreated'));
      requestAnimationFrame(() => addressRef.current?.select());
    } catch {
      setNotice(t('settings.saveFailed'));
    }
  }

  async function copy() {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
      setNotice(t('settings.feedCopied'));
    } catch {
      // No clipboard permission: the address is selected for the member to copy with the keyboard.
      addressRef.current?.select();
      setNotice(t('settings.feedCopyManually'));
    }
  }

  async function confirmRevoke() {
    try {
      await revoke.mutateAsync();
      setUrl(null);
      setConfirming(false);
      setNotice(t('settings.feedRevoked'));
    } catch {
      setNotice(t('settings.saveFailed'));
    }
  }

  const active = state.data.active;
  return (
    <div className="calendar-feed">
      <p className="muted">{t('settings.feedHelp')}</p>
      {active ? (
        <p>
          {t('settings.feedActive')}
          {state.data.createdAt && (
            <>
              {' '}
              <span className="muted">
                ({t('settings.feedSince')} <DateTime iso={state.data.createdAt} style="full" />)
              </span>
            </>
          )}
        </p>
      ) : (
        <p>{t('settings.feedNone')}</p>
      )}
      {url && (
        <div className="field feed-address">
          <label htmlFor={`${id}-url`}>{t('settings.feedAddress')}</label>
          <div className="copy-row">
            <input id={`${id}-url`} ref={addressRef} readOnly value={url} aria-describedby={`${id}-once`} />
            <button type="button" className="button" onClick={() => void copy()}>
              {t('settings.feedCopy')}
            </button>
          </div>
          <small id={`${id}-once`} className="muted">
            {t('settings.feedOnce')}
          </small>
        </div>
      )}
      <div className="form-actions">
        <button
          type="button"
          className={active ? 'button button-secondary' : 'button'}
          disabled={create.isPending}
          onClick={() => void make()}
        >
          {active ? t('settings.feedRegenerate') : t('settings.feedCreate')}
        </button>
        {active && !confirming && (
          <button
            type="button"
            ref={revokeRef}
            className="button button-secondary"
            onClick={() => setConfirming(true)}
          >
            {t('settings.feedRevoke')}
          </button>
        )}
      </div>
      {confirming && (
        <div className="confirm" role="group" aria-labelledby={`${id}-confirm`}>
          <p id={`${id}-confirm`}>{t('settings.feedRevokeConfirm')}</p>
          <div className="form-actions">
            <button
              type="button"
              ref={confirmRef}
              className="button button-danger"
              disabled={revoke.isPending}
              onClick={() => void confirmRevoke()}
            >
              {t('settings.feedRevokeYes')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                setConfirming(false);
                requestAnimationFrame(() => revokeRef.current?.focus());
              }}
            >
              {t('settings.cancel')}
            </button>
          </div>
        </div>
      )}
      <p role="status" aria-live="polite" className={notice ? 'form-success' : 'visually-hidden'}>
        {notice}
      </p>
    </div>
  );
}
