import { useTranslation } from 'react-i18next';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="status" role="status">
      {t('app.loading')}
    </p>
  );
}

export function LoadError({ retry, message }: { retry?: () => void; message?: string }) {
  const { t } = useTranslation();
  return (
    <div className="status status-error" role="alert">
      <p>{message ?? t('app.error')}</p>
      {retry && (
        <button type="button" className="button" onClick={retry}>
          {t('app.retry')}
        </button>
      )}
    </div>
  );
}
