import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Avatar } from '@/components/avatar';
import { LoadError, Loading } from '@/components/status';
import { PageTitle } from '@/components/page-title';
import type { ApiError } from '@/lib/http';
import { useChannels, useTheme, useThemeMembers } from '../api/themes';
import { FollowButton } from './follow-button';
import { ThemeStatus, themeTitle } from './theme-status';

/** A theme's page: summary, status, owners, channels and followers. */
export function ThemeDetail({ slug }: { slug: string }) {
  const { t, i18n } = useTranslation();
  const theme = useTheme(slug);
  const channels = useChannels(slug, Boolean(theme.data));
  const members = useThemeMembers(slug);
  if (theme.isPending) return <Loading />;
  if (theme.isError) {
    const notFound = (theme.error as ApiError).status === 404;
    return notFound ? (
      <>
        <PageTitle>{t('themes.notFound')}</PageTitle>
        <p>
          <Link to="/themes">{t('themes.title')}</Link>
        </p>
      </>
    ) : (
      <LoadError retry={() => void theme.refetch()} />
    );
  }
  const data = theme.data;
  return (
    <article className="theme-detail">
      <div className="theme-detail-head">
        <PageTitle>{themeTitle(data, i18n.language)}</PageTitle>
        <ThemeStatus theme={data} />
      </div>
      <div className="card-foot">
        <span className="muted">{t('themes.followers', { count: data.followerCount })}</span>
        <FollowButton theme={data} />
      </div>
      <section aria-labelledby="theme-summary">
        <h2 id="theme-summary">{t('themes.summary')}</h2>
        <p className="theme-summary">
          {i18n.language === 'en' && data.summaryEn ? data.summaryEn : data.summary}
        </p>
      </section>
      <section aria-labelledby="theme-channels">
        <h2 id="theme-channels">{t('themes.channels')}</h2>
        {channels.data ? (
          <ul className="channel-links">
            {channels.data.map((channel) => (
              <li key={channel.id}>
                <Link to={`/themes/${slug}/${channel.slug}`}># {channel.name}</Link>
              </li>
            ))}
          </ul>
        ) : channels.isError ? (
          <p className="muted">{t('themes.followToRead')}</p>
        ) : (
          <Loading />
        )}
        {!data.following && <p className="muted">{t('themes.followToRead')}</p>}
      </section>
      <section aria-labelledby="theme-owners">
        <h2 id="theme-owners">{t('themes.owners')}</h2>
        {data.owners.length === 0 && <p className="muted">{t('themes.noOwners')}</p>}
        <ul className="people">
          {data.owners.map((owner) => (
            <li key={owner.id}>
              <Avatar name={owner.displayName} url={owner.avatarUrl} size={28} /> {owner.displayName}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="theme-followers">
        <h2 id="theme-followers">{t('themes.followersList')}</h2>
        {members.data ? (
          <ul className="people">
            {members.data.map((member) => (
              <li key={member.id}>
                <Avatar name={member.displayName} url={member.avatarUrl} size={28} /> {member.displayName}
              </li>
            ))}
          </ul>
        ) : (
          <Loading />
        )}
      </section>
    </article>
  );
}
