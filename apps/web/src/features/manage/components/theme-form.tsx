import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Theme } from '@/lib/api-types';
import { formText } from '@/utils/form-text';
import { errorCode, manageErrorMessage, type ThemeFields } from '../api/manage';

const STATUSES: Theme['status'][] = ['recruiting', 'active', 'ended'];
const SLUG_PATTERN = '[a-z0-9]+(-[a-z0-9]+)*';

/**
 * A theme's details: the slug only when creating (it is the theme's address), then title, summary, their
 * English versions, status and visibility. The api's refusal shows at the field it concerns.
 */
export function ThemeForm({
  theme,
  submitLabel,
  onSubmit,
  disabled = false,
}: {
  theme?: Theme;
  submitLabel: string;
  onSubmit: (fields: ThemeFields & { slug: string }) => Promise<unknown>;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const slugRef = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: 'slug' | null; message: string } | null>(null);
  const [saved, setSaved] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (name: string) => formText(data, name);
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      await onSubmit({
        slug: theme?.slug ?? text('slug'),
        title: text('title'),
        summary: text('summary'),
        titleEn: text('titleEn') || null,
        summaryEn: text('summaryEn') || null,
        status: text('status') as Theme['status'],
        visibility: text('visibility') === 'private' ? 'private' : 'public',
      });
      setSaved(true);
    } catch (caught) {
      const field = errorCode(caught) === 'THEME_SLUG_TAKEN' ? 'slug' : null;
      setError({ field, message: manageErrorMessage(caught, t) });
      if (field) slugRef.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  const slugError = error?.field === 'slug';
  return (
    <form className="manage-form" onSubmit={(event) => void submit(event)}>
      {!theme && (
        <div className="field">
          <label htmlFor={`${id}-slug`}>{t('manage.form.slug')}</label>
          <input
            ref={slugRef}
            id={`${id}-slug`}
            name="slug"
            required
            maxLength={60}
            pattern={SLUG_PATTERN}
            autoComplete="off"
            spellCheck={false}
            aria-invalid={slugError || undefined}
            aria-describedby={`${id}-slug-hint${slugError ? ` ${id}-slug-error` : ''}`}
          />
          <small id={`${id}-slug-hint`} className="muted">
            {t('manage.form.slugHint')}
          </small>
          {slugError && (
            <p id={`${id}-slug-error`} className="form-error" role="alert">
              {error.message}
            </p>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-title`}>{t('manage.form.title')}</label>
        <input id={`${id}-title`} name="title" required maxLength={100} defaultValue={theme?.title} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-summary`}>{t('manage.form.summary')}</label>
        <textarea
          id={`${id}-summary`}
          name="summary"
          rows={4}
          maxLength={2000}
          defaultValue={theme?.summary}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-titleEn`}>{t('manage.form.titleEn')}</label>
        <input
          id={`${id}-titleEn`}
          name="titleEn"
          lang="en"
          maxLength={100}
          defaultValue={theme?.titleEn ?? ''}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-summaryEn`}>{t('manage.form.summaryEn')}</label>
        <textarea
          id={`${id}-summaryEn`}
          name="summaryEn"
          lang="en"
          rows={3}
          maxLength={2000}
          defaultValue={theme?.summaryEn ?? ''}
        />
      </div>
      <div className="manage-form-row">
        <div className="field">
          <label htmlFor={`${id}-status`}>{t('manage.form.status')}</label>
          <select id={`${id}-status`} name="status" defaultValue={theme?.status ?? 'recruiting'}>
            {STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`themes.status.${status}`)}
              </option>
            ))}
          </select>
        </div>
        <fieldset className="field manage-radios">
          <legend>{t('manage.form.visibility')}</legend>
          {(['public', 'private'] as const).map((visibility) => (
            <label key={visibility}>
              <input
                type="radio"
                name="visibility"
                value={visibility}
                defaultChecked={(theme?.visibility ?? 'public') === visibility}
              />
              {t(`manage.form.${visibility}`)}
            </label>
          ))}
        </fieldset>
      </div>
      {error && !slugError && (
        <p className="form-error" role="alert">
          {error.message}
        </p>
      )}
      {saved && theme && (
        <p className="manage-saved" role="status">
          {t('manage.form.saved')}
        </p>
      )}
      <div>
        <button type="submit" className="button" disabled={busy || disabled}>
          {busy && !theme ? t('manage.form.creating') : submitLabel}
        </button>
      </div>
    </form>
  );
}
