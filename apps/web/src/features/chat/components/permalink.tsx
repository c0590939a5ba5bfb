import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { LoadError, Loading } from '@/components/status';
import { PageTitle } from '@/components/page-title';
import type { ApiError } from '@/lib/http';
import { useLocatedMessage } from '../api/messages';

/**
 * `/messages/:id`: opens the message in its channel (and its thread, for a reply). A message the member
 * may not read answers 404 like one that does not exist, and nothing of it is shown.
 */
export function Permalink({ messageId }: { messageId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const located = useLocatedMessage(messageId);

  useEffect(() => {
    if (!located.data) return;
    const { themeSlug, channelSlug, message } = located.data;
    const params = new URLSearchParams({ message: message.id });
    if (message.parentId) params.set('thread', message.parentId);
    void navigate(`/themes/${themeSlug}/${channelSlug}?${params.toString()}`, { replace: true });
  }, [located.data, navigate]);

  if (located.isError) {
    const status = (located.error as ApiError).status;
    if (status === 404 || status === 400)
      return (
        <div className="notice-page">
          <PageTitle>{t('chat.notReadable')}</PageTitle>
          <p>
            <Link to="/">{t('notFound.home')}</Link>
          </p>
        </div>
      );
    return <LoadError retry={() => void located.refetch()} />;
  }
  return <Loading />;
}
