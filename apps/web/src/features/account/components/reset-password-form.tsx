import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '@/lib/http';
import { accountErrorMessage, confirmPasswordReset } from '../api/account';
import { NewPasswordFields } from './new-password-fields';

/** The page the reset mail links to: a new password twice; then every device is signed out. */
export function ResetPasswordForm({ token }: { token: string }) {
  const { t } = useTranslation();
  const id = useId();
  const [done, setDone] = useState(false);
  const [error, setError] = useState<{ message: string; linkDead: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = new FormData(event.currentTarget).get('newPassword');
    if (typeof password !== 'string') return;
    setBusy(true);
    setError(null);
    try {
      await confirmPasswordReset(token, password);
      setDone(true);
    } catch (caught) {
      const linkDead = caught instanceof ApiError && caught.code === 'INVALID_LINK_TOKEN';
      setError({ message: linkDead ? t('account.reset.invalid') : accountErrorMessage(caught, t), linkDead });
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    return (
      <div role="status">
        <p className="notice">{t('account.reset.done')}</p>
        <p className="auth-footer">
          <Link to="/login">{t('account.reset.toLogin')}</Link>
        </p>
      </div>
    );
  }
  return (
    <form className="auth-form" onSubmit={(event) => void submit(event)}>
      <NewPasswordFields id={id} />
      {error && (
        <div role="alert">
          <p className="form-error">{error.message}</p>
          {error.linkDead && (
            <p>
              <Link to="/reset-password">{t('account.reset.askAgain')}</Link>
            </p>
          )}
        </div>
      )}
      <button type="submit" className="button button-wide" disabled={busy}>
        {t('account.reset.save')}
      </button>
    </form>
  );
}
