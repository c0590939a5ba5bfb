import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { authErrorMessage } from '../api/auth-error';

export interface Field {
  name: string;
  label: string;
  type: 'email' | 'password' | 'text';
  autoComplete: string;
  hint?: string;
  minLength?: number;
  defaultValue?: string;
}

/** A labelled form that shows the api's error in Japanese (or English) next to the button. */
export function AuthForm({
  fields,
  submitLabel,
  onSubmit,
  footer,
}: {
  fields: Field[];
  submitLabel: string;
  onSubmit: (values: Record<string, string>) => Promise<unknown>;
  footer: ReactNode;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const values = Object.fromEntries(
      fields.map((field) => {
        const value = data.get(field.name);
        return [field.name, typeof value === 'string' ? value : ''];
      }),
    );
    setBusy(true);
    setError(null);
    try {
      await onSubmit(values);
    } catch (caught) {
      setError(authErrorMessage(caught, t));
      setBusy(false);
    }
  }

  return (
    <form
      className="auth-form"
      onSubmit={(event) => void submit(event)}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      {fields.map((field) => (
        <div className="field" key={field.name}>
          <label htmlFor={`${id}-${field.name}`}>{field.label}</label>
          <input
            id={`${id}-${field.name}`}
            name={field.name}
            type={field.type}
            autoComplete={field.autoComplete}
            minLength={field.minLength}
            defaultValue={field.defaultValue}
            required
            aria-describedby={field.hint ? `${id}-${field.name}-hint` : undefined}
          />
          {field.hint && (
            <small id={`${id}-${field.name}-hint`} className="muted">
              {field.hint}
            </small>
          )}
        </div>
      ))}
      {error && (
        <p id={`${id}-error`} className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-wide" disabled={busy}>
        {submitLabel}
      </button>
      <p className="auth-footer">{footer}</p>
    </form>
  );
}
