import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { accountErrorMessage, requestPasswordReset } from '../api/account';

/** Asks for the address; the answer is the same whether it has an account or not, and so is this page. */
export function ForgotPasswordForm() {
  const { t } = useTranslation();
  const id = useId();
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = new FormData(event.currentTarget).get('email');
    if (typeof email !== 'string') return;
    setBusy(true);
    setError(null);
    try {
      await requestPasswordReset(email);
      setSentTo(email.trim());
    } catch (caught) {
      setError(accountErrorMessage(caught, t));
    } finally {
      setBusy(false);
    }
  }

  if (sentTo) {
    return (
      <div role="status">
        <p className="notice">{t('account.reset.sent', { email: sentTo })}</p>
        <p className="auth-footer">
          <Link to="/login">{t('account.reset.backToLogin')}</Link>
        </p>
      </div>
    );
  }
  return (
    <form className="auth-form" onSubmit={(event) => void submit(event)}>
      <p>{t('account.reset.askLead')}</p>
      <div className="field">
        <label htmlFor={`${id}-email`}>{t('auth.email')}</label>
        <input id={`${id}-email`} name="email" type="email" autoComplete="username" required />
      </div>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-wide" disabled={busy}>
        {t('account.reset.send')}
      </button>
      <p className="auth-footer">
        <Link to="/login">{t('account.reset.backToLogin')}</Link>
      </p>
    </form>
  );
}
