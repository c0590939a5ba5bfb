import { useTranslation } from 'react-i18next';
import { Link, NavLink, useParams, useSearchParams } from 'react-router';
import { LoadError, Loading } from '@/components/status';
import { PageTitle } from '@/components/page-title';
import { ChannelView } from '@/features/chat/components/channel-view';
import { PresenceList } from '@/features/chat/components/presence-list';
import { useChannels, useMyThemes, useTheme, useThemeMembers } from '@/features/themes/api/themes';
import { FollowButton } from '@/features/themes/components/follow-button';
import { themeTitle } from '@/features/themes/components/theme-status';
import { useMember } from '@/hooks/use-session';

/** `/themes/:slug/:channelSlug`: the theme's channels, who is online, and the channel itself. */
export function ChannelPage() {
  const { t, i18n } = useTranslation();
  const { slug = '', channelSlug = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const me = useMember();
  const theme = useTheme(slug);
  const channels = useChannels(slug);
  const members = useThemeMembers(slug);
  const mine = useMyThemes();

  if (theme.isPending || channels.isPending || mine.isPending) return <Loading />;
  if (theme.isError || channels.isError) {
    return (
      <div className="page notice-page">
        <PageTitle>{t('chat.channelNotFound')}</PageTitle>
        <Link to="/themes">{t('themes.title')}</Link>
      </div>
    );
  }
  const channel = channels.data.find((item) => item.slug === channelSlug);
  if (!channel) {
    return (
      <div className="page notice-page">
        <PageTitle>{t('chat.channelNotFound')}</PageTitle>
        <Link to={`/themes/${slug}`}>{themeTitle(theme.data, i18n.language)}</Link>
      </div>
    );
  }
  const owner = theme.data.owners.some((o) => o.id === me.id);
  const canModerate = me.role !== 'member' || owner;
  const canRead = canModerate || theme.data.following;
  const lastReadSeq =
    mine.data?.flatMap((followed) => followed.channels).find((item) => item.id === channel.id)?.unread
      .lastReadSeq ?? null;
  const names = new Map((members.data ?? []).map((member) => [member.id, member.displayName]));
  const threadId = params.get('thread') ?? undefined;
  const targetMessageId = params.get('message') ?? undefined;

  return (
    <div className="channel-page">
      <header className="channel-header">
        <div className="channel-title">
          <Link to={`/themes/${slug}`} className="muted theme-crumb">
            {themeTitle(theme.data, i18n.language)}
          </Link>
          <PageTitle>{`# ${channel.name}`}</PageTitle>
        </div>
        <PresenceList themeId={theme.data.id} names={names} />
        {channels.data.length > 1 && (
          <nav aria-label={t('themes.channels')} className="channel-tabs">
            <ul>
              {channels.data.map((item) => (
                <li key={item.id}>
                  <NavLink to={`/themes/${slug}/${item.slug}`}># {item.name}</NavLink>
                </li>
              ))}
            </ul>
          </nav>
        )}
      </header>
      {!canRead ? (
        <div className="page notice-page">
          <p>{t('themes.followToRead')}</p>
          <FollowButton theme={theme.data} />
        </div>
      ) : members.isError ? (
        <LoadError retry={() => void members.refetch()} />
      ) : (
        <ChannelView
          key={channel.id}
          channel={theme.data.archived ? { ...channel, archived: true } : channel}
          me={me}
          canModerate={canModerate}
          lastReadSeq={lastReadSeq}
          candidates={(members.data ?? []).filter((member) => member.id !== me.id)}
          targetMessageId={targetMessageId}
          threadId={threadId}
          onThreadChange={(parentId) => {
            const next = new URLSearchParams(params);
            next.delete('message');
            if (parentId) next.set('thread', parentId);
            else next.delete('thread');
            setParams(next);
          }}
        />
      )}
    </div>
  );
}
