import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '@/components/date-time';
import { LoadError, Loading } from '@/components/status';
import type { Kpis, KpiTable } from '@/lib/api-types';
import { errorMessage } from '@/lib/error-message';
import { formatDay } from '@/utils/day-range';
import { figureState, formatCount, formatPercent, shortDay } from '@/utils/kpi-format';
import { fiscalYearOf, type DayRange } from '@/utils/kpi-range';
import { useKpis } from '../api/kpis';
import { AttendanceBars } from './attendance-bars';
import { CsvButton } from './csv-button';
import { LineChart, type LineSeries } from './line-chart';
import { RetentionHeatMap, Suppressed } from './retention-heat-map';

/** Line colours with at least 3:1 against the white page (WCAG's non-text contrast). */
const PALETTE = ['#7a3b2e', '#1b5fc1', '#2e7d32', '#8a5a00', '#6a1b9a', '#00796b', '#c2185b'];
const ERROR_CODES = ['INVALID_RANGE'] as const;

/** A section with its heading, a lead, its CSV button and what it shows. */
function Section({
  table,
  range,
  lead,
  children,
}: {
  table: KpiTable;
  range: DayRange;
  lead?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={`kpi-${table}`} className="manage-section kpi-section">
      <div className="manage-section-head">
        <h2 id={`kpi-${table}`}>{t(`kpis.${table}.heading`)}</h2>
        <CsvButton range={range} table={table} />
      </div>
      {lead && <p className="muted kpi-lead">{lead}</p>}
      {children}
    </section>
  );
}

/** A table that scrolls sideways inside itself on a phone (a keyboard can scroll it: it takes focus). */
function Table({ caption, id, children }: { caption: string; id: string; children: ReactNode }) {
  return (
    <div className="table-wrap" role="region" aria-labelledby={id} tabIndex={0}>
      <table className="table kpi-table">
        <caption id={id} className="visually-hidden">
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}

/**
 * A figure as a cell. Missing, it is either withheld (its object is `suppressed`: a dash, and the reason for a
 * screen reader) or not known yet (a month that has not ended, an event not held yet: said in words).
 */
function Figure({
  value,
  suppressed = false,
  percent = false,
  pending,
}: {
  value: number | null;
  suppressed?: boolean;
  percent?: boolean;
  pending?: string;
}) {
  const { i18n } = useTranslation();
  const state = figureState(value, suppressed);
  if (state === 'suppressed' || (state === 'pending' && !pending)) return <Suppressed />;
  if (state === 'pending') return <span className="muted">{pending}</span>;
  return <>{percent ? formatPercent(value, i18n.language) : formatCount(value, i18n.language)}</>;
}

function Headline({ data }: { data: Kpis }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const year = fiscalYearOf(data.to);
  const involved = data.involved.fiscalYears.find((row) => row.fiscalYear === year);
  const { overall } = data.events;
  const alumni = data.alumni.overall;
  // A month not over yet says so; a withheld one is a dash.
  const curvePoint = (value: number | null) =>
    value === null && !alumni.suppressed ? t('kpis.notYet') : formatPercent(value, lang);
  const at = t('kpis.headline.activeAt', { day: formatDay(data.to, lang) });
  const card = (label: string, value: ReactNode, hint?: string, big = false) => (
    <div className={`card kpi-figure${big ? ' kpi-figure-big' : ''}`}>
      <dt>{label}</dt>
      <dd className="kpi-figure-value">{value}</dd>
      {hint && <dd className="muted kpi-figure-hint">{hint}</dd>}
    </div>
  );
  return (
    <section aria-labelledby="kpi-headline" className="kpi-headline-section">
      <h2 id="kpi-headline" className="visually-hidden">
        {t('kpis.headline.heading')}
      </h2>
      <dl className="kpi-headline">
        {card(
          t('kpis.headline.involved', { year }),
          <Figure value={involved?.involved ?? null} suppressed={involved?.suppressed} />,
          t('kpis.headline.involvedNew', { n: formatCount(involved?.new ?? null, lang) }),
          true,
        )}
        {card(
          t('kpis.headline.dau'),
          <Figure value={data.active.dau} suppressed={data.active.suppressed} />,
          at,
        )}
        {card(
          t('kpis.headline.wau'),
          <Figure value={data.active.wau} suppressed={data.active.suppressed} />,
          at,
        )}
        {card(
          t('kpis.headline.mau'),
          <Figure value={data.active.mau} suppressed={data.active.suppressed} />,
          at,
        )}
        {card(
          t('kpis.headline.engagedMau'),
          <Figure value={data.active.engagedMau} suppressed={data.active.suppressed} />,
          t('kpis.headline.engagedHint'),
        )}
        {card(
          t('kpis.headline.attendance'),
          <Figure value={overall.attendanceRate} suppressed={overall.suppressed} percent />,
          t('kpis.headline.attendanceHint', {
            checkedIn: formatCount(overall.checkedIn, lang),
            going: formatCount(overall.going, lang),
          }),
        )}
        {card(
          t('kpis.headline.alumni'),
          <Figure value={alumni.m3} suppressed={alumni.suppressed} percent pending={t('kpis.notYet')} />,
          t('kpis.headline.alumniValue', { m6: curvePoint(alumni.m6), m12: curvePoint(alumni.m12) }),
        )}
      </dl>
    </section>
  );
}

function Involved({ data, range }: { data: Kpis; range: DayRange }) {
  const { t } = useTranslation();
  const rows = data.involved.fiscalYears;
  return (
    <Section table="involved" range={range} lead={t('kpis.involved.lead')}>
      {rows.length === 0 ? (
        <p className="muted">{t('kpis.involved.none')}</p>
      ) : (
        <Table caption={t('kpis.involved.tableCaption')} id="kpi-involved-caption">
          <thead>
            <tr>
              <th scope="col">{t('kpis.involved.fiscalYear')}</th>
              <th scope="col">{t('kpis.involved.involved')}</th>
              <th scope="col">{t('kpis.involved.new')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.fiscalYear}>
                <th scope="row">{t('kpis.involved.year', { year: row.fiscalYear })}</th>
                <td className="kpi-num">
                  <Figure value={row.involved} suppressed={row.suppressed} />
                </td>
                <td className="kpi-num">
                  <Figure value={row.new} suppressed={row.suppressed} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Section>
  );
}

function Active({ data, range }: { data: Kpis; range: DayRange }) {
  const { t, i18n } = useTranslation();
  const days = data.active.series;
  const series: LineSeries[] = [
    { key: 'dau', label: t('kpis.active.dau'), colour: PALETTE[0], values: days.map((d) => d.dau) },
    {
      key: 'engaged',
      label: t('kpis.active.engaged'),
      colour: PALETTE[1],
      dashed: true,
      values: days.map((d) => d.engaged),
    },
  ];
  const most = (values: (number | null)[]) =>
    formatCount(Math.max(0, ...values.map((v) => v ?? 0)), i18n.language);
  return (
    <Section table="active" range={range} lead={t('kpis.active.lead')}>
      {days.length === 0 ? (
        <p className="muted">{t('kpis.active.none')}</p>
      ) : (
        <figure className="kpi-figure-block">
          <figcaption className="visually-hidden">
            {t('kpis.active.chart', {
              from: formatDay(data.from, i18n.language),
              to: formatDay(data.to, i18n.language),
              maxDau: most(series[0].values),
              maxEngaged: most(series[1].values),
            })}
          </figcaption>
          <LineChart labels={days.map((d) => shortDay(d.day))} series={series} />
          <div className="visually-hidden">
            <table>
              <caption>{t('kpis.active.tableCaption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('kpis.active.day')}</th>
                  <th scope="col">{t('kpis.active.dau')}</th>
                  <th scope="col">{t('kpis.active.engaged')}</th>
                </tr>
              </thead>
              <tbody>
                {days.map((d) => (
                  <tr key={d.day}>
                    <th scope="row">{formatDay(d.day, i18n.language)}</th>
                    <td>
                      <Figure value={d.dau} suppressed={d.suppressed} />
                    </td>
                    <td>
                      <Figure value={d.engaged} suppressed={d.suppressed} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </figure>
      )}
    </Section>
  );
}

function Retention({ data, range }: { data: Kpis; range: DayRange }) {
  const { t } = useTranslation();
  return (
    <Section table="retention" range={range} lead={t('kpis.retention.lead')}>
      {data.retention.cohorts.length === 0 ? (
        <p className="muted">{t('kpis.retention.none')}</p>
      ) : (
        <RetentionHeatMap cohorts={data.retention.cohorts} />
      )}
    </Section>
  );
}

function Alumni({ data, range }: { data: Kpis; range: DayRange }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { overall, projects } = data.alumni;
  const months = ['m3', 'm6', 'm12'] as const;
  const withDays = projects.some((project) => project.endsOn);
  const series: LineSeries[] = [
    ...projects.map((project, i) => ({
      key: project.projectId,
      label: project.title,
      colour: PALETTE[(i + 1) % PALETTE.length],
      dashed: i >= PALETTE.length - 1,
      values: months.map((m) => project[m]),
    })),
    {
      key: 'overall',
      label: t('kpis.alumni.overall'),
      colour: '#1f1d1a',
      strong: true,
      values: months.map((m) => overall[m]),
    },
  ];
  return (
    <Section table="alumni" range={range} lead={t('kpis.alumni.lead')}>
      {projects.length === 0 ? (
        <p className="muted">{t('kpis.alumni.none')}</p>
      ) : (
        <>
          <figure className="kpi-figure-block">
            <figcaption className="visually-hidden">
              {t('kpis.alumni.chart', {
                m3: formatPercent(overall.m3, lang),
                m6: formatPercent(overall.m6, lang),
                m12: formatPercent(overall.m12, lang),
              })}
            </figcaption>
            <LineChart
              labels={months.map((m) => t(`kpis.retention.${m}`))}
              series={series}
              percent
              categorical
            />
          </figure>
          <Table caption={t('kpis.alumni.tableCaption')} id="kpi-alumni-caption">
            <thead>
              <tr>
                <th scope="col">{t('kpis.alumni.project')}</th>
                {withDays && (
                  <th scope="col" className="kpi-text">
                    {t('kpis.alumni.endsOn')}
                  </th>
                )}
                <th scope="col">{t('kpis.alumni.participants')}</th>
                {months.map((m) => (
                  <th key={m} scope="col">
                    {t(`kpis.retention.${m}`)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {projects.map((project) => (
                <tr key={project.projectId}>
                  <th scope="row">{project.title}</th>
                  {withDays && (
                    <td className="kpi-nowrap">{project.endsOn ? formatDay(project.endsOn, lang) : ''}</td>
                  )}
                  <td className="kpi-num">
                    <Figure value={project.participants} suppressed={project.suppressed} />
                  </td>
                  {months.map((m) => (
                    <td key={m} className="kpi-num">
                      <Figure
                        value={project[m]}
                        suppressed={project.suppressed}
                        percent
                        pending={t('kpis.notYet')}
                      />
                    </td>
                  ))}
                </tr>
              ))}
              <tr className="kpi-total">
                <th scope="row">{t('kpis.alumni.overall')}</th>
                {withDays && <td />}
                <td />
                {months.map((m) => (
                  <td key={m} className="kpi-num">
                    <Figure
                      value={overall[m]}
                      suppressed={overall.suppressed}
                      percent
                      pending={t('kpis.notYet')}
                    />
                  </td>
                ))}
              </tr>
            </tbody>
          </Table>
        </>
      )}
      <p>{t('kpis.alumni.reactivations', { n: formatCount(data.alumni.reactivations, lang) })}</p>
    </Section>
  );
}

function Events({ data, range }: { data: Kpis; range: DayRange }) {
  const { t, i18n } = useTranslation();
  const { items, overall } = data.events;
  return (
    <Section table="events" range={range} lead={t('kpis.events.lead')}>
      {items.length === 0 ? (
        <p className="muted">{t('kpis.events.none')}</p>
      ) : (
        <>
          <figure className="kpi-figure-block">
            <figcaption className="visually-hidden">
              {t('kpis.events.chart', { count: items.length })}
            </figcaption>
            <AttendanceBars items={items} />
          </figure>
          <Table caption={t('kpis.events.tableCaption')} id="kpi-events-caption">
            <thead>
              <tr>
                <th scope="col">{t('kpis.events.event')}</th>
                <th scope="col" className="kpi-text">
                  {t('kpis.events.startsAt')}
                </th>
                <th scope="col">{t('kpis.events.going')}</th>
                <th scope="col">{t('kpis.events.checkedIn')}</th>
                <th scope="col">{t('kpis.events.attendanceRate')}</th>
                <th scope="col">{t('kpis.events.noShows')}</th>
                <th scope="col">{t('kpis.events.alumni')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.eventId}>
                  <th scope="row">{item.title}</th>
                  <td className="kpi-nowrap">
                    <DateTime iso={item.startsAt} style="full" />
                  </td>
                  <td className="kpi-num">
                    <Figure value={item.going} suppressed={item.suppressed} />
                  </td>
                  <td className="kpi-num">
                    <Figure value={item.checkedIn} suppressed={item.suppressed} />
                  </td>
                  <td className="kpi-num">
                    <Figure
                      value={item.attendanceRate}
                      suppressed={item.suppressed}
                      percent
                      pending={t('kpis.events.notHeld')}
                    />
                  </td>
                  <td className="kpi-num">
                    <Figure
                      value={item.noShows}
                      suppressed={item.suppressed}
                      pending={t('kpis.events.notHeld')}
                    />
                  </td>
                  <td className="kpi-num">
                    <Figure
                      value={item.alumni}
                      suppressed={item.suppressed}
                      pending={t('kpis.events.notHeld')}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        </>
      )}
      <p>{t('kpis.events.repeat', { n: formatCount(overall.repeatAttendees, i18n.language) })}</p>
    </Section>
  );
}

function Digests({ data, range }: { data: Kpis; range: DayRange }) {
  const { t } = useTranslation();
  const columns = ['sent', 'clicked', 'returned72h', 'unsubscribed'] as const;
  return (
    <Section table="digests" range={range}>
      {data.digests.periods.length === 0 ? (
        <p className="muted">{t('kpis.digests.none')}</p>
      ) : (
        <Table caption={t('kpis.digests.tableCaption')} id="kpi-digests-caption">
          <thead>
            <tr>
              <th scope="col">{t('kpis.digests.period')}</th>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {t(`kpis.digests.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.digests.periods.map((row) => (
              <tr key={row.period}>
                <th scope="row">{row.period}</th>
                {columns.map((c) => (
                  <td key={c} className="kpi-num">
                    <Figure value={row[c]} suppressed={row.suppressed} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Section>
  );
}

/** The figures for a range: headline numbers, then one section per table with its chart and CSV. */
export function KpiDashboard({ range }: { range: DayRange }) {
  const { t, i18n } = useTranslation();
  const kpis = useKpis(range);
  if (kpis.isPending) return <Loading />;
  if (kpis.isError)
    return (
      <LoadError
        message={errorMessage(kpis.error, t, 'kpis', ERROR_CODES)}
        retry={() => void kpis.refetch()}
      />
    );
  const data = kpis.data;
  return (
    <div className="kpi-dashboard" aria-busy={kpis.isPlaceholderData || undefined}>
      <p className="kpi-showing" role="status">
        {t('kpis.range.showing', {
          from: formatDay(data.from, i18n.language),
          to: formatDay(data.to, i18n.language),
        })}
      </p>
      <Headline data={data} />
      <Involved data={data} range={range} />
      <Active data={data} range={range} />
      <Retention data={data} range={range} />
      <Alumni data={data} range={range} />
      <Events data={data} range={range} />
      <Digests data={data} range={range} />
    </div>
  );
}
