import { type Kysely, type RawBuilder, sql } from "kysely";
import type { CsvValue } from "../../platform/csv-write";
import type { Database, ExportKind, XpSourceType } from "../../platform/db/schema";
import { type Locale, type MessageKey, tIn } from "../../platform/i18n";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";
import { xpReasonText } from "../gamification";

/**
 * The rows of each export, read in keyset batches: every batch is one short query that starts
 * after the last row of the one before, so the worker holds one batch at a time however large
 * the export. Reports read other modules' tables, read-only; every join matches the centre.
 */

export const BATCH_ROWS = 1_000;

/** Days in the centre's time zone, both included. */
export interface ExportRange {
  from: string;
  to: string;
}

interface Scope {
  db: Kysely<Database>;
  centreId: CentreId;
  range: ExportRange;
  timeZone: string;
  /** The requester's language: column headers and coded values (statuses, methods) are in it. */
  locale: Locale;
}

/** Every row carries its sort key; `after` is the key of the previous batch's last row. */
interface Keyed {
  key: string;
  id: string;
}

/** Coded values written in the file's language: statuses, check-in methods, XP sources, yes and no. */
const VALUES = {
  attendance: {
    present: "exports.value.attendance.present",
    late: "exports.value.attendance.late",
    absent: "exports.value.attendance.absent",
  },
  method: { tutor: "exports.value.method.tutor", kiosk: "exports.value.method.kiosk", qr: "exports.value.method.qr" },
  submission: {
    not_started: "exports.value.submission.not_started",
    in_progress: "exports.value.submission.in_progress",
    submitted: "exports.value.submission.submitted",
    returned: "exports.value.submission.returned",
    marked: "exports.value.submission.marked",
  },
  source: {
    exercise: "exports.value.source.exercise",
    homework: "exports.value.source.homework",
    attendance: "exports.value.source.attendance",
    award: "exports.value.source.award",
  },
  answer: { yes: "exports.value.answer.yes", no: "exports.value.answer.no" },
} as const satisfies Record<string, Record<string, MessageKey>>;

/** A coded value in the file's language; a code this version does not know is written as stored. */
type Say = (group: keyof typeof VALUES, code: string) => string;

interface RowSource<Row extends Keyed> {
  columns: readonly MessageKey[];
  page(scope: Scope, after: Keyed | null): Promise<Row[]>;
  toCsv(row: Row, say: Say, locale: Locale): CsvValue[];
}

const startOf = (day: string, timeZone: string) => sql<Date>`(${day}::date)::timestamp at time zone ${timeZone}`;
const endOf = (day: string, timeZone: string) => sql<Date>`(${day}::date + 1)::timestamp at time zone ${timeZone}`;
/** Local date and time as a spreadsheet reads it, e.g. 2025-03-01 16:30. */
const local = (column: string, timeZone: string) =>
  sql<string | null>`to_char(${sql.ref(column)} at time zone ${timeZone}, 'YYYY-MM-DD HH24:MI')`;
/** A timestamp's exact text, so the keyset survives microseconds a JavaScript Date would drop. */
const exact = (column: string) => sql<string>`${sql.ref(column)}::text`;
/**
 * Rows strictly after the previous batch's last (time, id); ids compare as text, as they are
 * ordered. The plain `time >=` lets the time index start the scan there, so a batch reads about
 * one batch of rows however far into the export it is.
 */
function after(timeColumn: string, id: RawBuilder<string>, last: Keyed | null): RawBuilder<boolean> {
  if (last === null) return sql<boolean>`true`;
  const time = sql.ref(timeColumn);
  return sql<boolean>`${time} >= ${last.key}::timestamptz and (${time}, ${id}) > (${last.key}::timestamptz, ${last.id})`;
}
const number = (value: string | number | null) => (value === null ? null : Number(value));

interface AttendanceRow extends Keyed {
  sessionStart: string | null;
  className: string;
  studentName: string;
  studentCode: string | null;
  status: string;
  method: string;
  checkedInAt: string | null;
}

/** One session has many rows: a row is told apart by session and student together. */
const attendanceId = sql<string>`attendance.session_id::text || '/' || attendance.student_id::text`;

const attendance: RowSource<AttendanceRow> = {
  columns: [
    "exports.column.session_start",
    "exports.column.class",
    "exports.column.student",
    "exports.column.student_code",
    "exports.column.status",
    "exports.column.method",
    "exports.column.checked_in_at",
  ],
  page: ({ db, centreId, range, timeZone }, last) =>
    selectFromTenant(db, "attendance", centreId)
      .innerJoin("class_sessions", tenantJoin("class_sessions.id", "attendance.session_id"))
      .innerJoin("classes", tenantJoin("classes.id", "class_sessions.class_id"))
      .innerJoin("users", tenantJoin("users.id", "attendance.student_id"))
      .where("class_sessions.starts_at", ">=", startOf(range.from, timeZone))
      .where("class_sessions.starts_at", "<", endOf(range.to, timeZone))
      .where(after("class_sessions.starts_at", attendanceId, last))
      .select([
        exact("class_sessions.starts_at").as("key"),
        attendanceId.as("id"),
        local("class_sessions.starts_at", timeZone).as("sessionStart"),
        "classes.name as className",
        "users.name as studentName",
        "users.student_code as studentCode",
        "attendance.status",
        "attendance.method",
        local("attendance.checked_in_at", timeZone).as("checkedInAt"),
      ])
      .orderBy("class_sessions.starts_at")
      .orderBy("id")
      .limit(BATCH_ROWS)
      .execute(),
  toCsv: (row, say) => [
    row.sessionStart,
    row.className,
    row.studentName,
    row.studentCode,
    say("attendance", row.status),
    say("method", row.method),
    row.checkedInAt,
  ],
};

interface CompletionRow extends Keyed {
  homework: string;
  className: string | null;
  due: string | null;
  studentName: string;
  studentCode: string | null;
  status: string;
  submittedAt: string | null;
  onTime: boolean | null;
}

const submissionId = sql<string>`submissions.id::text`;

/** Every assigned piece of homework due in the range, whether or not it was handed in. */
const homeworkCompletion: RowSource<CompletionRow> = {
  columns: [
    "exports.column.homework",
    "exports.column.class",
    "exports.column.due",
    "exports.column.student",
    "exports.column.student_code",
    "exports.column.status",
    "exports.column.submitted_at",
    "exports.column.on_time",
  ],
  page: ({ db, centreId, range, timeZone }, last) =>
    selectFromTenant(db, "submissions", centreId)
      .innerJoin("homework", tenantJoin("homework.id", "submissions.homework_id"))
      .leftJoin("classes", tenantJoin("classes.id", "homework.class_id"))
      .innerJoin("users", tenantJoin("users.id", "submissions.student_id"))
      .where("homework.due_at", ">=", startOf(range.from, timeZone))
      .where("homework.due_at", "<", endOf(range.to, timeZone))
      .where(after("homework.due_at", submissionId, last))
      .select([
        exact("homework.due_at").as("key"),
        submissionId.as("id"),
        "homework.title as homework",
        "classes.name as className",
        local("homework.due_at", timeZone).as("due"),
        "users.name as studentName",
        "users.student_code as studentCode",
        "submissions.status",
        local("submissions.submitted_at", timeZone).as("submittedAt"),
        sql<boolean | null>`submissions.submitted_at <= homework.due_at`.as("onTime"),
      ])
      .orderBy("homework.due_at")
      .orderBy("id")
      .limit(BATCH_ROWS)
      .execute(),
  toCsv: (row, say) => [
    row.homework,
    row.className,
    row.due,
    row.studentName,
    row.studentCode,
    say("submission", row.status),
    row.submittedAt,
    row.onTime === null ? null : say("answer", row.onTime ? "yes" : "no"),
  ],
};

interface MarkRow extends Keyed {
  markedAt: string | null;
  homework: string;
  studentName: string;
  studentCode: string | null;
  score: string | null;
  maxScore: string;
  autoScore: string | null;
  markerName: string | null;
  feedback: string;
}

/** Marked work, by when it was marked. */
const marks: RowSource<MarkRow> = {
  columns: [
    "exports.column.marked_at",
    "exports.column.homework",
    "exports.column.student",
    "exports.column.student_code",
    "exports.column.score",
    "exports.column.max_score",
    "exports.column.percent",
    "exports.column.auto_score",
    "exports.column.marked_by",
    "exports.column.feedback",
  ],
  page: ({ db, centreId, range, timeZone }, last) =>
    selectFromTenant(db, "submissions", centreId)
      .innerJoin("homework", tenantJoin("homework.id", "submissions.homework_id"))
      .innerJoin("users", tenantJoin("users.id", "submissions.student_id"))
      .leftJoin("users as markers", tenantJoin("markers.id", "submissions.marker_id"))
      .where("submissions.status", "=", "marked")
      .where("submissions.marked_at", ">=", startOf(range.from, timeZone))
      .where("submissions.marked_at", "<", endOf(range.to, timeZone))
      .where(after("submissions.marked_at", submissionId, last))
      .select([
        exact("submissions.marked_at").as("key"),
        submissionId.as("id"),
        local("submissions.marked_at", timeZone).as("markedAt"),
        "homework.title as homework",
        "users.name as studentName",
        "users.student_code as studentCode",
        "submissions.score",
        sql<string>`submissions.max_score`.as("maxScore"),
        "submissions.auto_score as autoScore",
        "markers.name as markerName",
        "submissions.feedback",
      ])
      .orderBy("submissions.marked_at")
      .orderBy("id")
      .limit(BATCH_ROWS)
      .execute(),
  toCsv: (row) => {
    const score = number(row.score);
    const max = Number(row.maxScore);
    const percent = score === null || max === 0 ? null : Math.round((score / max) * 1000) / 10;
    return [
      row.markedAt,
      row.homework,
      row.studentName,
      row.studentCode,
      score,
      max,
      percent,
      number(row.autoScore),
      row.markerName,
      row.feedback,
    ];
  },
};

interface XpRow extends Keyed {
  awardedAt: string | null;
  studentName: string;
  studentCode: string | null;
  amount: number;
  reason: string;
  source: XpSourceType;
  awardedBy: string | null;
}

const xpId = sql<string>`xp_ledger.id::text`;

/** The XP ledger, entry by entry. */
const xp: RowSource<XpRow> = {
  columns: [
    "exports.column.awarded_at",
    "exports.column.student",
    "exports.column.student_code",
    "exports.column.xp",
    "exports.column.reason",
    "exports.column.source",
    "exports.column.awarded_by",
  ],
  page: ({ db, centreId, range, timeZone }, last) =>
    selectFromTenant(db, "xp_ledger", centreId)
      .innerJoin("users", tenantJoin("users.id", "xp_ledger.student_id"))
      .leftJoin("users as awarders", tenantJoin("awarders.id", "xp_ledger.awarded_by"))
      .where("xp_ledger.created_at", ">=", startOf(range.from, timeZone))
      .where("xp_ledger.created_at", "<", endOf(range.to, timeZone))
      .where(after("xp_ledger.created_at", xpId, last))
      .select([
        exact("xp_ledger.created_at").as("key"),
        xpId.as("id"),
        local("xp_ledger.created_at", timeZone).as("awardedAt"),
        "users.name as studentName",
        "users.student_code as studentCode",
        "xp_ledger.amount",
        "xp_ledger.reason",
        "xp_ledger.source_type as source",
        "awarders.name as awardedBy",
      ])
      .orderBy("xp_ledger.created_at")
      .orderBy("id")
      .limit(BATCH_ROWS)
      .execute(),
  toCsv: (row, say, locale) => [
    row.awardedAt,
    row.studentName,
    row.studentCode,
    row.amount,
    xpReasonText(row.source, row.reason, locale),
    say("source", row.source),
    row.awardedBy,
  ],
};

/** The kinds written as CSV rows here; other kinds are files other modules make (see generated.ts). */
export type CsvExportKind = Exclude<ExportKind, "term_reports">;

const SOURCES: { [Kind in CsvExportKind]: RowSource<Keyed> } = {
  attendance: attendance as RowSource<Keyed>,
  homework_completion: homeworkCompletion as RowSource<Keyed>,
  marks: marks as RowSource<Keyed>,
  xp: xp as RowSource<Keyed>,
};

/** The header line in a language (en-GB keeps the machine-friendly names it always had). */
export function columnsOf(kind: CsvExportKind, locale: Locale): string[] {
  return SOURCES[kind].columns.map((column) => tIn(locale, column));
}

function sayIn(locale: Locale): Say {
  return (group, code) => {
    const keys: Record<string, MessageKey> = VALUES[group];
    const key = Object.hasOwn(keys, code) ? keys[code] : undefined;
    return key ? tIn(locale, key) : code;
  };
}

/** The export's CSV rows, one batch at a time, in a stable order. */
export async function* exportRows(kind: CsvExportKind, scope: Scope): AsyncGenerator<CsvValue[][]> {
  const source = SOURCES[kind];
  const say = sayIn(scope.locale);
  let last: Keyed | null = null;
  for (;;) {
    const rows = await source.page(scope, last);
    if (rows.length > 0) yield rows.map((row) => source.toCsv(row, say, scope.locale));
    last = rows.at(-1) ?? null;
    if (rows.length < BATCH_ROWS || last === null) return;
  }
}

export type { Scope as ExportScope };
