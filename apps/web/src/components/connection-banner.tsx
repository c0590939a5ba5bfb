import { useTranslation } from 'react-i18next';
import { useConnection } from '@/hooks/use-session';

/** Shown while the chat connection is lost (after it had worked once): messages wait and are sent after. */
export function ConnectionBanner() {
  const { t } = useTranslation();
  const { state, everConnected } = useConnection();
  const lost = everConnected && state !== 'connected';
  return (
    <div role="status" aria-live="polite" className={lost ? 'connection-banner' : 'visually-hidden'}>
      {lost ? t('app.offline') : ''}
    </div>
  );
}
