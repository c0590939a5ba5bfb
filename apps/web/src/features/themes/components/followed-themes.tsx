import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError, Loading } from '@/components/status';
import { useMyThemes } from '../api/themes';
import { themeTitle } from './theme-status';

/** Home: the themes I follow, each channel with its unread and mention counts. */
export function FollowedThemes() {
  const { t, i18n } = useTranslation();
  const mine = useMyThemes();
  if (mine.isPending) return <Loading />;
  if (mine.isError) return <LoadError retry={() => void mine.refetch()} />;
  if (!mine.data.length)
    return (
      <p>
        {t('home.noFollowed')} <Link to="/themes">{t('home.findThemes')}</Link>
      </p>
    );
  return (
    <ul className="card-list">
      {mine.data.map(({ theme, channels }) => (
        <li key={theme.id} className="card">
          <h3 className="card-title">
            <Link to={`/themes/${theme.slug}`}>{themeTitle(theme, i18n.language)}</Link>
          </h3>
          <ul className="channel-links">
            {channels.map((channel) => (
              <li key={channel.id}>
                <Link
                  to={`/themes/${theme.slug}/${channel.slug}`}
                  className={channel.unread.unread ? 'unread' : undefined}
                >
                  # {channel.name}
                </Link>
                {channel.unread.unread > 0 && (
                  <span className="count">{t('home.unread', { count: channel.unread.unread })}</span>
                )}
                {channel.unread.mentions > 0 && (
                  <span className="count count-mention">
                    {t('home.mentionsCount', { count: channel.unread.mentions })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
