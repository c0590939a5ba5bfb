import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useManageRights } from '@/features/manage/api/rights';
import { ThemeDetail } from '@/features/themes/components/theme-detail';

export function ThemePage() {
  const { t } = useTranslation();
  const { slug = '' } = useParams();
  const rights = useManageRights();
  return (
    <div className="page">
      {(rights.staff || rights.owned.includes(slug)) && (
        <p className="manage-crumb">
          <Link to={`/manage/themes/${slug}`}>{t('manage.manageTheme')}</Link>
        </p>
      )}
      <ThemeDetail key={slug} slug={slug} />
    </div>
  );
}
