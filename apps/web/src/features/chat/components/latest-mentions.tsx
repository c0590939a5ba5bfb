import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { DateTime } from '@/components/date-time';
import { useMemberName } from '@/hooks/use-member-name';
import { LoadError, Loading } from '@/components/status';
import { useMyMentions } from '../api/messages';

/** Home: the latest messages that mention me, each linking to its place in the channel. */
export function LatestMentions() {
  const { t } = useTranslation();
  const mentions = useMyMentions();
  const nameOf = useMemberName();
  if (mentions.isPending) return <Loading />;
  if (mentions.isError) return <LoadError retry={() => void mentions.refetch()} />;
  if (!mentions.data.length) return <p className="muted">{t('home.noMentions')}</p>;
  return (
    <ul className="mention-list">
      {mentions.data.map((hit) => (
        <li key={hit.id} className={hit.unread ? 'mention-hit unread' : 'mention-hit'}>
          <Link to={`/messages/${hit.id}`}>
            <span className="mention-meta">
              {hit.unread && <span className="badge badge-unread">{t('home.unreadMention')}</span>}
              <strong>{hit.author ? nameOf(hit.author) : t('chat.system')}</strong>
              <span className="muted">
                {t('home.in', { theme: hit.themeTitle, channel: hit.channelName })}
              </span>
              <span className="muted">
                <DateTime iso={hit.createdAt} />
              </span>
            </span>
            <span className="mention-body">{hit.body}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}
