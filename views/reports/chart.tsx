import { currentLocale, directionOf, formatNumber, formatPercent, t } from "../../src/platform/i18n";

/** One line (or the bars) of a chart: a value per category, null where there is nothing to show. */
export interface ChartSeries {
  label: string;
  values: (number | null)[];
}

/** A chart drawn on the server as SVG: categories along the time axis, values up the other. */
export interface ChartData {
  /** Unique on the page: the SVG's title and description ids start with it. */
  id: string;
  title: string;
  /** What the chart shows in a sentence, read by screen readers (the SVG's <desc>). */
  description: string;
  kind: "line" | "bar";
  /** The header of the table's first column ("Month", "Week of"). */
  categoryHeader: string;
  categories: string[];
  series: ChartSeries[];
  /** The top of the value axis: 1 for rates, the largest value (rounded up) for counts. */
  max: number;
  format: "percent" | "number";
}

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { side: 44, end: 12, top: 12, bottom: 30 };
const TICKS = 4;
/** Distinct colours and dash patterns, so lines stay apart in greyscale and for colour-blind readers. */
const STYLES = [
  { colour: "#1f5f99", dash: undefined },
  { colour: "#b35900", dash: "6 3" },
  { colour: "#2e7d32", dash: "2 3" },
  { colour: "#7b1fa2", dash: "8 3 2 3" },
  { colour: "#5d4037", dash: "1 2" },
];

function styleOf(index: number) {
  return STYLES[index % STYLES.length] as (typeof STYLES)[number];
}

function valueText(value: number | null, format: ChartData["format"]): string {
  if (value === null) return t("reports.chart.noData");
  return format === "percent" ? formatPercent(value) : formatNumber(value);
}

/** Positions along the time axis: oldest at the start side, so right to left in Arabic. */
function geometry(chart: ChartData) {
  const rtl = directionOf(currentLocale()) === "rtl";
  const left = rtl ? PAD.end : PAD.side;
  const right = WIDTH - (rtl ? PAD.side : PAD.end);
  const bottom = HEIGHT - PAD.bottom;
  const count = Math.max(chart.categories.length, 1);
  const step = (right - left) / count;
  const x = (index: number) => {
    const fromStart = step * (index + 0.5);
    return Math.round((rtl ? right - fromStart : left + fromStart) * 10) / 10;
  };
  const y = (value: number) =>
    Math.round((bottom - (Math.min(value, chart.max) / (chart.max || 1)) * (bottom - PAD.top)) * 10) / 10;
  return { rtl, left, right, bottom, step, x, y };
}

/** Every other label when they would crowd (twelve weeks on a phone). */
function labelled(index: number, count: number): boolean {
  return count <= 8 || index % 2 === (count - 1) % 2;
}

function Axes({ chart, g }: { chart: ChartData; g: ReturnType<typeof geometry> }) {
  const ticks = Array.from({ length: TICKS + 1 }, (_, n) => (chart.max * n) / TICKS);
  const labelX = g.rtl ? g.right + 4 : g.left - 4;
  return (
    <g font-size="11" fill="#444">
      {ticks.map((tick) => (
        <>
          <line x1={g.left} x2={g.right} y1={g.y(tick)} y2={g.y(tick)} stroke="#ddd" />
          <text x={labelX} y={g.y(tick) + 4} text-anchor={g.rtl ? "start" : "end"}>
            {valueText(tick, chart.format)}
          </text>
        </>
      ))}
      {chart.categories.map((category, index) =>
        labelled(index, chart.categories.length) ? (
          <text x={g.x(index)} y={HEIGHT - 10} text-anchor="middle">
            {category}
          </text>
        ) : null,
      )}
    </g>
  );
}

/** A line per series, broken where a value is missing, with a dot on each value. */
function Lines({ chart, g }: { chart: ChartData; g: ReturnType<typeof geometry> }) {
  return (
    <>
      {chart.series.map((series, index) => {
        const style = styleOf(index);
        const segments: string[] = [];
        let current = "";
        series.values.forEach((value, at) => {
          if (value === null) {
            if (current) segments.push(current);
            current = "";
            return;
          }
          current += `${current ? "L" : "M"}${g.x(at)} ${g.y(value)}`;
        });
        if (current) segments.push(current);
        return (
          <g stroke={style.colour} fill={style.colour}>
            {segments.map((d) => (
              <path d={d} fill="none" stroke-width="2" stroke-dasharray={style.dash} />
            ))}
            {series.values.map((value, at) => (value === null ? null : <circle cx={g.x(at)} cy={g.y(value)} r="3" />))}
          </g>
        );
      })}
    </>
  );
}

function Bars({ chart, g }: { chart: ChartData; g: ReturnType<typeof geometry> }) {
  const values = chart.series[0]?.values ?? [];
  const width = Math.max(g.step * 0.6, 2);
  return (
    <g fill={styleOf(0).colour}>
      {values.map((value, at) =>
        value === null ? null : (
          <rect
            x={Math.round((g.x(at) - width / 2) * 10) / 10}
            y={g.y(value)}
            width={Math.round(width * 10) / 10}
            height={Math.round((g.bottom - g.y(value)) * 10) / 10}
          />
        ),
      )}
    </g>
  );
}

function Legend({ chart }: { chart: ChartData }) {
  if (chart.kind === "bar" || chart.series.length < 2) return null;
  return (
    <ul class="chart-legend">
      {chart.series.map((series, index) => {
        const style = styleOf(index);
        return (
          <li>
            <svg width="24" height="10" aria-hidden="true" focusable="false">
              <line x1="0" x2="24" y1="5" y2="5" stroke={style.colour} stroke-width="2" stroke-dasharray={style.dash} />
            </svg>{" "}
            {series.label}
          </li>
        );
      })}
    </ul>
  );
}

/** The same numbers as a table: what the chart says, for screen readers, keyboards and print. */
function ChartTable({ chart }: { chart: ChartData }) {
  return (
    <details class="chart-table">
      <summary>{t("reports.chart.showTable", { title: chart.title })}</summary>
      <table>
        <caption>{chart.title}</caption>
        <thead>
          <tr>
            <th scope="col">{chart.categoryHeader}</th>
            {chart.series.map((series) => (
              <th scope="col">{series.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {chart.categories.map((category, index) => (
            <tr>
              <th scope="row">{category}</th>
              {chart.series.map((series) => (
                <td>{valueText(series.values[index] ?? null, chart.format)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/**
 * A chart as an image with a name and a description, then its legend and its numbers as a table.
 * Plain SVG from the server: no script, and it mirrors with the page in a right-to-left language.
 */
export function Chart({ chart }: { chart: ChartData }) {
  const g = geometry(chart);
  const empty = chart.series.every((series) => series.values.every((value) => value === null));
  return (
    <figure class="chart" aria-labelledby={`${chart.id}-heading`}>
      <h2 id={`${chart.id}-heading`}>{chart.title}</h2>
      {empty ? (
        <p class="muted">{t("reports.chart.empty")}</p>
      ) : (
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-labelledby={`${chart.id}-title`}
          aria-describedby={`${chart.id}-desc`}
          direction="ltr"
          class="chart-image"
        >
          <title id={`${chart.id}-title`}>{chart.title}</title>
          <desc id={`${chart.id}-desc`}>{chart.description}</desc>
          <Axes chart={chart} g={g} />
          {chart.kind === "line" ? <Lines chart={chart} g={g} /> : <Bars chart={chart} g={g} />}
        </svg>
      )}
      <Legend chart={chart} />
      <ChartTable chart={chart} />
    </figure>
  );
}
