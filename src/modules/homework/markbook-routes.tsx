import { Elysia } from "elysia";
import { z } from "zod";
import { type MarkbookColumnItem, MarkbookView, type MarkbookViewProps } from "../../../views/homework/markbook";
import { cachedTextForCentre, cachePart } from "../../platform/cache";
import { dayBounds, isLocalDate } from "../../platform/calendar";
import { csvLine } from "../../platform/csv-write";
import { ValidationError } from "../../platform/errors";
import { cachedPart } from "../../platform/http/precompressed";
import { currentLocale, formatDate, formatPercent, lazy, t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import {
  type ClassMarkbook,
  classForMarkbook,
  classMarkbook,
  MARKBOOK_STATUSES,
  type MarkbookCell,
  type MarkbookStatus,
} from "./markbook";
import type { MarkbookRange } from "./markbook-queries";
import { scoreText } from "./present";

const classParams = z.object({ id: z.uuid({ error: lazy("homework.markbook.classNotFound") }) });
const localDay = z.union([z.literal(""), z.string().refine(isLocalDate, { error: lazy("homework.markbook.badDate") })]);
const markbookQuery = z
  .object({
    from: localDay.default(""),
    to: localDay.default(""),
    course: z.union([z.literal(""), z.uuid({ error: lazy("homework.markbook.badCourse") })]).default(""),
    sort: z
      .union([z.enum(["student", "average"]), z.uuid()], { error: lazy("homework.markbook.badSort") })
      .default("student"),
    dir: z.enum(["asc", "desc"], { error: lazy("homework.markbook.badSort") }).default("asc"),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    error: lazy("homework.markbook.badRange"),
    path: ["to"],
  });
type MarkbookQuery = z.infer<typeof markbookQuery>;

function rangeOf(query: MarkbookQuery, timeZone: string): MarkbookRange {
  return {
    from: query.from ? dayBounds(query.from, timeZone).from : null,
    to: query.to ? dayBounds(query.to, timeZone).to : null,
    courseId: query.course || null,
  };
}

function statusLabel(status: MarkbookStatus): string {
  return t(`homework.markbook.status.${status}`);
}

const percentText = (value: number | null) => (value === null ? null : formatPercent(Math.round(value) / 100));

function hrefOf(classId: string, query: MarkbookQuery, change: Partial<MarkbookQuery> = {}, csv = false): string {
  const params = new URLSearchParams(Object.entries({ ...query, ...change }).filter(([, value]) => value !== ""));
  const text = params.toString();
  return `/classes/${classId}/markbook${csv ? ".csv" : ""}${text ? `?${text}` : ""}`;
}

function sortState(query: MarkbookQuery, by: string, classId: string) {
  const current = query.sort === by;
  return {
    href: hrefOf(classId, query, { sort: by, dir: current && query.dir === "asc" ? "desc" : "asc" }),
    sorted: current ? (query.dir === "asc" ? ("ascending" as const) : ("descending" as const)) : null,
  };
}

/**
 * The cells' words, each worked out once per request: a markbook repeats a handful of statuses,
 * marks and percentages over hundreds of cells, and formatting each again is the page's main cost.
 */
function cellWords() {
  const memo = <T,>(work: (key: string) => T) => {
    const known = new Map<string, T>();
    return (key: string) => {
      if (!known.has(key)) known.set(key, work(key));
      return known.get(key) as T;
    };
  };
  const label = memo((status) => statusLabel(status as MarkbookStatus));
  const score = memo((key) => {
    const [value, max] = key.split("/").map(Number) as [number, number];
    return scoreText(value, max);
  });
  const percent = memo((key) => percentText(Number(key)));
  return (cell: MarkbookCell | null) =>
    cell && {
      href: `/submissions/${cell.submissionId}`,
      status: cell.status,
      statusLabel: label(cell.status),
      score: cell.score === null ? null : score(`${cell.score}/${cell.maxScore}`),
      percent: cell.percent === null ? null : percent(String(Math.round(cell.percent))),
      overridden: cell.overridden,
    };
}

function viewProps(
  markbook: ClassMarkbook,
  query: MarkbookQuery,
  timeZone: string,
  errors: Record<string, string> = {},
): MarkbookViewProps {
  const columns: MarkbookColumnItem[] = markbook.columns.map((column) => ({
    id: column.id,
    title: column.title,
    due: formatDate(column.dueAt, "medium", timeZone),
    average: percentText(column.average),
    ...(({ href, sorted }) => ({ sortHref: href, sorted }))(sortState(query, column.id, markbook.classId)),
  }));
  const cellItem = cellWords();
  return {
    classId: markbook.classId,
    className: markbook.className,
    filters: query,
    errors,
    courseOptions: markbook.courses.map((course) => ({ value: course.id, label: course.title })),
    columns,
    rows: markbook.rows.map((row) => ({
      studentId: row.studentId,
      name: row.name,
      cells: row.cells.map(cellItem),
      average: percentText(row.average),
    })),
    overall: percentText(markbook.overall),
    studentSort: sortState(query, "student", markbook.classId),
    averageSort: sortState(query, "average", markbook.classId),
    csvHref: hrefOf(markbook.classId, query, {}, true),
    statuses: MARKBOOK_STATUSES.map((status) => ({ status, label: statusLabel(status) })),
  };
}

/** A percentage as the CSV holds it: a whole number, as the page rounds it. */
const wholePercent = (value: number | null) => (value === null ? null : Math.round(value));

/**
 * The markbook as CSV, cell for cell with the page: per homework its status and mark as the page
 * words them and the percentage as a number; the student's average last; the class averages in
 * the last line.
 */
export function markbookCsv(markbook: ClassMarkbook, props: MarkbookViewProps): string {
  const header = [t("homework.markbook.student")];
  for (const column of props.columns) {
    const values = { title: column.title, due: column.due };
    header.push(
      t("homework.markbook.csv.status", values),
      t("homework.markbook.csv.mark", values),
      t("homework.markbook.csv.percent", values),
    );
  }
  header.push(t("homework.markbook.csv.average"));
  const lines = props.rows.map((row, index) => {
    const source = markbook.rows[index];
    return csvLine([
      row.name,
      ...row.cells.flatMap((cell, column) =>
        cell
          ? [cell.statusLabel, cell.score, wholePercent(source?.cells[column]?.percent ?? null)]
          : [t("homework.markbook.notSet"), null, null],
      ),
      wholePercent(source?.average ?? null),
    ]);
  });
  const summary = csvLine([
    t("homework.markbook.classAverage"),
    ...markbook.columns.flatMap((column) => [null, null, wholePercent(column.average)]),
    wholePercent(markbook.overall),
  ]);
  return `\uFEFF${csvLine(header)}${lines.join("")}${summary}`;
}

/** The markbook for the query, or with its messages when the filters were refused (a 422, as any refused input). */
async function markbookFor(actor: Actor, classId: string, raw: unknown) {
  const parsed = markbookQuery.safeParse(raw);
  if (!parsed.success) {
    const fallback = markbookQuery.parse({});
    const errors = Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
    const markbook = await classMarkbook(actor, classId, rangeOf(fallback, actor.centre.timeZone), {
      by: "student",
      descending: false,
    });
    const values = (raw ?? {}) as Record<string, string>;
    const filters = { ...fallback, ...Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)])) };
    return {
      markbook,
      props: { ...viewProps(markbook, fallback, actor.centre.timeZone, errors), filters },
      status: 422,
    };
  }
  const query = parsed.data;
  const markbook = await classMarkbook(actor, classId, rangeOf(query, actor.centre.timeZone), {
    by: query.sort,
    descending: query.dir === "desc",
  });
  return { markbook, props: viewProps(markbook, query, actor.centre.timeZone), status: 200 };
}

/** Cached rendered markbooks expire after this long even if nothing in the centre changed ("late" moves with the clock). */
const MARKBOOK_CACHE_SECONDS = 60;

/**
 * The markbook as HTML, rendered once per class, filters, language and time zone and kept in the
 * centre's cache: 1,200 cells cost a render of tens of milliseconds, and a tutor's reloads, sorts
 * and the head tutor's look at the same class need not pay it again. The fragment holds nothing
 * of the viewer (no token, no name), and it is kept under the class's cache part: marks, hand-ins,
 * overrides, membership and the class's homework mark it stale (platform/cache.ts). Who may see it
 * is checked before, on every request.
 */
async function cachedMarkbook(actor: Actor, classId: string, query: MarkbookQuery): Promise<string> {
  // The filters as the page's own links write them: one key per distinct view, whatever was typed.
  const key = `markbook:${currentLocale()}:${actor.centre.timeZone}:${hrefOf(classId, query)}`;
  const parts = [cachePart.class(classId)];
  return cachedTextForCentre(redis, actor.centreId, parts, key, MARKBOOK_CACHE_SECONDS, async () => {
    const { props } = await markbookFor(actor, classId, query);
    return (<MarkbookView {...props} />).html;
  });
}

export const markbookRoutes = new Elysia({ name: "homework-markbook-routes" })
  .use(guard)
  .get(
    "/classes/:id/markbook",
    async ({ request, params, query, actor, page }) => {
      const { id } = parseInput(classParams, params);
      const klass = await classForMarkbook(actor, id);
      const title = t("homework.markbook.heading", { name: klass.name });
      const parsed = markbookQuery.safeParse(query);
      if (!parsed.success) {
        const { props, status } = await markbookFor(actor, id, query);
        return page(<MarkbookView {...props} />, { title, status });
      }
      // Shared by everyone opening this view: compressed once, spliced into each viewer's page.
      return page(cachedPart(request, await cachedMarkbook(actor, id, parsed.data)), { title });
    },
    { permission: "submission.read" },
  )
  .get(
    "/classes/:id/markbook.csv",
    async ({ params, query, actor }) => {
      const { id } = parseInput(classParams, params);
      const { markbook, props, status } = await markbookFor(actor, id, query);
      if (status !== 200) throw new ValidationError(props.errors);
      return new Response(markbookCsv(markbook, props), {
        headers: {
          "content-type": "text/csv; charset=utf-8",
          "content-disposition": `attachment; filename="markbook-${id}.csv"`,
          "cache-control": "no-store",
        },
      });
    },
    { permission: "submission.read" },
  );
