import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError, Loading } from '@/components/status';
import { useThemes } from '../api/themes';
import { FollowButton } from './follow-button';
import { ThemeStatus, themeTitle } from './theme-status';

/** Every theme I may see, with follow / unfollow. */
export function ThemeList() {
  const { t, i18n } = useTranslation();
  const themes = useThemes();
  if (themes.isPending) return <Loading />;
  if (themes.isError) return <LoadError retry={() => void themes.refetch()} />;
  return (
    <ul className="card-list">
      {themes.data.map((theme) => (
        <li key={theme.id} className="card theme-card">
          <div className="theme-card-head">
            <h2 className="card-title">
              <Link to={`/themes/${theme.slug}`}>{themeTitle(theme, i18n.language)}</Link>
            </h2>
            <ThemeStatus theme={theme} />
          </div>
          <p className="theme-summary">
            {i18n.language === 'en' && theme.summaryEn ? theme.summaryEn : theme.summary}
          </p>
          <div className="card-foot">
            <span className="muted">{t('themes.followers', { count: theme.followerCount })}</span>
            <FollowButton theme={theme} />
          </div>
        </li>
      ))}
    </ul>
  );
}
