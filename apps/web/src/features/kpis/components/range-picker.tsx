import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { defaultRange, rangeProblem, type DayRange } from '@/utils/kpi-range';

/** The range of days: two dates and 表示する (the page keeps them in the address). */
export function RangePicker({ range, onChange }: { range: DayRange; onChange: (range: DayRange) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [shown, setShown] = useState(range);
  // The address changed (back, a link): the fields follow it.
  if (shown.from !== range.from || shown.to !== range.to) {
    setShown(range);
    setFrom(range.from);
    setTo(range.to);
  }
  const problem = rangeProblem({ from, to });
  const fromInvalid = problem === 'invalidDay' && !from;
  const toInvalid = problem !== null && !fromInvalid;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!problem) onChange({ from, to });
  }

  return (
    <form className="kpi-range" onSubmit={submit} noValidate>
      <fieldset>
        <legend>{t('kpis.range.legend')}</legend>
        <div className="kpi-range-fields">
          <div className={`field${fromInvalid ? ' field-invalid' : ''}`}>
            <label htmlFor={`${id}-from`}>{t('kpis.range.from')}</label>
            <input
              id={`${id}-from`}
              type="date"
              value={from}
              max={to || undefined}
              aria-invalid={fromInvalid || undefined}
              aria-describedby={fromInvalid ? `${id}-problem` : undefined}
              onChange={(event) => setFrom(event.target.value)}
            />
          </div>
          <div className={`field${toInvalid ? ' field-invalid' : ''}`}>
            <label htmlFor={`${id}-to`}>{t('kpis.range.to')}</label>
            <input
              id={`${id}-to`}
              type="date"
              value={to}
              min={from || undefined}
              aria-invalid={toInvalid || undefined}
              aria-describedby={toInvalid ? `${id}-problem` : undefined}
              onChange={(event) => setTo(event.target.value)}
            />
          </div>
          <div className="button-row">
            <button type="submit" className="button" disabled={problem !== null}>
              {t('kpis.range.show')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => {
                const fallback = defaultRange();
                setFrom(fallback.from);
                setTo(fallback.to);
                onChange(fallback);
              }}
            >
              {t('kpis.range.thisYear')}
            </button>
          </div>
        </div>
        {problem && (
          <p id={`${id}-problem`} className="field-problem">
            {t(`kpis.range.problems.${problem}`)}
          </p>
        )}
      </fieldset>
    </form>
  );
}
