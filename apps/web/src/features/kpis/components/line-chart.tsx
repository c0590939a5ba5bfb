import { labelIndexes, linearScale, linePath, niceTicks } from '@/utils/chart';
import { useWidth } from '../hooks/use-width';

export interface LineSeries {
  key: string;
  label: string;
  colour: string;
  values: (number | null)[];
  dashed?: boolean;
  /** A thicker line (the overall curve among the projects'). */
  strong?: boolean;
}

const MARGIN = { top: 12, right: 14, bottom: 28, left: 44 };

/** A swatch of a series' line for a legend. */
export function LineSwatch({ series }: { series: Pick<LineSeries, 'colour' | 'dashed' | 'strong'> }) {
  return (
    <svg className="kpi-swatch" width="28" height="10" aria-hidden="true" focusable="false">
      <line
        x1="1"
        x2="27"
        y1="5"
        y2="5"
        stroke={series.colour}
        strokeWidth={series.strong ? 4 : 2.5}
        strokeDasharray={series.dashed ? '6 4' : undefined}
      />
    </svg>
  );
}

/**
 * Lines over a row of labelled points, with a y axis from 0 and a legend. The drawing is hidden from
 * screen readers: each chart comes with a table or a summary of the same figures.
 */
export function LineChart({
  labels,
  series,
  percent = false,
  categorical = false,
  height = 240,
}: {
  labels: string[];
  series: LineSeries[];
  /** A y axis of 0–100 %. */
  percent?: boolean;
  /** A few named points (3 months, 6 months…), drawn with dots and inset from the edges. */
  categorical?: boolean;
  height?: number;
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const max = Math.max(0, ...series.flatMap((s) => s.values.map((v) => v ?? 0)));
  const ticks = percent ? [0, 25, 50, 75, 100] : niceTicks(max, Math.max(2, Math.floor(plotHeight / 40)));
  const top = ticks[ticks.length - 1];
  const inset = categorical ? Math.min(48, width / 8) : 0;
  const left = MARGIN.left + inset;
  const right = Math.max(left + 1, width - MARGIN.right - inset);
  const x = linearScale([0, Math.max(1, labels.length - 1)], [left, right]);
  const y = linearScale([0, top], [MARGIN.top + plotHeight, MARGIN.top]);
  const xAt = (i: number) => (labels.length === 1 ? (left + right) / 2 : x(i));
  const shown = labelIndexes(labels.length, Math.max(2, Math.floor((right - left) / 72) + 1));
  const dots = categorical || labels.length <= 14;

  return (
    <div className="kpi-chart">
      <ul className="kpi-legend">
        {series.map((s) => (
          <li key={s.key}>
            <LineSwatch series={s} />
            {s.label}
          </li>
        ))}
      </ul>
      <div ref={ref} className="kpi-canvas">
        {width > 0 && (
          <svg width={width} height={height} aria-hidden="true" focusable="false">
            {ticks.map((tick) => (
              <g key={tick} className="kpi-grid">
                <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(tick)} y2={y(tick)} />
                <text x={MARGIN.left - 6} y={y(tick)} dy="0.32em" textAnchor="end">
                  {percent ? `${tick}%` : tick}
                </text>
              </g>
            ))}
            <line className="kpi-axis" x1={MARGIN.left} x2={width - MARGIN.right} y1={y(0)} y2={y(0)} />
            {shown.map((i, n) => (
              <text
                key={i}
                className="kpi-tick"
                x={xAt(i)}
                y={height - 8}
                textAnchor={
                  categorical || labels.length === 1
                    ? 'middle'
                    : n === 0
                      ? 'start'
                      : n === shown.length - 1
                        ? 'end'
                        : 'middle'
                }
              >
                {labels[i]}
              </text>
            ))}
            {series.map((s) => (
              <g key={s.key}>
                <path
                  d={linePath(s.values.map((v, i) => [xAt(i), v === null ? null : y(v)]))}
                  fill="none"
                  stroke={s.colour}
                  strokeWidth={s.strong ? 4 : 2.5}
                  strokeLinejoin="round"
                  strokeDasharray={s.dashed ? '6 4' : undefined}
                />
                {dots &&
                  s.values.map((v, i) =>
                    v === null ? null : (
                      <circle key={i} cx={xAt(i)} cy={y(v)} r={s.strong ? 5 : 4} fill={s.colour} />
                    ),
                  )}
              </g>
            ))}
          </svg>
        )}
      </div>
    </div>
  );
}
