import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateTime } from '@/components/date-time';
import { LoadError, Loading } from '@/components/status';
import type { DigestRun } from '@/lib/api-types';
import { manageErrorMessage, useDigestRuns, useStartDigestRun } from '../api/manage';
import { ConfirmButton } from './confirm-button';

const COUNTS = ['enqueued', 'pending', 'sent', 'skipped', 'failed'] as const;

/** The latest digest runs with their counts; admins may start one (after a confirmation). */
export function DigestRuns({ canStart }: { canStart: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const runs = useDigestRuns();
  const start = useStartDigestRun();
  const [frequency, setFrequency] = useState<DigestRun['frequency']>('weekly');

  return (
    <>
      <section aria-labelledby={`${id}-start`} className="manage-section">
        <h2 id={`${id}-start`}>{t('manage.runs.startHeading')}</h2>
        {canStart ? (
          <>
            <p className="muted">{t('manage.runs.startLead')}</p>
            <div className="manage-inline-form">
              <label htmlFor={`${id}-frequency`}>{t('manage.runs.frequency')}</label>
              <select
                id={`${id}-frequency`}
                value={frequency}
                onChange={(event) => setFrequency(event.target.value as DigestRun['frequency'])}
              >
                <option value="weekly">{t('manage.runs.weekly')}</option>
                <option value="daily">{t('manage.runs.daily')}</option>
              </select>
              <ConfirmButton
                label={t('manage.runs.start')}
                question={t('manage.runs.confirm', { frequency: t(`manage.runs.${frequency}`) })}
                yes={t('manage.runs.confirmYes')}
                cancel={t('manage.runs.cancel')}
                disabled={start.isPending}
                onConfirm={() => start.mutate(frequency)}
              />
            </div>
            {start.isSuccess && (
              <p className="manage-saved" role="status">
                {t('manage.runs.started')}
              </p>
            )}
            {start.isError && (
              <p className="form-error" role="alert">
                {manageErrorMessage(start.error, t)}
              </p>
            )}
          </>
        ) : (
          <p className="muted">{t('manage.runs.adminOnly')}</p>
        )}
      </section>
      <section aria-labelledby={`${id}-recent`} className="manage-section">
        <div className="manage-section-head">
          <h2 id={`${id}-recent`}>{t('manage.runs.recent')}</h2>
          <button type="button" className="button button-secondary" onClick={() => void runs.refetch()}>
            {t('manage.runs.refresh')}
          </button>
        </div>
        {runs.isPending ? (
          <Loading />
        ) : runs.isError ? (
          <LoadError retry={() => void runs.refetch()} message={manageErrorMessage(runs.error, t)} />
        ) : runs.data.length === 0 ? (
          <p className="muted">{t('manage.runs.none')}</p>
        ) : (
          <div className="manage-table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-recent`}>
            <table className="manage-table">
              <thead>
                <tr>
                  <th scope="col">{t('manage.runs.createdAt')}</th>
                  <th scope="col">{t('manage.runs.frequency')}</th>
                  <th scope="col">{t('manage.runs.trigger')}</th>
                  <th scope="col">{t('manage.runs.state')}</th>
                  {COUNTS.map((count) => (
                    <th scope="col" key={count} className="number">
                      {t(`manage.runs.${count}`)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {runs.data.map((run) => (
                  <tr key={run.id} data-run={run.id}>
                    <td>
                      <DateTime iso={run.createdAt} />
                    </td>
                    <td>{t(`manage.runs.${run.frequency}`)}</td>
                    <td>{t(`manage.runs.${run.trigger}`)}</td>
                    <td>
                      {run.enqueuingDone && run.pending === 0
                        ? t('manage.runs.done')
                        : t('manage.runs.running')}
                    </td>
                    {COUNTS.map((count) => (
                      <td key={count} className="number">
                        {run[count]}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
