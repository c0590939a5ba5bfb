import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LoadError, Loading } from '@/components/status';
import type { Theme } from '@/lib/api-types';
import { useThemes } from '../api/themes';
import { FollowButton } from './follow-button';
import { ThemeStatus, themeTitle } from './theme-status';

/** Every theme I may see, with follow / unfollow. */
export function ThemeList() {
  const { t, i18n } = useTranslation();
  const themes = useThemes();
  if (themes.isPending) return <Loading />;
  if (themes.isError) return <LoadError retry={() => void themes.refetch()} />;
  // Archived themes are read only: listed apart, after the others.
  const open = themes.data.filter((theme) => !theme.archived);
  const archived = themes.data.filter((theme) => theme.archived);
  const cards = (items: Theme[]) => (
    <ul className="card-list">
      {items.map((theme) => (
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
  return (
    <>
      {cards(open)}
      {archived.length > 0 && (
        <section aria-labelledby="archived-themes" className="archived-themes">
          <h2 id="archived-themes">{t('themes.archivedThemes')}</h2>
          <p className="muted">{t('themes.archivedNote')}</p>
          {cards(archived)}
        </section>
      )}
    </>
  );
}
