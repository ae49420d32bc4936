import { escapeHtml, raw } from "../../src/platform/html/jsx-runtime";
import { assetUrl } from "../../src/platform/http/assets";
import { t } from "../../src/platform/i18n";
import { FilterForm, Notice, Select, type SelectOption } from "../components/form";

/** The markbook's statuses, as the view shows them: a symbol and a word as well as a colour. */
export type MarkbookStatusName = "not_started" | "in_progress" | "handed_in" | "late" | "marked" | "redo";

export const STATUS_SYMBOLS: Record<MarkbookStatusName, string> = {
  not_started: "○",
  in_progress: "◔",
  handed_in: "●",
  late: "!",
  marked: "✓",
  redo: "↺",
};

export interface MarkbookCellItem {
  href: string;
  status: MarkbookStatusName;
  statusLabel: string;
  /** "7 / 10", or null before a mark. */
  score: string | null;
  /** "70%", or null before a mark. */
  percent: string | null;
  overridden: boolean;
}

export interface MarkbookColumnItem {
  id: string;
  title: string;
  due: string;
  average: string | null;
  sortHref: string;
  sorted: "ascending" | "descending" | null;
}

export interface MarkbookRowItem {
  studentId: string;
  name: string;
  cells: (MarkbookCellItem | null)[];
  average: string | null;
}

export interface MarkbookViewProps {
  classId: string;
  className: string;
  filters: { from: string; to: string; course: string; sort: string; dir: string };
  errors: Record<string, string>;
  courseOptions: SelectOption[];
  columns: MarkbookColumnItem[];
  rows: MarkbookRowItem[];
  overall: string | null;
  studentSort: { href: string; sorted: "ascending" | "descending" | null };
  averageSort: { href: string; sorted: "ascending" | "descending" | null };
  csvHref: string;
  statuses: { status: MarkbookStatusName; label: string }[];
}

function SortLink(props: { href: string; sorted: "ascending" | "descending" | null; label: string }) {
  return (
    <a href={props.href} class="markbook-sort">
      {props.label}
      {props.sorted && <span aria-hidden="true">{props.sorted === "ascending" ? " ▲" : " ▼"}</span>}
    </a>
  );
}

/**
 * The grid's body is the bulk of the page (1,200 cells for 30 students and 40 homework), so its
 * cells are written as strings rather than element by element; every value is escaped here.
 */
function cellHtml(cell: MarkbookCellItem | null, words: { notSet: string; overridden: string }): string {
  if (!cell) return `<td class="c-none">${escapeHtml(words.notSet)}</td>`;
  const mark =
    cell.score === null
      ? ""
      : `<span class="m">${escapeHtml(cell.score)}${cell.percent === null ? "" : ` · ${escapeHtml(cell.percent)}`}</span>`;
  const overridden = cell.overridden ? `<span class="o">${escapeHtml(words.overridden)}</span>` : "";
  // Short class names on purpose: they repeat in every cell (markbook.css names what each is).
  return (
    `<td class="c-${cell.status}"><a href="${escapeHtml(cell.href)}"><span aria-hidden="true">${STATUS_SYMBOLS[cell.status]}</span> ` +
    `<span class="w">${escapeHtml(cell.statusLabel)}</span>${mark}${overridden}</a></td>`
  );
}

function bodyRows(rows: MarkbookRowItem[]) {
  const words = { notSet: t("homework.markbook.notSet"), overridden: t("homework.markbook.overridden") };
  return raw(
    rows
      .map(
        (row) =>
          `<tr data-student-id="${escapeHtml(row.studentId)}"><th scope="row">${escapeHtml(row.name)}</th>` +
          `${row.cells.map((cell) => cellHtml(cell, words)).join("")}` +
          `<td class="markbook-average">${escapeHtml(row.average ?? "–")}</td></tr>`,
      )
      .join(""),
  );
}

function Filters(props: MarkbookViewProps) {
  const action = `/classes/${props.classId}/markbook`;
  return (
    <FilterForm action={action} resultsId="markbook">
      <div class="field">
        <label for="markbook-from">{t("homework.markbook.from")}</label>
        <input id="markbook-from" type="date" name="from" value={props.filters.from} />
        {props.errors.from && <p class="field-error">{props.errors.from}</p>}
      </div>
      <div class="field">
        <label for="markbook-to">{t("homework.markbook.to")}</label>
        <input id="markbook-to" type="date" name="to" value={props.filters.to} />
        {props.errors.to && <p class="field-error">{props.errors.to}</p>}
      </div>
      <Select
        name="course"
        id="markbook-course"
        label={t("homework.markbook.course")}
        options={[{ value: "", label: t("homework.markbook.allCourses") }, ...props.courseOptions]}
        value={props.filters.course}
        error={props.errors.course}
      />
      <input type="hidden" name="sort" value={props.filters.sort} />
      <input type="hidden" name="dir" value={props.filters.dir} />
      <button type="submit">{t("homework.markbook.show")}</button>
    </FilterForm>
  );
}

function Grid(props: MarkbookViewProps) {
  if (props.rows.length === 0) return <p class="muted">{t("homework.markbook.noStudents")}</p>;
  if (props.columns.length === 0) return <p class="muted">{t("homework.markbook.noHomework")}</p>;
  return (
    <div class="markbook-scroll">
      <table class="markbook">
        <caption class="visually-hidden">{t("homework.markbook.caption", { name: props.className })}</caption>
        <thead>
          <tr>
            <th scope="col" aria-sort={props.studentSort.sorted ?? undefined}>
              <SortLink {...props.studentSort} label={t("homework.markbook.student")} />
            </th>
            {props.columns.map((column) => (
              <th scope="col" data-homework-id={column.id} aria-sort={column.sorted ?? undefined}>
                <SortLink href={column.sortHref} sorted={column.sorted} label={column.title} />
                <span class="markbook-due">{column.due}</span>
              </th>
            ))}
            <th scope="col" aria-sort={props.averageSort.sorted ?? undefined}>
              <SortLink {...props.averageSort} label={t("homework.markbook.average")} />
            </th>
          </tr>
        </thead>
        <tbody>{bodyRows(props.rows)}</tbody>
        <tfoot>
          <tr class="markbook-summary">
            <th scope="row">{t("homework.markbook.classAverage")}</th>
            {props.columns.map((column) => (
              <td class="markbook-average">{column.average ?? "–"}</td>
            ))}
            <td class="markbook-average">{props.overall ?? "–"}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Key({ statuses }: { statuses: MarkbookViewProps["statuses"] }) {
  return (
    <section class="markbook-key" aria-labelledby="markbook-key-heading">
      <h2 id="markbook-key-heading">{t("homework.markbook.key")}</h2>
      <ul class="row plain-list">
        {statuses.map((item) => (
          <li class={`c-${item.status}`}>
            <span aria-hidden="true">{STATUS_SYMBOLS[item.status]}</span> {item.label}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A class's marks: students down, homework across, with the class's and each student's average. */
export function MarkbookView(props: MarkbookViewProps) {
  return (
    <div class="stack markbook-page">
      <link rel="stylesheet" href={assetUrl("css/markbook.css")} />
      <p class="no-print">
        <a href={`/classes/${props.classId}`}>{t("homework.markbook.back", { name: props.className })}</a>
      </p>
      <h1>{t("homework.markbook.heading", { name: props.className })}</h1>
      <div class="no-print">
        <Filters {...props} />
      </div>
      <div id="markbook" class="stack">
        <p class="row no-print">
          <a class="button secondary" href={props.csvHref} download>
            {t("homework.markbook.download")}
          </a>
        </p>
        {Object.keys(props.errors).length > 0 && <Notice kind="error">{t("homework.markbook.fixFilters")}</Notice>}
        <Grid {...props} />
        <Key statuses={props.statuses} />
      </div>
    </div>
  );
}
