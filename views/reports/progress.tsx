import { t } from "../../src/platform/i18n";
import { Chart, type ChartData } from "./chart";

export interface ProgressChartsProps {
  studentName: string;
  charts: ChartData[];
  /** The progress page these charts belong to. */
  backHref: string;
}

/** A student's progress over time: each chart with its description and its numbers as a table. */
export function ProgressChartsView(props: ProgressChartsProps) {
  return (
    <div class="stack" id="progress-charts">
      <p>
        <a href={props.backHref}>{t("reports.charts.back")}</a>
      </p>
      <h1>{t("reports.charts.title", { name: props.studentName })}</h1>
      <p class="muted">{t("reports.charts.intro")}</p>
      {props.charts.map((chart) => (
        <section class="card">
          <Chart chart={chart} />
        </section>
      ))}
    </div>
  );
}
