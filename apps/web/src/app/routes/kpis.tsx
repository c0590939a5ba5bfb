import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageTitle } from '@/components/page-title';
import { Loading } from '@/components/status';
import { KpiDashboard } from '@/features/kpis/components/kpi-dashboard';
import { RangePicker } from '@/features/kpis/components/range-picker';
import { useManageRights } from '@/features/manage/api/rights';
import { NoPermission } from '@/features/manage/components/no-permission';
import { rangeFromSearch } from '@/utils/kpi-range';
import './kpis-locales';

/**
 * `/admin/kpis`: the salon's figures for coordinators and admins (the api refuses anyone else). The range
 * lives in the address (`?from=&to=`), so a view can be reloaded and shared; by default this fiscal year.
 */
export function KpisPage() {
  const { t } = useTranslation();
  const rights = useManageRights();
  const [search, setSearch] = useSearchParams();
  if (rights.pending) return <Loading />;
  if (!rights.staff) return <NoPermission />;
  const range = rangeFromSearch(search);
  return (
    <div className="page manage-page kpi-page">
      <p className="manage-crumb">
        <Link to="/manage">{t('manage.hubTitle')}</Link>
      </p>
      <PageTitle>{t('kpis.title')}</PageTitle>
      <p className="muted">{t('kpis.lead')}</p>
      <RangePicker range={range} onChange={(next) => setSearch({ from: next.from, to: next.to })} />
      <KpiDashboard range={range} />
    </div>
  );
}
