import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiTable } from '@/lib/api-types';
import type { DayRange } from '@/utils/kpi-range';
import { downloadKpisCsv } from '../api/kpis';

/** Downloads one table of the figures as the api writes it (`/api/admin/kpis.csv?…&table=`). */
export function CsvButton({ range, table }: { range: DayRange; table: KpiTable }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  return (
    <div className="kpi-csv">
      <button
        type="button"
        className="button button-secondary"
        disabled={busy}
        aria-label={t('kpis.csvOf', { table: t(`kpis.tables.${table}`) })}
        onClick={() => {
          setBusy(true);
          setFailed(false);
          downloadKpisCsv(range, table)
            .catch(() => setFailed(true))
            .finally(() => setBusy(false));
        }}
      >
        {t('kpis.csv')}
      </button>
      {failed && (
        <p className="form-error" role="alert">
          {t('kpis.csvFailed')}
        </p>
      )}
    </div>
  );
}
