import type { Kysely } from "kysely";
import { z } from "zod";
import { CsvFormatError, cellText, parseCsv } from "../../platform/csv-parse";
import type { Database } from "../../platform/db/schema";
import { currentLocale, type MessageKey, t } from "../../platform/i18n";
import type { CentreId } from "../../platform/tenancy";
import { FORBIDDEN_CONTROL_CHARACTERS } from "../../platform/validation";
import { activeClassNames, membershipsOf } from "../classes";
import { guardianshipsOf, peopleWithEmailLookups, studentsWithCodes } from "./import-queries";
import { emailLookup, normaliseEmail, openDateOfBirth } from "./sensitive";

/**
 * The columns of a student import, by their header (in any order, any case; spaces or hyphens
 * for underscores). Keys stay in English in every language, so one file works for every centre.
 */
export const IMPORT_COLUMNS = ["name", "student_code", "birth_date", "class", "parent_name", "parent_email"] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
export const REQUIRED_COLUMNS: readonly ImportColumn[] = ["name", "birth_date"];
/** Other headers spreadsheets commonly use for the same columns. */
const COLUMN_ALIASES: Record<string, ImportColumn> = {
  date_of_birth: "birth_date",
  dob: "birth_date",
  code: "student_code",
};

/** Rows a file may hold (besides its header), and its size: well above a centre's intake. */
export const IMPORT_MAX_ROWS = 2000;
export const IMPORT_MAX_BYTES = 1024 * 1024;

export type RowOutcome = "create" | "update" | "unchanged" | "error";

/** One data row, checked against the file and the centre: what committing it would do. */
export interface PlannedRow {
  line: number;
  outcome: RowOutcome;
  problems: string[];
  /** What an update changes ("name", "dateOfBirth", "class", "parent"). */
  changes: ("name" | "dateOfBirth" | "class" | "parent")[];
  name: string;
  /** As typed; empty when a code is to be generated. */
  studentCode: string;
  dateOfBirth: string;
  existingId: string | null;
  klass: { id: string; name: string } | null;
  parent: { email: string; lookup: string; name: string; existingId: string | null } | null;
}

export interface ImportPlan {
  rows: PlannedRow[];
  counts: Record<RowOutcome, number>;
  /** New parent accounts the commit would invite (one per email, however many children). */
  parentsToInvite: number;
}

/** A file that cannot be planned at all: not CSV, no header, a column unknown or missing. */
export class ImportFileError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly values: Record<string, string | number> = {},
  ) {
    super(key);
  }
}

const CODE = /^[A-Za-z0-9-]{2,20}$/;
const NAME_MAX = 200;
const emailSchema = z.email().max(254);

function headerKey(cell: string): string {
  const key = cellText(cell)
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
  return COLUMN_ALIASES[key] ?? key;
}

/** The header's columns, by position; unknown, repeated or missing columns refuse the file. */
function columnsOf(header: string[]): (ImportColumn | null)[] {
  const columns = header.map(headerKey);
  for (const column of columns) {
    if (column === "") continue;
    if (!(IMPORT_COLUMNS as readonly string[]).includes(column))
      throw new ImportFileError("people-import.file.unknownColumn", { column, known: IMPORT_COLUMNS.join(", ") });
    if (columns.filter((other) => other === column).length > 1)
      throw new ImportFileError("people-import.file.repeatedColumn", { column });
  }
  for (const required of REQUIRED_COLUMNS) {
    if (!columns.includes(required))
      throw new ImportFileError("people-import.file.missingColumn", { column: required });
  }
  return columns.map((column) => (column === "" ? null : (column as ImportColumn)));
}

/** A date as ISO, or day/month/year (month/day/year for en-US readers); null when it is none. */
export function importDate(value: string, monthFirst = currentLocale() === "en-US"): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  const local = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  let parts: [number, number, number] | null = null;
  if (iso) parts = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (local) {
    const [first, second] = [Number(local[1]), Number(local[2])];
    parts = monthFirst ? [Number(local[3]), first, second] : [Number(local[3]), second, first];
  }
  if (!parts) return null;
  const [year, month, day] = parts;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

interface RawRow {
  line: number;
  cells: Record<ImportColumn, string>;
  extraCells: number;
}

/** The file's data rows, by column; refuses what is not a readable student CSV. */
export function rowsOfFile(text: string): RawRow[] {
  let parsed: ReturnType<typeof parseCsv>;
  try {
    parsed = parseCsv(text, IMPORT_MAX_ROWS + 1);
  } catch (error) {
    if (!(error instanceof CsvFormatError)) throw error;
    if (error.reason === "tooManyRecords")
      throw new ImportFileError("people-import.file.tooManyRows", { maximum: IMPORT_MAX_ROWS });
    if (error.reason === "unclosedQuote")
      throw new ImportFileError("people-import.file.unclosedQuote", { line: error.line });
    throw new ImportFileError("people-import.file.notUtf8");
  }
  const [header, ...records] = parsed.records;
  if (!header) throw new ImportFileError("people-import.file.empty");
  const columns = columnsOf(header);
  if (records.length === 0) throw new ImportFileError("people-import.file.noRows");
  return records.map((record, index) => {
    const cells = Object.fromEntries(IMPORT_COLUMNS.map((column) => [column, ""])) as Record<ImportColumn, string>;
    record.forEach((cell, position) => {
      const column = columns[position];
      if (column) cells[column] = cellText(cell);
    });
    const extraCells = record.slice(columns.length).filter((cell) => cell.trim() !== "").length;
    return { line: parsed.lines[index + 1] ?? 0, cells, extraCells };
  });
}

const problem = (key: MessageKey, values?: Record<string, string | number>) => t(key, values);

/** The checks of one row on its own: names, code, date, email. */
function rowProblems(row: RawRow, today: string): string[] {
  const { cells } = row;
  const problems: string[] = [];
  if (row.extraCells > 0) problems.push(problem("people-import.problem.tooManyCells"));
  if (Object.values(cells).some((cell) => FORBIDDEN_CONTROL_CHARACTERS.test(cell) || /[\t\r\n]/.test(cell)))
    problems.push(problem("people-import.problem.controlCharacter"));
  if (cells.name === "") problems.push(problem("people-import.problem.noName"));
  else if (cells.name.length > NAME_MAX)
    problems.push(problem("people-import.problem.nameTooLong", { maximum: NAME_MAX }));
  if (cells.student_code !== "" && !CODE.test(cells.student_code))
    problems.push(problem("people-import.problem.badCode"));
  if (cells.birth_date === "") problems.push(problem("people-import.problem.noDate"));
  else {
    const date = importDate(cells.birth_date);
    if (!date) problems.push(problem("people-import.problem.badDate", { value: cells.birth_date }));
    else if (date <= "1900-01-01" || date > today) problems.push(problem("people-import.problem.unlikelyDate"));
  }
  if (cells.parent_email !== "" && !emailSchema.safeParse(cells.parent_email).success)
    problems.push(problem("people-import.problem.badEmail", { value: cells.parent_email }));
  if (cells.parent_name.length > NAME_MAX)
    problems.push(problem("people-import.problem.nameTooLong", { maximum: NAME_MAX }));
  if (cells.parent_name !== "" && cells.parent_email === "")
    problems.push(problem("people-import.problem.parentNoEmail"));
  return problems;
}

const byLowerCase = (value: string) => value.trim().toLocaleLowerCase("en");

/**
 * What importing the file would do, row by row, without writing anything: the preview shows it,
 * and the commit runs it again inside its transaction (so nothing changed in between goes
 * unseen). A row is created (no code, or a code new to the centre), updated (a student with its
 * code whose name or date of birth differ, or who is not yet in the row's class or linked to its
 * parent), unchanged, or refused with every problem it has.
 */
export async function planImport(
  executor: Kysely<Database>,
  centreId: CentreId,
  text: string,
  today: string,
): Promise<ImportPlan> {
  const raw = rowsOfFile(text);
  const codes = [...new Set(raw.map((row) => row.cells.student_code).filter((code) => CODE.test(code)))];
  const emails = [
    ...new Set(raw.map((row) => row.cells.parent_email).filter((email) => emailSchema.safeParse(email).success)),
  ];
  const lookups = new Map(emails.map((email) => [email, emailLookup(email)]));
  const [existing, people, classes] = await Promise.all([
    studentsWithCodes(executor, centreId, codes),
    peopleWithEmailLookups(executor, centreId, [...lookups.values()]),
    activeClassNames(executor, centreId),
  ]);
  const studentByCode = new Map(existing.map((student) => [byLowerCase(student.studentCode), student]));
  const personByLookup = new Map(people.map((person) => [person.emailLookup, person]));
  const classesByName = Map.groupBy(classes, (klass) => byLowerCase(klass.name));
  const existingIds = existing.map((student) => student.id);
  const [memberships, guardianships] = await Promise.all([
    membershipsOf(executor, centreId, existingIds),
    guardianshipsOf(executor, centreId, existingIds),
  ]);
  const member = new Set(memberships.map((m) => `${m.classId}:${m.studentId}`));
  const guardian = new Set(guardianships.map((g) => `${g.parentId}:${g.studentId}`));
  const firstLineOfCode = new Map<string, number>();
  const parentNames = new Map<string, string>();
  const newParents = new Set<string>();

  const rows = raw.map((row): PlannedRow => {
    const { cells } = row;
    const problems = rowProblems(row, today);
    const code = byLowerCase(cells.student_code);
    if (code !== "" && CODE.test(cells.student_code)) {
      const first = firstLineOfCode.get(code);
      if (first !== undefined) problems.push(problem("people-import.problem.codeRepeated", { line: first }));
      else firstLineOfCode.set(code, row.line);
    }
    let klass: PlannedRow["klass"] = null;
    if (cells.class !== "") {
      const matches = classesByName.get(byLowerCase(cells.class)) ?? [];
      if (matches.length === 0) problems.push(problem("people-import.problem.unknownClass", { value: cells.class }));
      else if (matches.length > 1)
        problems.push(problem("people-import.problem.ambiguousClass", { value: cells.class }));
      else klass = { id: matches[0]!.id, name: matches[0]!.name };
    }
    let parent: PlannedRow["parent"] = null;
    const lookup = lookups.get(cells.parent_email);
    if (lookup) {
      const email = normaliseEmail(cells.parent_email);
      const person = personByLookup.get(lookup);
      if (person && person.role !== "parent") problems.push(problem("people-import.problem.emailNotParent"));
      else if (!person && cells.parent_name === "" && !parentNames.has(lookup))
        problems.push(problem("people-import.problem.parentNoName"));
      else {
        if (!person && cells.parent_name !== "" && !parentNames.has(lookup)) parentNames.set(lookup, cells.parent_name);
        parent = { email, lookup, name: person?.name ?? parentNames.get(lookup) ?? "", existingId: person?.id ?? null };
      }
    }
    const dateOfBirth = importDate(cells.birth_date) ?? "";
    const base = { line: row.line, name: cells.name, studentCode: cells.student_code, dateOfBirth, klass, parent };
    if (problems.length > 0) return { ...base, outcome: "error", problems, changes: [], existingId: null };
    if (parent && !parent.existingId) newParents.add(parent.lookup);
    const student = code === "" ? undefined : studentByCode.get(code);
    if (!student) return { ...base, outcome: "create", problems, changes: [], existingId: null };
    const changes: PlannedRow["changes"] = [];
    if (student.name !== cells.name) changes.push("name");
    if (openDateOfBirth(student.id, student.dateOfBirthSealed) !== dateOfBirth) changes.push("dateOfBirth");
    if (klass && !member.has(`${klass.id}:${student.id}`)) changes.push("class");
    if (parent && !(parent.existingId && guardian.has(`${parent.existingId}:${student.id}`))) changes.push("parent");
    return {
      ...base,
      studentCode: student.studentCode,
      outcome: changes.length > 0 ? "update" : "unchanged",
      problems,
      changes,
      existingId: student.id,
    };
  });
  const counts = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const row of rows) counts[row.outcome]++;
  return { rows, counts, parentsToInvite: newParents.size };
}
