import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LoadError, Loading } from '@/components/status';
import { useDigestPreview } from '../api/notifications';

/**
 * My digest as it would be sent now. The mail's HTML is shown in a sandboxed frame (no scripts, no
 * forms, an origin of its own), so nothing in it can act on the page.
 */
export function DigestPreview() {
  const { t } = useTranslation();
  // Rendered when asked for: building a digest is work for the server, and most visits are for the settings.
  const [shown, setShown] = useState(false);
  const preview = useDigestPreview(shown);
  if (!shown) {
    return (
      <div className="digest-preview">
        <p className="muted">{t('settings.previewHelp')}</p>
        <button type="button" className="button button-secondary" onClick={() => setShown(true)}>
          {t('settings.previewShow')}
        </button>
      </div>
    );
  }
  if (preview.isPending) return <Loading />;
  if (preview.isError) return <LoadError retry={() => void preview.refetch()} />;
  return (
    <div className="digest-preview">
      <p>
        <span className="muted">{t('settings.previewSubject')}</span> <strong>{preview.data.subject}</strong>
      </p>
      <iframe
        className="digest-frame"
        title={t('settings.previewFrame')}
        sandbox=""
        referrerPolicy="no-referrer"
        srcDoc={preview.data.html}
      />
      <button
        type="button"
        className="button button-secondary"
        disabled={preview.isFetching}
        onClick={() => void preview.refetch()}
      >
        {t('settings.previewRefresh')}
      </button>
    </div>
  );
}
