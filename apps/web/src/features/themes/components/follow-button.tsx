import { useTranslation } from 'react-i18next';
import type { Theme } from '@/lib/api-types';
import { useFollow } from '../api/themes';

export function FollowButton({ theme }: { theme: Theme }) {
  const { t } = useTranslation();
  const follow = useFollow(theme.slug);
  return (
    <button
      type="button"
      className={theme.following ? 'button button-secondary' : 'button'}
      aria-pressed={theme.following}
      aria-label={t(theme.following ? 'themes.unfollowOf' : 'themes.followOf', { title: theme.title })}
      disabled={follow.isPending}
      onClick={() => follow.mutate(!theme.following)}
    >
      {theme.following ? t('themes.unfollow') : t('themes.follow')}
    </button>
  );
}
