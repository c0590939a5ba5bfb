import { useTranslation } from 'react-i18next';
import { PageTitle } from '@/components/page-title';
import { ThemeList } from '@/features/themes/components/theme-list';

export function ThemesPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageTitle>{t('themes.title')}</PageTitle>
      <ThemeList />
    </div>
  );
}
