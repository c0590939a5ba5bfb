import { useTranslation } from 'react-i18next';
import type { Theme } from '@/lib/api-types';

export function ThemeStatus({ theme }: { theme: Theme }) {
  const { t } = useTranslation();
  return (
    <span className="badges">
      <span className={`badge badge-${theme.status}`}>{t(`themes.status.${theme.status}`)}</span>
      {theme.visibility === 'private' && <span className="badge badge-private">{t('themes.private')}</span>}
      {theme.archived && <span className="badge badge-archived">{t('themes.archived')}</span>}
    </span>
  );
}

/** The theme's title in the reader's language (English when the member reads English and it exists). */
export function themeTitle(theme: Pick<Theme, 'title' | 'titleEn'>, language: string): string {
  return language === 'en' && theme.titleEn ? theme.titleEn : theme.title;
}
