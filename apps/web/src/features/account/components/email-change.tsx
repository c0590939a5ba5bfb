import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMember } from '@/hooks/use-session';
import { ApiError } from '@/lib/http';
import { accountErrorMessage, changeEmail, errorField } from '../api/account';
import { ResendVerification } from './resend-verification';

/**
 * メールアドレス: the address in use and whether it is verified; a new one (with the password) waits for
 * the check from the mail sent to it, and only then takes over.
 */
export function EmailChange() {
  const { t } = useTranslation();
  const id = useId();
  const member = useMember();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; field: string | null } | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const email = data.get('email');
    const password = data.get('password');
    if (typeof email !== 'string' || typeof password !== 'string') return;
    setBusy(true);
    setError(null);
    try {
      await changeEmail(email, password);
      form.reset();
    } catch (caught) {
      const field =
        errorField(caught) ?? (caught instanceof ApiError && caught.code === 'EMAIL_TAKEN' ? 'email' : null);
      setError({ message: accountErrorMessage(caught, t), field });
      if (field) (form.elements.namedItem(field) as HTMLInputElement | null)?.focus();
    } finally {
      setBusy(false);
    }
  }

  const fieldClass = (name: string) => (error?.field === name ? 'field field-invalid' : 'field');
  return (
    <section aria-labelledby={`${id}-heading`} className="account-section">
      <h2 id={`${id}-heading`}>{t('account.email.title')}</h2>
      <p>
        {t('account.email.current')} <strong>{member.email}</strong>{' '}
        <span className={member.emailVerified ? 'badge badge-active' : 'badge'}>
          {member.emailVerified ? t('account.email.verified') : t('account.email.unverified')}
        </span>
      </p>
      {member.pendingEmail && (
        <div className="notice" role="status">
          <p>{t('account.email.pending', { email: member.pendingEmail })}</p>
          <ResendVerification />
        </div>
      )}
      <form className="account-form" onSubmit={(event) => void submit(event)}>
        <div className={fieldClass('email')}>
          <label htmlFor={`${id}-email`}>{t('account.email.new')}</label>
          <input
            id={`${id}-email`}
            name="email"
            type="email"
            autoComplete="email"
            maxLength={254}
            required
            aria-invalid={error?.field === 'email' || undefined}
            aria-describedby={error?.field === 'email' ? `${id}-error` : undefined}
          />
        </div>
        <div className={fieldClass('password')}>
          <label htmlFor={`${id}-password`}>{t('account.email.password')}</label>
          <input
            id={`${id}-password`}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={error?.field === 'password' || undefined}
            aria-describedby={error?.field === 'password' ? `${id}-error` : undefined}
          />
        </div>
        <p className="muted">{t('account.email.how')}</p>
        {error && (
          <p id={`${id}-error`} className="form-error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" className="button" disabled={busy}>
          {t('account.email.save')}
        </button>
      </form>
    </section>
  );
}
