import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { accountErrorMessage, useLeave, type LeaveInput } from '../api/account';

/**
 * 「退会する」: the password, whether my messages go too, then a confirmation that says what happens. `onLeft`
 * runs once the api has ended the account (the page signs out and says goodbye).
 */
export function LeaveAccount({ onLeft }: { onLeft: () => void }) {
  const { t } = useTranslation();
  const id = useId();
  const leave = useLeave();
  const [pending, setPending] = useState<LeaveInput | null>(null);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (pending) confirmRef.current?.focus();
  }, [pending]);

  function ask(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const password = data.get('password');
    leave.reset();
    setPending({
      password: typeof password === 'string' ? password : '',
      deleteMessages: data.get('deleteMessages') === 'on',
    });
  }

  function confirm() {
    if (!pending) return;
    leave.mutate(pending, {
      onSuccess: onLeft,
      onError: () => setPending(null),
    });
  }

  return (
    <section aria-labelledby="account-leave" className="settings-section settings-danger">
      <h2 id="account-leave">{t('account.leave.title')}</h2>
      <p className="muted">{t('account.leave.lead')}</p>
      <form className="stack-form" onSubmit={ask}>
        <div className="field">
          <label htmlFor={`${id}-password`}>{t('account.leave.password')}</label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={leave.isError || undefined}
            aria-describedby={leave.isError ? `${id}-error` : undefined}
          />
        </div>
        <div className="field field-check">
          <input id={`${id}-delete`} name="deleteMessages" type="checkbox" />
          <label htmlFor={`${id}-delete`}>{t('account.leave.deleteMessages')}</label>
        </div>
        {leave.isError && (
          <p id={`${id}-error`} className="form-error" role="alert">
            {accountErrorMessage(leave.error, t)}
          </p>
        )}
        {pending ? (
          <div className="confirm" role="group" aria-label={t('account.leave.confirmLabel')}>
            <p>
              {pending.deleteMessages ? t('account.leave.confirmDelete') : t('account.leave.confirmKeep')}
            </p>
            <button
              ref={confirmRef}
              type="button"
              className="button button-danger"
              disabled={leave.isPending}
              onClick={confirm}
            >
              {t('account.leave.yes')}
            </button>{' '}
            <button type="button" className="button button-secondary" onClick={() => setPending(null)}>
              {t('account.leave.cancel')}
            </button>
          </div>
        ) : (
          <button type="submit" className="button button-danger">
            {t('account.leave.submit')}
          </button>
        )}
      </form>
    </section>
  );
}
