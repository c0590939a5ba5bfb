import { useTranslation } from 'react-i18next';
import type { KpiEvent } from '@/lib/api-types';
import { linearScale, niceTicks } from '@/utils/chart';
import { dayKey } from '@/utils/format-date';
import { DASH, shortDay } from '@/utils/kpi-format';
import { useWidth } from '../hooks/use-width';

const ROW = 70;
const LABEL_ROOM = 44;
export const GOING_COLOUR = '#d9c3bb';
export const CHECKED_IN_COLOUR = '#7a3b2e';

/** Roughly how many characters of a title fit in a width (Japanese glyphs are about 13 px at 13 px). */
function clip(text: string, width: number): string {
  const fits = Math.max(8, Math.floor(width / 13));
  return text.length > fits ? `${text.slice(0, fits - 1)}…` : text;
}

/**
 * Per event, two bars: going and checked in, on one scale. Hidden from screen readers: the events table
 * beside it has the same figures.
 */
export function AttendanceBars({ items }: { items: KpiEvent[] }) {
  const { t } = useTranslation();
  const [ref, width] = useWidth<HTMLDivElement>();
  const max = Math.max(0, ...items.map((item) => Math.max(item.going ?? 0, item.checkedIn ?? 0)));
  const ticks = niceTicks(max, 4);
  const x = linearScale([0, ticks[ticks.length - 1]], [0, Math.max(1, width - LABEL_ROOM)]);
  const bar = (value: number | null, top: number, colour: string) => (
    <g>
      {value !== null && <rect x={0} y={top} width={Math.max(1, x(value))} height={14} fill={colour} />}
      <text className="kpi-bar-value" x={(value === null ? 0 : x(value)) + 6} y={top + 11}>
        {value === null ? DASH : value}
      </text>
    </g>
  );

  return (
    <div className="kpi-chart">
      <ul className="kpi-legend">
        <li>
          <span className="kpi-box kpi-box-going" aria-hidden="true" />
          {t('kpis.events.going')}
        </li>
        <li>
          <span className="kpi-box kpi-box-checked-in" aria-hidden="true" />
          {t('kpis.events.checkedIn')}
        </li>
      </ul>
      <div ref={ref} className="kpi-canvas">
        {width > 0 && (
          <svg width={width} height={items.length * ROW} aria-hidden="true" focusable="false">
            {items.map((item, i) => {
              const top = i * ROW;
              return (
                <g key={item.eventId}>
                  <text className="kpi-bar-title" x={0} y={top + 14}>
                    {clip(`${shortDay(dayKey(item.startsAt, 'Asia/Tokyo'))} ${item.title}`, width)}
                  </text>
                  {bar(item.going, top + 22, GOING_COLOUR)}
                  {item.started === false ? (
                    <text className="kpi-tick" x={0} y={top + 51}>
                      {t('kpis.events.notHeld')}
                    </text>
                  ) : (
                    bar(item.checkedIn, top + 40, CHECKED_IN_COLOUR)
                  )}
                </g>
              );
            })}
          </svg>
        )}
      </div>
    </div>
  );
}
