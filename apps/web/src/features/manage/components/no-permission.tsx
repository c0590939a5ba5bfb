import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '@/components/page-title';

/** What a member sees at a managing screen that is not theirs (the api refuses it too). */
export function NoPermission() {
  const { t } = useTranslation();
  return (
    <div className="page notice-page">
      <PageTitle>{t('manage.noPermissionTitle')}</PageTitle>
      <p>{t('manage.noPermissionBody')}</p>
      <p>
        <Link to="/">{t('manage.backHome')}</Link>
      </p>
    </div>
  );
}
