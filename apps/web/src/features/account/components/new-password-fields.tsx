import { useTranslation } from 'react-i18next';

/**
 * A new password, twice. The second field tells the browser when they differ (its message is shown at the
 * field and blocks the submit), so a typo does not lock the member out.
 */
export function NewPasswordFields({ id, name = 'newPassword' }: { id: string; name?: string }) {
  const { t } = useTranslation();
  const check = (form: HTMLFormElement | null) => {
    const first = form?.elements.namedItem(name);
    const second = form?.elements.namedItem(`${name}Again`);
    if (!(first instanceof HTMLInputElement) || !(second instanceof HTMLInputElement)) return;
    second.setCustomValidity(
      second.value && first.value !== second.value ? t('account.password.mismatch') : '',
    );
  };
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-${name}`}>{t('account.password.new')}</label>
        <input
          id={`${id}-${name}`}
          name={name}
          type="password"
          autoComplete="new-password"
          minLength={8}
          maxLength={200}
          required
          aria-describedby={`${id}-${name}-hint`}
          onInput={(event) => check(event.currentTarget.form)}
        />
        <small id={`${id}-${name}-hint`} className="muted">
          {t('auth.passwordHint')}
        </small>
      </div>
      <div className="field">
        <label htmlFor={`${id}-${name}Again`}>{t('account.password.again')}</label>
        <input
          id={`${id}-${name}Again`}
          name={`${name}Again`}
          type="password"
          autoComplete="new-password"
          minLength={8}
          maxLength={200}
          required
          onInput={(event) => check(event.currentTarget.form)}
        />
      </div>
    </>
  );
}
