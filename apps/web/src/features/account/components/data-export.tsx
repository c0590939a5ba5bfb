import { useTranslation } from 'react-i18next';
import { accountErrorMessage, useDataExport } from '../api/account';

/** 「データのエクスポート」: everything the salon holds about me, as a JSON file. */
export function DataExport() {
  const { t } = useTranslation();
  const download = useDataExport();
  return (
    <section aria-labelledby="account-export" className="settings-section">
      <h2 id="account-export">{t('account.export.title')}</h2>
      <p className="muted">{t('account.export.lead')}</p>
      {download.isError && (
        <p className="form-error" role="alert">
          {accountErrorMessage(download.error, t)}
        </p>
      )}
      {download.isSuccess && (
        <p className="form-success" role="status">
          {t('account.export.done')}
        </p>
      )}
      <button
        type="button"
        className="button button-secondary"
        disabled={download.isPending}
        onClick={() => download.mutate()}
      >
        {t('account.export.download')}
      </button>
    </section>
  );
}
