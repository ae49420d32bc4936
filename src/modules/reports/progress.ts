import type { ChartData, ChartSeries } from "../../../views/reports/chart";
import { addDays, localDate, mondayOf, zonedInstant } from "../../platform/calendar";
import { formatLocalDate, formatPercent, t } from "../../platform/i18n";
import type { CentreContext } from "../../platform/principal";
import { attendanceForStudent, type StudentAttendanceRow } from "../classes";
import { xpByMonthForStudent } from "../gamification";
import { type HomeworkHistoryItem, homeworkHistoryForStudent } from "../homework";

const MONTHS = 12;
const WEEKS = 12;

/** Work that counts as handed in (as the homework completion figures count it). */
export function handedIn(item: Pick<HomeworkHistoryItem, "status">): boolean {
  return item.status === "submitted" || item.status === "marked";
}

/** A marked piece of work's score as a fraction of its maximum, or null. */
export function scoreOf(item: HomeworkHistoryItem): number | null {
  if (item.status !== "marked" || item.score === null || item.maxScore <= 0) return null;
  return item.score / item.maxScore;
}

/** Sessions that happened with the student recorded at them; attended unless absent. */
export function attendanceCounts(rows: StudentAttendanceRow[]): { recorded: number; attended: number } {
  const recorded = rows.filter((row) => row.status !== null && row.sessionStatus !== "cancelled");
  return { recorded: recorded.length, attended: recorded.filter((row) => row.status !== "absent").length };
}

export function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** The last `count` centre-local months ("YYYY-MM"), oldest first, ending with this one. */
function lastMonths(today: string, count: number): string[] {
  const [year, month] = today.split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, n) => {
    const back = new Date(Date.UTC(year, month - 1 - (count - 1 - n), 1));
    return back.toISOString().slice(0, 7);
  });
}

function monthLabel(month: string): string {
  return formatLocalDate(`${month}-15`, { month: "short", year: "2-digit" });
}

function rate(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}

function latest(values: (number | null)[]): number | null {
  return [...values].reverse().find((value) => value !== null) ?? null;
}

interface Window {
  months: string[];
  weeks: string[];
  timeZone: string;
}

/** A piece of work with the centre-local days it was due and marked, each worked out once (Intl is slow). */
interface DatedItem {
  item: HomeworkHistoryItem;
  dueDay: string;
  markedDay: string;
}

function scoresChart(items: DatedItem[], window: Window): ChartData {
  const courses = new Map<string, string>();
  for (const { item } of items)
    if (scoreOf(item) !== null) courses.set(item.courseId ?? "", item.courseTitle ?? t("reports.chart.otherWork"));
  const series: ChartSeries[] = [...courses].map(([courseId, title]) => ({
    label: title,
    values: window.months.map((month) =>
      mean(
        items
          .filter(({ item, markedDay }) => (item.courseId ?? "") === courseId && markedDay.startsWith(month))
          .map(({ item }) => scoreOf(item))
          .filter((score): score is number => score !== null),
      ),
    ),
  }));
  return {
    id: "chart-scores",
    title: t("reports.chart.scores.title"),
    description: t("reports.chart.scores.description", { count: series.length }),
    kind: "line",
    categoryHeader: t("reports.chart.month"),
    categories: window.months.map(monthLabel),
    series,
    max: 1,
    format: "percent",
  };
}

function homeworkChart(items: DatedItem[], window: Window): ChartData {
  const values = window.weeks.map((monday) => {
    const sunday = addDays(monday, 7);
    const due = items.filter(({ dueDay }) => dueDay >= monday && dueDay < sunday).map(({ item }) => item);
    return rate(due.filter(handedIn).length, due.length);
  });
  const last = latest(values);
  return {
    id: "chart-homework",
    title: t("reports.chart.homework.title"),
    description:
      last === null
        ? t("reports.chart.homework.descriptionNone")
        : t("reports.chart.homework.description", { latest: formatPercent(last) }),
    kind: "bar",
    categoryHeader: t("reports.chart.weekOf"),
    categories: window.weeks.map((monday) => formatLocalDate(monday, { day: "numeric", month: "short" })),
    series: [{ label: t("reports.chart.homework.series"), values }],
    max: 1,
    format: "percent",
  };
}

function attendanceChart(rows: StudentAttendanceRow[], window: Window): ChartData {
  const days = rows.map((row) => localDate(row.startsAt, window.timeZone));
  const values = window.months.map((month) => {
    const counts = attendanceCounts(rows.filter((_, index) => days[index]?.startsWith(month)));
    return rate(counts.attended, counts.recorded);
  });
  const last = latest(values);
  return {
    id: "chart-attendance",
    title: t("reports.chart.attendance.title"),
    description:
      last === null
        ? t("reports.chart.attendance.descriptionNone")
        : t("reports.chart.attendance.description", { latest: formatPercent(last) }),
    kind: "bar",
    categoryHeader: t("reports.chart.month"),
    categories: window.months.map(monthLabel),
    series: [{ label: t("reports.chart.attendance.series"), values }],
    max: 1,
    format: "percent",
  };
}

function xpChart(xp: { before: number; months: { month: string; amount: number }[] }, window: Window): ChartData {
  let total = xp.before;
  const values = window.months.map((month) => {
    total += xp.months.find((row) => row.month === month)?.amount ?? 0;
    return total;
  });
  const top = Math.max(...values, 10);
  const magnitude = 10 ** Math.floor(Math.log10(top));
  return {
    id: "chart-xp",
    title: t("reports.chart.xp.title"),
    description: t("reports.chart.xp.description", { total }),
    kind: "line",
    categoryHeader: t("reports.chart.month"),
    categories: window.months.map(monthLabel),
    series: [{ label: t("reports.chart.xp.series"), values }],
    max: Math.ceil(top / magnitude) * magnitude,
    format: "number",
  };
}

/**
 * One student's progress over the last twelve months (homework: twelve weeks), as chart data in
 * the reader's language and the centre's calendar. The caller has checked who may see it.
 */
export async function progressCharts(
  centre: Pick<CentreContext, "id" | "timeZone">,
  studentId: string,
  options: { xp: boolean; now?: Date },
): Promise<ChartData[]> {
  const now = options.now ?? new Date();
  const today = localDate(now, centre.timeZone);
  const months = lastMonths(today, MONTHS);
  const thisMonday = mondayOf(today);
  const weeks = Array.from({ length: WEEKS }, (_, n) => addDays(thisMonday, -7 * (WEEKS - 1 - n)));
  const from = zonedInstant(`${months[0]}-01`, "00:00", centre.timeZone);
  const to = zonedInstant(addDays(today, 1), "00:00", centre.timeZone);
  const window = { months, weeks, timeZone: centre.timeZone };
  const [homework, attendance, xp] = await Promise.all([
    // Twelve weeks fall inside twelve months: one read serves both charts.
    homeworkHistoryForStudent(centre.id, studentId, { from, to }),
    attendanceForStudent(centre.id, studentId, { from, to: now }),
    options.xp ? xpByMonthForStudent(centre.id, studentId, { from, to, timeZone: centre.timeZone }) : null,
  ]);
  const dated = homework.map((item) => {
    const dueDay = localDate(item.dueAt, centre.timeZone);
    return { item, dueDay, markedDay: item.markedAt ? localDate(item.markedAt, centre.timeZone) : dueDay };
  });
  return [
    scoresChart(dated, window),
    homeworkChart(dated, window),
    attendanceChart(attendance, window),
    ...(xp ? [xpChart(xp, window)] : []),
  ];
}
