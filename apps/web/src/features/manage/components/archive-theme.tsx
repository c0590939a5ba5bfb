import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Theme } from '@/lib/api-types';
import { manageErrorMessage, useUpdateTheme } from '../api/manage';
import { ConfirmButton } from './confirm-button';

/** Archive a theme (it becomes read only), after a confirmation; or reopen it. */
export function ArchiveTheme({ theme }: { theme: Theme }) {
  const { t } = useTranslation();
  const id = useId();
  const update = useUpdateTheme(theme.slug);
  return (
    <section aria-labelledby={`${id}-heading`} className="manage-section manage-archive">
      <h2 id={`${id}-heading`}>{t('manage.archive.heading')}</h2>
      {theme.archived ? (
        <>
          <p>{t('manage.archive.archivedLead')}</p>
          <button
            type="button"
            className="button button-secondary"
            disabled={update.isPending}
            onClick={() => update.mutate({ archived: false })}
          >
            {t('manage.archive.unarchive')}
          </button>
        </>
      ) : (
        <>
          <p className="muted">{t('manage.archive.lead')}</p>
          <ConfirmButton
            label={t('manage.archive.archive')}
            question={t('manage.archive.confirm')}
            yes={t('manage.archive.confirmYes')}
            cancel={t('manage.archive.cancel')}
            danger
            disabled={update.isPending}
            onConfirm={() => update.mutate({ archived: true })}
          />
        </>
      )}
      {update.isError && (
        <p className="form-error" role="alert">
          {manageErrorMessage(update.error, t)}
        </p>
      )}
    </section>
  );
}
