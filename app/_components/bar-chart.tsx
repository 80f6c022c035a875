import { formatMoney, type Money } from "@/server/domain/money";

/** One stacked segment kind, e.g. "Committed"; `className` colours it (a Tailwind fill-* class). */
export interface BarSeries {
  name: string;
  className: string;
}

export interface Bar {
  key: string;
  label: string;
  /** One amount per series, in the same order as `series`. */
  values: Money[];
  /** Drawn as a dashed outline with a line at its end, e.g. a budget. */
  marker?: Money | null;
}

const ROW_HEIGHT = 44;
const BAR_TOP = 20;
const BAR_HEIGHT = 16;
const LABEL_CHARS = 28;

/**
 * Amounts in different currencies cannot share one axis, so the chart draws
 * the currency most bars are in; the table next to it shows every row.
 */
export function chartCurrency(bars: { values: Money[] }[]): string | null {
  const counts = new Map<string, number>();
  for (const bar of bars) {
    const currency = bar.values[0]?.currency;
    if (currency) counts.set(currency, (counts.get(currency) ?? 0) + 1);
  }
  let best: string | null = null;
  for (const [currency, count] of counts) if (best === null || count > counts.get(best)!) best = currency;
  return best;
}

const totalOf = (bar: Bar) => bar.values.reduce((sum, v) => sum + Math.max(0, v.amount), 0);
const percent = (amount: number, scale: number) => `${scale > 0 ? (Math.max(0, amount) / scale) * 100 : 0}%`;
const shorten = (text: string) => (text.length > LABEL_CHARS ? `${text.slice(0, LABEL_CHARS - 1)}…` : text);

/**
 * Horizontal stacked bars in plain SVG: positions are percentages of the
 * chart's width, so it fits a phone without measuring anything. Screen
 * readers get the summary in aria-label; the table beside it holds the data.
 */
export function BarChart({
  title,
  bars,
  series,
  markerName,
  testId,
}: {
  title: string;
  bars: Bar[];
  series: BarSeries[];
  markerName?: string;
  testId?: string;
}) {
  const currency = chartCurrency(bars);
  const shown = bars.filter((b) => b.values[0]?.currency === currency);
  if (!currency || shown.length === 0) return null;
  const left = bars.length - shown.length;
  const scale = Math.max(...shown.map((b) => Math.max(totalOf(b), b.marker?.amount ?? 0)));
  const amount = (minor: number) => formatMoney({ amount: minor, currency });
  const hasMarker = shown.some((b) => b.marker);

  const described = shown.slice(0, 12).map((b) => {
    const budget = b.marker && markerName ? ` (${markerName.toLowerCase()} ${amount(b.marker.amount)})` : "";
    return `${b.label} ${amount(totalOf(b))}${budget}`;
  });
  const more = shown.length > described.length ? `; and ${shown.length - described.length} more, listed in the table` : "";
  const summary = `${title}, in ${currency}: ${described.join("; ")}${more}.`;

  return (
    <figure className="mb-4" data-testid={testId}>
      <svg role="img" aria-label={summary} width="100%" height={shown.length * ROW_HEIGHT} className="block overflow-visible text-xs">
        {shown.map((bar, i) => {
          const y = i * ROW_HEIGHT;
          let offset = 0;
          return (
            <g key={bar.key}>
              <text x="0" y={y + 13} className="fill-slate-700">
                {bar.label.length > LABEL_CHARS ? <title>{bar.label}</title> : null}
                {shorten(bar.label)}
              </text>
              <text x="100%" y={y + 13} textAnchor="end" className="fill-slate-900 font-medium tabular-nums">
                {amount(totalOf(bar))}
              </text>
              <rect x="0" y={y + BAR_TOP} width="100%" height={BAR_HEIGHT} rx="2" className="fill-slate-100" />
              {bar.values.map((value, s) => {
                const x = percent(offset, scale);
                offset += Math.max(0, value.amount);
                return value.amount > 0 ? (
                  <rect key={s} x={x} y={y + BAR_TOP} width={percent(value.amount, scale)} height={BAR_HEIGHT} className={series[s]?.className} />
                ) : null;
              })}
              {bar.marker ? (
                <>
                  <rect
                    x="0"
                    y={y + BAR_TOP - 2}
                    width={percent(bar.marker.amount, scale)}
                    height={BAR_HEIGHT + 4}
                    fill="none"
                    strokeDasharray="3 2"
                    className="stroke-slate-500"
                  />
                  <line
                    x1={percent(bar.marker.amount, scale)}
                    x2={percent(bar.marker.amount, scale)}
                    y1={y + BAR_TOP - 4}
                    y2={y + BAR_TOP + BAR_HEIGHT + 4}
                    strokeWidth="2"
                    className="stroke-slate-900"
                  />
                </>
              ) : null}
            </g>
          );
        })}
      </svg>
      <figcaption className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
        {series.map((s) => (
          <span key={s.name} className="inline-flex items-center gap-1.5">
            <svg width="12" height="12" aria-hidden="true">
              <rect width="12" height="12" rx="2" className={s.className} />
            </svg>
            {s.name}
          </span>
        ))}
        {hasMarker && markerName ? (
          <span className="inline-flex items-center gap-1.5">
            <svg width="12" height="12" aria-hidden="true">
              <rect x="0.5" y="0.5" width="11" height="11" fill="none" strokeDasharray="3 2" className="stroke-slate-500" />
              <line x1="11" x2="11" y1="0" y2="12" strokeWidth="2" className="stroke-slate-900" />
            </svg>
            {markerName}
          </span>
        ) : null}
        <span>
          Amounts in {currency}
          {left === 1 ? "; 1 row in another currency is in the table only" : left > 1 ? `; ${left} rows in other currencies are in the table only` : ""}.
        </span>
      </figcaption>
    </figure>
  );
}
