import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '@/lib/query-keys';
import { accountErrorMessage, changePassword, errorField } from '../api/account';
import { NewPasswordFields } from './new-password-fields';

/** パスワードの変更: the current password, the new one twice; the member's other devices are signed out. */
export function PasswordChange() {
  const { t } = useTranslation();
  const id = useId();
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<{ message: string; atCurrent: boolean } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const current = data.get('currentPassword');
    const next = data.get('newPassword');
    if (typeof current !== 'string' || typeof next !== 'string') return;
    setBusy(true);
    setSaved(false);
    setError(null);
    try {
      await changePassword(current, next);
      form.reset();
      setSaved(true);
      void client.invalidateQueries({ queryKey: queryKeys.mySessions });
    } catch (caught) {
      const atCurrent = errorField(caught) === 'currentPassword';
      setError({ message: accountErrorMessage(caught, t), atCurrent });
      if (atCurrent) (form.elements.namedItem('currentPassword') as HTMLInputElement | null)?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="account-section">
      <h2 id={`${id}-heading`}>{t('account.password.title')}</h2>
      <form className="account-form" onSubmit={(event) => void submit(event)}>
        <div className={error?.atCurrent ? 'field field-invalid' : 'field'}>
          <label htmlFor={`${id}-current`}>{t('account.password.current')}</label>
          <input
            id={`${id}-current`}
            name="currentPassword"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={error?.atCurrent || undefined}
            aria-describedby={error?.atCurrent ? `${id}-error` : undefined}
          />
        </div>
        <NewPasswordFields id={id} />
        <p className="muted">{t('account.password.othersSignedOut')}</p>
        <div role="status" aria-live="polite">
          {error && (
            <p id={`${id}-error`} className="form-error">
              {error.message}
            </p>
          )}
          {saved && <p className="notice">{t('account.password.saved')}</p>}
        </div>
        <button type="submit" className="button" disabled={busy}>
          {t('account.password.save')}
        </button>
      </form>
    </section>
  );
}
