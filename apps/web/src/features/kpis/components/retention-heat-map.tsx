import { useTranslation } from 'react-i18next';
import type { KpiCohort } from '@/lib/api-types';
import { heatColour } from '@/utils/chart';
import { DASH, figureState, formatCount, formatMonth, formatPercent } from '@/utils/kpi-format';

const MONTHS = ['m1', 'm3', 'm6', 'm12'] as const;

/**
 * Retention as a heat map that is itself a table: rows are join months, columns the months after, each cell
 * coloured by its percentage with the number written on it. A screen reader reads it as the table it is;
 * a dash (fewer than 5 people) and a blank (the month is not over) are said in words.
 */
export function RetentionHeatMap({ cohorts }: { cohorts: KpiCohort[] }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <div className="table-wrap" role="region" aria-labelledby="kpi-retention-caption" tabIndex={0}>
        <table className="table kpi-heat">
          <caption id="kpi-retention-caption" className="visually-hidden">
            {t('kpis.retention.tableCaption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('kpis.retention.cohort')}</th>
              <th scope="col">{t('kpis.retention.size')}</th>
              {MONTHS.map((month) => (
                <th key={month} scope="col">
                  {t(`kpis.retention.${month}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {cohorts.map((cohort) => (
              <tr key={cohort.month}>
                <th scope="row">{formatMonth(cohort.month, i18n.language)}</th>
                <td className="kpi-num">
                  {cohort.size === null ? <Suppressed /> : formatCount(cohort.size, i18n.language)}
                </td>
                {MONTHS.map((month) => {
                  const value = cohort[month];
                  const state = figureState(value, cohort.suppressed);
                  if (state === 'suppressed')
                    return (
                      <td key={month} className="kpi-heat-cell kpi-heat-none">
                        <Suppressed />
                      </td>
                    );
                  if (value === null)
                    return (
                      <td key={month} className="kpi-heat-cell kpi-heat-pending">
                        <span className="visually-hidden">{t('kpis.retention.pending')}</span>
                      </td>
                    );
                  const colour = heatColour(value);
                  return (
                    <td
                      key={month}
                      className="kpi-heat-cell"
                      style={{ background: colour.fill, color: colour.text }}
                    >
                      {formatPercent(value, i18n.language)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ul className="kpi-legend kpi-heat-legend">
        <li>
          <span className="kpi-gradient" aria-hidden="true" />
          {t('kpis.retention.legendScale')}
        </li>
        <li>{t('kpis.retention.legendSuppressed')}</li>
        <li>
          <span className="kpi-box kpi-heat-pending" aria-hidden="true" />
          {t('kpis.retention.legendPending')}
        </li>
      </ul>
    </>
  );
}

/** A dash for the eye, the reason for a screen reader. */
export function Suppressed() {
  const { t } = useTranslation();
  return (
    <>
      <span aria-hidden="true">{DASH}</span>
      <span className="visually-hidden">{t('kpis.retention.suppressed')}</span>
    </>
  );
}
