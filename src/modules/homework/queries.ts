import { type ExpressionBuilder, type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from "kysely";
import { cappedCount, type KeyPart, type KeysetPage, keysetPage, keyText, type PageAt } from "../../platform/db/keyset";
import { indexedValue, indexedValues } from "../../platform/db/partial-index";
import { prepared } from "../../platform/db/prepared";
import type { Database, ExerciseKind, SubmissionStatus } from "../../platform/db/schema";
import { COUNT_CAP } from "../../platform/i18n";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";

/**
 * Whose homework a member of staff may see and act on: a tutor their own classes and what they
 * set themselves, a head tutor and up everything in the centre.
 */
export type StaffScope = { all: true } | { all: false; tutorId: string; classIds: string[] };

export const PAGE_SIZE = 25;
export const OUTSTANDING: SubmissionStatus[] = ["not_started", "in_progress", "returned"];
export const HANDED_IN: SubmissionStatus[] = ["submitted", "marked"];
/** The conditions of submissions_marking_queue_idx and submissions_outstanding_idx, as literals a generic plan can match. */
const WAITING_TO_MARK = indexedValue("submitted");
const STILL_OUTSTANDING = indexedValues(OUTSTANDING);

function inScope(scope: StaffScope) {
  return (eb: ExpressionBuilder<Database, "homework">) => {
    if (scope.all) return eb.lit(true);
    const own = eb("homework.set_by", "=", scope.tutorId);
    return scope.classIds.length ? eb.or([own, eb("homework.class_id", "in", scope.classIds)]) : own;
  };
}

/** Submissions of homework that has not been withdrawn, joined to their homework. */
function activeSubmissions(db: Kysely<Database>, centreId: CentreId) {
  return selectFromTenant(db, "submissions", centreId)
    .innerJoin("homework", tenantJoin("homework.id", "submissions.homework_id"))
    .where("homework.status", "=", "active");
}

export interface HomeworkRow {
  id: string;
  title: string;
  instructions: string;
  kind: "exercises" | "worksheet";
  courseId: string | null;
  classId: string | null;
  setBy: string;
  dueAt: Date;
  status: "active" | "withdrawn";
  /** Students see their auto-marked results and the correct answers as soon as they hand in. */
  showResultsOnHandIn: boolean;
}

const homeworkColumns = [
  "homework.id",
  "homework.title",
  "homework.instructions",
  "homework.kind",
  "homework.course_id as courseId",
  "homework.class_id as classId",
  "homework.set_by as setBy",
  "homework.due_at as dueAt",
  "homework.status",
  "homework.show_results_on_hand_in as showResultsOnHandIn",
] as const;

export function homeworkInScope(
  db: Kysely<Database>,
  centreId: CentreId,
  id: string,
  scope: StaffScope,
): Promise<HomeworkRow | undefined> {
  return selectFromTenant(db, "homework", centreId)
    .where("homework.id", "=", id)
    .where(inScope(scope))
    .select(homeworkColumns)
    .executeTakeFirst();
}

export interface HomeworkListRow {
  id: string;
  title: string;
  kind: "exercises" | "worksheet";
  dueAt: Date;
  status: "active" | "withdrawn";
  assigned: number;
  handedIn: number;
  toMark: number;
}

const HOMEWORK_KEY: KeyPart[] = [
  { column: "homework.due_at", kind: "time" },
  { column: "homework.id", kind: "uuid" },
];

/** One page of homework keys (from the table or a derived table named `homework`), latest due first. */
function homeworkKeys<DB, TB extends keyof DB>(
  homework: SelectQueryBuilder<DB, TB, { id: string; dueKey: string }>,
  at: PageAt,
) {
  return keysetPage(homework, HOMEWORK_KEY, (row) => [row.dueKey, row.id], at, PAGE_SIZE, "desc");
}

const dueKey = () => keyText(HOMEWORK_KEY[0] as KeyPart).as("dueKey");

/**
 * The staff member's homework, latest due first, with how many have handed in and await marking:
 * the page's homework by keyset first, then the counts of those alone (not of every homework).
 */
export async function homeworkPage(
  db: Kysely<Database>,
  centreId: CentreId,
  scope: StaffScope,
  at: PageAt,
): Promise<KeysetPage<HomeworkListRow>> {
  // A tutor's homework (theirs, or set to their classes) is found by its owner's indexes first and
  // then paged: OFFSET 0 keeps PostgreSQL from walking the centre's homework in due order instead,
  // filtering by owner as it goes (issue 17: the rows read grew with the centre, not the tutor).
  const keys = scope.all
    ? await homeworkKeys(selectFromTenant(db, "homework", centreId).select(["homework.id", dueKey()]), at)
    : await homeworkKeys(
        db
          .selectFrom(
            selectFromTenant(db, "homework", centreId)
              .where(inScope(scope))
              .select(["homework.id", "homework.due_at"])
              .offset(0)
              .as("homework"),
          )
          .select(["homework.id", dueKey()]),
        at,
      );
  const ids = keys.rows.map((row) => row.id);
  const rows = ids.length
    ? await selectFromTenant(db, "homework", centreId)
        .leftJoin("submissions", tenantJoin("submissions.homework_id", "homework.id"))
        .where("homework.id", "in", ids)
        .groupBy("homework.id")
        .select([
          "homework.id",
          "homework.title",
          "homework.kind",
          "homework.due_at as dueAt",
          "homework.status",
          sql<number>`count(submissions.id)::int`.as("assigned"),
          sql<number>`(count(submissions.id) filter (where submissions.status in ('submitted','marked')))::int`.as(
            "handedIn",
          ),
          sql<number>`(count(submissions.id) filter (where submissions.status = 'submitted'))::int`.as("toMark"),
        ])
        .execute()
    : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return { ...keys, rows: ids.flatMap((id) => byId.get(id) ?? []) };
}

export interface SubmissionListRow {
  id: string;
  studentId: string;
  studentName: string;
  status: SubmissionStatus;
  submittedAt: Date | null;
  score: string | null;
  maxScore: string;
}

export function submissionsOfHomework(
  db: Kysely<Database>,
  centreId: CentreId,
  homeworkId: string,
): Promise<SubmissionListRow[]> {
  return selectFromTenant(db, "submissions", centreId)
    .innerJoin("users", tenantJoin("users.id", "submissions.student_id"))
    .where("submissions.homework_id", "=", homeworkId)
    .select([
      "submissions.id",
      "submissions.student_id as studentId",
      "users.name as studentName",
      "submissions.status",
      "submissions.submitted_at as submittedAt",
      "submissions.score",
      sql<string>`submissions.max_score`.as("maxScore"),
    ])
    .orderBy("users.name")
    .orderBy("submissions.id")
    .execute();
}

/** A homework's exercise as the student answers it and the marking reads it. */
export interface HomeworkExercise {
  id: string;
  kind: ExerciseKind;
  prompt: string;
  config: Record<string, unknown>;
  points: number;
}

/**
 * The homework's exercises in the order they were set, in one statement (issue 17: it was the
 * ids, then the exercises by id, on every hand-in, mark and question page).
 */
export function exercisesOfHomeworkQuery(
  db: Kysely<Database>,
  centreId: CentreId,
  homeworkId: string,
): Promise<HomeworkExercise[]> {
  return exercisesOfHomeworkStatement.all(db, { centreId, homeworkId });
}

// Built once (issue 17): every hand-in, mark and question page sends it.
const exercisesOfHomeworkStatement = prepared((db, p: { centreId: CentreId; homeworkId: string }) =>
  selectFromTenant(db, "homework_exercises", p.centreId)
    .innerJoin("exercises", tenantJoin("exercises.id", "homework_exercises.exercise_id"))
    .where("homework_exercises.homework_id", "=", p.homeworkId)
    .select(["exercises.id", "exercises.kind", "exercises.prompt", "exercises.config", "exercises.points"])
    .orderBy("homework_exercises.position"),
);

export interface SubmissionDetail {
  id: string;
  homeworkId: string;
  studentId: string;
  studentName: string;
  status: SubmissionStatus;
  submittedAt: Date | null;
  autoScore: string | null;
  score: string | null;
  maxScore: string;
  feedback: string;
  markedAt: Date | null;
  moderatedAt: Date | null;
  /** Null when marked on hand-in (auto-marked), or not marked yet. */
  markerId: string | null;
  /** A tutor's override of the auto-mark; autoScore keeps the auto-mark. */
  override: { at: Date; reason: string } | null;
  homework: HomeworkRow;
}

function submissionQuery(db: Kysely<Database>, centreId: CentreId) {
  return selectFromTenant(db, "submissions", centreId)
    .innerJoin("homework", tenantJoin("homework.id", "submissions.homework_id"))
    .innerJoin("users", tenantJoin("users.id", "submissions.student_id"))
    .select([
      ...homeworkColumns,
      "submissions.id as submissionId",
      "submissions.student_id as studentId",
      "users.name as studentName",
      "submissions.status as submissionStatus",
      "submissions.submitted_at as submittedAt",
      "submissions.auto_score as autoScore",
      "submissions.score",
      sql<string>`submissions.max_score`.as("maxScore"),
      "submissions.feedback",
      "submissions.marked_at as markedAt",
      "submissions.moderated_at as moderatedAt",
      "submissions.marker_id as markerId",
      "submissions.override_at as overrideAt",
      "submissions.override_reason as overrideReason",
    ]);
}

type SubmissionQueryRow = Awaited<ReturnType<ReturnType<typeof submissionQuery>["executeTakeFirstOrThrow"]>>;

function toDetail(row: SubmissionQueryRow | undefined): SubmissionDetail | undefined {
  if (!row) return undefined;
  return {
    id: row.submissionId,
    homeworkId: row.id,
    studentId: row.studentId,
    studentName: row.studentName,
    status: row.submissionStatus,
    submittedAt: row.submittedAt,
    autoScore: row.autoScore,
    score: row.score,
    maxScore: row.maxScore,
    feedback: row.feedback,
    markedAt: row.markedAt,
    moderatedAt: row.moderatedAt,
    markerId: row.markerId,
    override: row.overrideAt ? { at: row.overrideAt, reason: row.overrideReason ?? "" } : null,
    homework: {
      id: row.id,
      title: row.title,
      instructions: row.instructions,
      kind: row.kind,
      courseId: row.courseId,
      classId: row.classId,
      setBy: row.setBy,
      dueAt: row.dueAt,
      status: row.status,
      showResultsOnHandIn: row.showResultsOnHandIn,
    },
  };
}

/** A student's own submission for a homework that has not been withdrawn. */
export async function ownSubmission(
  db: Kysely<Database>,
  centreId: CentreId,
  homeworkId: string,
  studentId: string,
): Promise<SubmissionDetail | undefined> {
  return toDetail(await ownSubmissionStatement.first(db, { centreId, homeworkId, studentId }));
}

interface OwnSubmissionValues extends Record<string, unknown> {
  centreId: CentreId;
  homeworkId: string;
  studentId: string;
}

// Built once (issue 17): every hand-in and question page reads it.
const ownSubmissionStatement = prepared((db, p: OwnSubmissionValues) =>
  submissionQuery(db, p.centreId)
    .where("submissions.homework_id", "=", p.homeworkId)
    .where("submissions.student_id", "=", p.studentId)
    .where("homework.status", "=", "active"),
);

/** The student's submission with the exercise asked as question `n` (1-based) and how many there are. */
export interface OwnQuestion {
  submission: SubmissionDetail;
  /** Null when the homework has no question `n`. */
  question: { id: string; kind: ExerciseKind; count: number } | null;
}

/**
 * What an answer autosave needs, in one statement (issue 17: it was the submission, the
 * homework's exercise ids, the exercises and every saved answer, then the submission again): the
 * student's own submission of active homework, and the exercise at position `n` of its list
 * (the same order as exercisesOfHomeworkQuery) with the list's length.
 */
export async function ownSubmissionQuestion(
  db: Kysely<Database>,
  centreId: CentreId,
  homeworkId: string,
  studentId: string,
  n: number,
): Promise<OwnQuestion | undefined> {
  const row = await ownSubmissionQuestionStatement.first(db, { centreId, homeworkId, studentId, before: n - 1 });
  const submission = toDetail(row);
  if (!row || !submission) return undefined;
  const question =
    row.questionId && row.questionKind
      ? { id: row.questionId, kind: row.questionKind, count: Number(row.questionCount) }
      : null;
  return { submission, question };
}

// Built once (issue 17): every answer autosave, a quarter of the scenario's actions, sends it.
export const ownSubmissionQuestionStatement = prepared((db, p: OwnSubmissionValues & { before: number }) => {
  const nth = selectFromTenant(db, "homework_exercises", p.centreId)
    .innerJoin("exercises", tenantJoin("exercises.id", "homework_exercises.exercise_id"))
    .where("homework_exercises.homework_id", "=", p.homeworkId)
    // Counted before the offset: a window is computed over every row the query finds.
    .select(["exercises.id", "exercises.kind", sql<number>`(count(*) over ())::int`.as("count")])
    .orderBy("homework_exercises.position")
    .offset(p.before)
    .limit(1);
  return submissionQuery(db, p.centreId)
    .leftJoinLateral(nth.as("question"), (join) => join.onTrue())
    .select(["question.id as questionId", "question.kind as questionKind", "question.count as questionCount"])
    .where("submissions.homework_id", "=", p.homeworkId)
    .where("submissions.student_id", "=", p.studentId)
    .where("homework.status", "=", "active");
});

export async function submissionInScope(
  db: Kysely<Database>,
  centreId: CentreId,
  id: string,
  scope: StaffScope,
): Promise<SubmissionDetail | undefined> {
  const row = scope.all
    ? await submissionInCentre.first(db, { centreId, id })
    : await submissionOfTutor.first(db, { centreId, id, tutorId: scope.tutorId, classIds: scope.classIds });
  return toDetail(row);
}

// Built once each (issue 17): every mark and marking page reads one. The tutor's classes are one
// array parameter, so the SQL is the same however many they teach; the same rows as inScope.
const submissionInCentre = prepared((db, p: { centreId: CentreId; id: string }) =>
  submissionQuery(db, p.centreId).where("submissions.id", "=", p.id),
);
const submissionOfTutor = prepared((db, p: { centreId: CentreId; id: string; tutorId: string; classIds: string[] }) =>
  submissionQuery(db, p.centreId)
    .where("submissions.id", "=", p.id)
    .where((eb) =>
      eb.or([eb("homework.set_by", "=", p.tutorId), sql<boolean>`homework.class_id = any(${p.classIds}::uuid[])`]),
    ),
);

export interface AnswerRow {
  exerciseId: string;
  response: unknown;
  isCorrect: boolean | null;
  autoPoints: string | null;
  tutorPoints: string | null;
  feedback: string;
}

/** An exercise of the homework with the student's saved response, if there is one. */
export interface ExerciseWithResponse extends HomeworkExercise {
  answered: boolean;
  response: unknown;
}

/**
 * The homework's exercises in order, each with what the submission saved for it: one statement
 * for a hand-in (it was three: the ids, the exercises, the answers).
 */
export function exercisesWithResponses(
  db: Kysely<Database>,
  centreId: CentreId,
  homeworkId: string,
  submissionId: string,
): Promise<ExerciseWithResponse[]> {
  return exercisesWithResponsesStatement.all(db, { centreId, homeworkId, submissionId });
}

// Built once (issue 17): every hand-in sends it.
const exercisesWithResponsesStatement = prepared(
  (db, p: { centreId: CentreId; homeworkId: string; submissionId: string }) =>
    selectFromTenant(db, "homework_exercises", p.centreId)
      .innerJoin("exercises", tenantJoin("exercises.id", "homework_exercises.exercise_id"))
      .leftJoin("answers", (join) =>
        join
          .onRef("answers.exercise_id", "=", "exercises.id")
          .onRef("answers.centre_id", "=", "homework_exercises.centre_id")
          .on("answers.submission_id", "=", p.submissionId),
      )
      .where("homework_exercises.homework_id", "=", p.homeworkId)
      .select([
        "exercises.id",
        "exercises.kind",
        "exercises.prompt",
        "exercises.config",
        "exercises.points",
        sql<boolean>`answers.exercise_id is not null`.as("answered"),
        "answers.response",
      ])
      .orderBy("homework_exercises.position"),
);

export function answersOf(db: Kysely<Database>, centreId: CentreId, submissionId: string): Promise<AnswerRow[]> {
  return selectFromTenant(db, "answers", centreId)
    .where("submission_id", "=", submissionId)
    .select([
      "exercise_id as exerciseId",
      "response",
      "is_correct as isCorrect",
      "auto_points as autoPoints",
      "tutor_points as tutorPoints",
      "feedback",
    ])
    .execute();
}

export interface QueueRow {
  id: string;
  homeworkTitle: string;
  studentName: string;
  submittedAt: Date;
  dueAt: Date;
  /** The row's place in the queue, as a page link carries it. */
  key: string[];
}

/**
 * Whose queue: a tutor's own (tutorId), or the whole centre's (null, a head tutor and up). A
 * tutor's is read from marking_queue_entries, kept by triggers (migration 0027): their own rows
 * in queue order, then the page's submissions by id. The centre's is read through the partial
 * index submissions_marking_queue_idx. Either way a page reads about as many rows as it shows,
 * however large the centre.
 */
export type QueueOwner = string | null;

const OWN_QUEUE_KEY: KeyPart[] = [
  { column: "marking_queue_entries.submitted_at", kind: "time" },
  { column: "marking_queue_entries.submission_id", kind: "uuid" },
];
const CENTRE_QUEUE_KEY: KeyPart[] = [
  { column: "submissions.submitted_at", kind: "time" },
  { column: "submissions.id", kind: "uuid" },
];

function ownEntries(db: Kysely<Database>, centreId: CentreId, tutorId: string) {
  return selectFromTenant(db, "marking_queue_entries", centreId).where("marking_queue_entries.tutor_id", "=", tutorId);
}

function centreQueue(db: Kysely<Database>, centreId: CentreId) {
  return activeSubmissions(db, centreId).where("submissions.status", "=", WAITING_TO_MARK);
}

/**
 * What the queue shows of each piece of work, for a page's submissions by id: each submission,
 * its homework and its student read by primary key, one row at a time from the page's ids (LATERAL
 * with LIMIT 1: no plan can turn them into a join or a bitmap that reads a whole centre's rows), so
 * the rows read follow the rows shown. Work of withdrawn homework, or marked meanwhile, drops out.
 */
function queueRows(db: Kysely<Database>, centreId: CentreId, ids: readonly string[]) {
  return sql<Omit<QueueRow, "key">>`
    select s.id, w.title as "homeworkTitle", st.name as "studentName", s.submitted_at as "submittedAt", w.due_at as "dueAt"
    from unnest(${[...ids]}::uuid[]) as page (id)
    cross join lateral (
      select s.id, s.homework_id, s.student_id, s.submitted_at from submissions s
      where s.id = page.id and s.centre_id = ${centreId}::uuid and s.status = 'submitted' limit 1) s
    cross join lateral (
      select h.title, h.due_at from homework h
      where h.id = s.homework_id and h.centre_id = ${centreId}::uuid and h.status = 'active' limit 1) w
    cross join lateral (
      select u.name from users u where u.id = s.student_id and u.centre_id = ${centreId}::uuid limit 1) st`.execute(db);
}

export const QUEUE_PAGE_SIZE = PAGE_SIZE;

/** One page of the queue, oldest first, after or before a row of another page. */
export async function markingQueuePage(
  db: Kysely<Database>,
  centreId: CentreId,
  owner: QueueOwner,
  at: PageAt,
): Promise<KeysetPage<QueueRow>> {
  // The page's place from the owner's rows alone, then its rows by id: no plan can widen the first
  // step. A tutor's from their entries; the centre's from its waiting submissions through the
  // partial index submissions_marking_queue_idx, without the join to homework that let the planner
  // read the whole queue (issue 17) — work of withdrawn homework is left out in the second step.
  const keys =
    owner === null
      ? await keysetPage(
          selectFromTenant(db, "submissions", centreId)
            .where("submissions.status", "=", WAITING_TO_MARK)
            .select(["submissions.id", keyText(CENTRE_QUEUE_KEY[0] as KeyPart).as("sortAt")]),
          CENTRE_QUEUE_KEY,
          (row) => [row.sortAt, row.id],
          at,
          QUEUE_PAGE_SIZE,
        )
      : await keysetPage(
          ownEntries(db, centreId, owner).select([
            "marking_queue_entries.submission_id as id",
            keyText(OWN_QUEUE_KEY[0] as KeyPart).as("sortAt"),
          ]),
          OWN_QUEUE_KEY,
          (row) => [row.sortAt, row.id],
          at,
          QUEUE_PAGE_SIZE,
        );
  const ids = keys.rows.map((row) => row.id);
  const rows = ids.length ? (await queueRows(db, centreId, ids)).rows : [];
  const byId = new Map(rows.map((row) => [row.id, row]));
  return {
    ...keys,
    rows: keys.rows.flatMap(({ id, sortAt }) => {
      const row = byId.get(id);
      return row ? [{ ...row, key: [sortAt, id] }] : [];
    }),
  };
}

/** How much is waiting, counted up to COUNT_CAP ("99+" beyond it): bounded by the cap, not the queue. */
export function markingQueueSize(db: Kysely<Database>, centreId: CentreId, owner: QueueOwner): Promise<number> {
  // In queue order, so the count walks the queue's index from its start and stops at the cap.
  return owner === null
    ? centreQueueSize(db, centreId)
    : cappedCount(
        db,
        ownEntries(db, centreId, owner)
          .select("marking_queue_entries.submission_id")
          .orderBy("marking_queue_entries.submitted_at"),
        COUNT_CAP,
      );
}

/**
 * The centre's waiting work counted up to COUNT_CAP: its first COUNT_CAP waiting submissions in
 * queue order (a LIMIT inside, so no plan reads further), then those of active homework among
 * them. Work of withdrawn homework among the first COUNT_CAP makes the count a little low near
 * the cap, never unbounded.
 */
async function centreQueueSize(db: Kysely<Database>, centreId: CentreId): Promise<number> {
  const first = selectFromTenant(db, "submissions", centreId)
    .where("submissions.status", "=", WAITING_TO_MARK)
    .select(["submissions.homework_id", "submissions.centre_id"])
    .orderBy("submissions.submitted_at")
    .orderBy("submissions.id")
    .limit(COUNT_CAP);
  // Each one's homework by primary key (a LATERAL with LIMIT 1 stays a per-row lookup in any plan).
  const row = await db
    .selectFrom(first.as("waiting"))
    .innerJoinLateral(
      (eb) =>
        selectFromTenant(db, "homework", centreId)
          .where("homework.id", "=", eb.ref("waiting.homework_id"))
          .where("homework.status", "=", "active")
          .select("homework.id")
          .limit(1)
          .as("active"),
      (join) => join.onTrue(),
    )
    .select(sql<number>`count(*)::int`.as("count"))
    .executeTakeFirstOrThrow();
  return row.count;
}

/** The rows either side of a point of a queue in the order of its key. */
async function neighboursIn<DB, TB extends keyof DB>(
  query: SelectQueryBuilder<DB, TB, { id: string }>,
  key: KeyPart[],
  point: RawBuilder<unknown>,
): Promise<{ previous: string | null; next: string | null }> {
  const [time, id] = key.map((part) => sql.ref(part.column));
  const position = sql`(${time}, ${id})`;
  const [previous, next] = await Promise.all([
    query
      .where(sql<boolean>`${position} < ${point}`)
      .orderBy(sql`${time}`, "desc")
      .orderBy(sql`${id}`, "desc")
      .limit(1)
      .executeTakeFirst(),
    query
      .where(sql<boolean>`${position} > ${point}`)
      .orderBy(sql`${time}`)
      .orderBy(sql`${id}`)
      .limit(1)
      .executeTakeFirst(),
  ]);
  return { previous: previous?.id ?? null, next: next?.id ?? null };
}

/** The queued submissions just before and after a submission in the queue, for previous/next links. */
export function queueNeighbours(
  db: Kysely<Database>,
  centreId: CentreId,
  owner: QueueOwner,
  at: { id: string },
): Promise<{ previous: string | null; next: string | null }> {
  // The point exactly as stored (to the microsecond), read once by the database.
  const point = sql`((select submitted_at from submissions where id = ${at.id}::uuid and centre_id = ${centreId}::uuid), ${at.id}::uuid)`;
  return owner === null
    ? neighboursIn(centreQueue(db, centreId).select("submissions.id"), CENTRE_QUEUE_KEY, point)
    : neighboursIn(
        ownEntries(db, centreId, owner).select("marking_queue_entries.submission_id as id"),
        OWN_QUEUE_KEY,
        point,
      );
}

export interface StudentHomeworkRow {
  homeworkId: string;
  title: string;
  kind: "exercises" | "worksheet";
  dueAt: Date;
  status: SubmissionStatus;
  submittedAt: Date | null;
  score: string | null;
  maxScore: string;
  feedback: string;
  markedAt: Date | null;
  courseId: string | null;
}

function studentHomeworkQuery(db: Kysely<Database>, centreId: CentreId, studentId: string) {
  return activeSubmissions(db, centreId)
    .where("submissions.student_id", "=", studentId)
    .select([
      "homework.id as homeworkId",
      "homework.title",
      "homework.kind",
      "homework.due_at as dueAt",
      "submissions.status",
      "submissions.submitted_at as submittedAt",
      "submissions.score",
      sql<string>`submissions.max_score`.as("maxScore"),
      "submissions.feedback",
      "submissions.marked_at as markedAt",
      "homework.course_id as courseId",
    ]);
}

const STILL_TO_DO = sql`submissions.status in ('not_started','in_progress','returned')`;
const DUE_MICROSECONDS = sql`(extract(epoch from homework.due_at) * 1000000)::bigint`;
/**
 * A student's list in one ascending key: still to do first (0) then handed in (1); within the
 * first soonest due first, within the second latest due first (the due time negated); then id.
 */
const STUDENT_HOMEWORK_KEY: KeyPart[] = [
  { column: "todo", kind: "int", expression: sql`(case when ${STILL_TO_DO} then 0 else 1 end)` },
  {
    column: "due",
    kind: "int",
    expression: sql`(case when ${STILL_TO_DO} then ${DUE_MICROSECONDS} else -${DUE_MICROSECONDS} end)`,
  },
  { column: "homework.id", kind: "uuid" },
];

/**
 * A student's homework: still to do first (soonest due first), then handed in (latest due first).
 * A page after or before a piece of homework by keyset; the student's own rows only.
 */
export async function studentHomeworkPage(
  db: Kysely<Database>,
  centreId: CentreId,
  studentId: string,
  at: PageAt,
): Promise<KeysetPage<StudentHomeworkRow>> {
  const [todo, due] = STUDENT_HOMEWORK_KEY.map(keyText);
  const page = await keysetPage(
    studentHomeworkQuery(db, centreId, studentId).select([
      (todo as RawBuilder<string>).as("todoKey"),
      (due as RawBuilder<string>).as("dueKey"),
    ]),
    STUDENT_HOMEWORK_KEY,
    (row) => [row.todoKey, row.dueKey, row.homeworkId],
    at,
    PAGE_SIZE,
  );
  return { ...page, rows: page.rows.map(({ todoKey: _, dueKey: __, ...row }) => row) };
}

/** The lists and counts a student's dashboard and their parents' show, from one statement. */
export interface StudentOverviewRows {
  /** Still to do, soonest due first. */
  due: StudentHomeworkRow[];
  /** In the order of the student's list (to do first, soonest due; then handed in, latest due). */
  latest: StudentHomeworkRow[];
  /** Marked, latest mark first. */
  marked: StudentHomeworkRow[];
  /** Homework set and handed in, per course. */
  completion: CompletionRow[];
}

type OverviewJson = Omit<StudentHomeworkRow, "dueAt" | "submittedAt" | "markedAt" | "score" | "maxScore"> & {
  dueAt: string;
  submittedAt: string | null;
  markedAt: string | null;
  score: number | string | null;
  maxScore: number | string;
};

function fromJson(row: OverviewJson): StudentHomeworkRow {
  return {
    homeworkId: row.homeworkId,
    title: row.title,
    kind: row.kind,
    dueAt: new Date(row.dueAt),
    status: row.status,
    submittedAt: row.submittedAt === null ? null : new Date(row.submittedAt),
    score: row.score === null ? null : String(row.score),
    maxScore: String(row.maxScore),
    feedback: row.feedback,
    markedAt: row.markedAt === null ? null : new Date(row.markedAt),
    courseId: row.courseId,
  };
}

/**
 * What outstandingForStudent, studentHomeworkPage's first page, markedForStudent and
 * completionByCourse answer, in one statement: the student's own rows are read once (their
 * submissions by submissions_centre_student_idx, each homework by key) and every list is cut from
 * them. A dashboard view sent four statements for these; a limit of 0 leaves a list empty.
 */
export async function studentOverview(
  db: Kysely<Database>,
  centreId: CentreId,
  studentId: string,
  limits: { due: number; latest: number; marked: number },
): Promise<StudentOverviewRows> {
  const { rows } = await sql<{
    due: OverviewJson[];
    latest: OverviewJson[];
    marked: OverviewJson[];
    completion: CompletionRow[];
  }>`
    with mine as materialized (
      select homework.id as "homeworkId", homework.title, homework.kind, homework.due_at as "dueAt",
        submissions.status, submissions.submitted_at as "submittedAt", submissions.score,
        submissions.max_score as "maxScore", submissions.feedback, submissions.marked_at as "markedAt",
        homework.course_id as "courseId", ${STILL_TO_DO} as todo
      from submissions
      join homework on homework.id = submissions.homework_id and homework.centre_id = submissions.centre_id
      where submissions.centre_id = ${centreId} and submissions.student_id = ${studentId} and homework.status = 'active'
    )
    select
      (select coalesce(json_agg(d order by d."dueAt", d."homeworkId"), '[]') from (
        select * from mine where todo order by "dueAt", "homeworkId" limit ${limits.due}) d) as due,
      (select coalesce(json_agg(l order by l.todo desc, case when l.todo then l."dueAt" end, l."dueAt" desc, l."homeworkId"), '[]') from (
        select * from mine order by todo desc, case when todo then "dueAt" end, "dueAt" desc, "homeworkId" limit ${limits.latest}) l) as latest,
      (select coalesce(json_agg(m order by m."markedAt" desc, m."homeworkId"), '[]') from (
        select * from mine where status = 'marked' order by "markedAt" desc, "homeworkId" limit ${limits.marked}) m) as marked,
      (select coalesce(json_agg(c order by c."courseId"), '[]') from (
        select "courseId", count(*)::int as assigned,
          (count(*) filter (where status in ('submitted','marked')))::int as "handedIn"
        from mine group by "courseId") c) as completion`.execute(db);
  const row = rows[0];
  return {
    due: (row?.due ?? []).map(fromJson),
    latest: (row?.latest ?? []).map(fromJson),
    marked: (row?.marked ?? []).map(fromJson),
    completion: row?.completion ?? [],
  };
}

/** Outstanding work through the partial index submissions_outstanding_idx. */
export function outstandingForStudent(
  db: Kysely<Database>,
  centreId: CentreId,
  studentId: string,
  limit: number,
): Promise<StudentHomeworkRow[]> {
  return studentHomeworkQuery(db, centreId, studentId)
    .where("submissions.status", "in", STILL_OUTSTANDING)
    .orderBy("homework.due_at")
    .orderBy("homework.id")
    .limit(limit)
    .execute();
}

export function markedForStudent(
  db: Kysely<Database>,
  centreId: CentreId,
  studentId: string,
  limit: number,
): Promise<StudentHomeworkRow[]> {
  return studentHomeworkQuery(db, centreId, studentId)
    .where("submissions.status", "=", "marked")
    .orderBy("submissions.marked_at", "desc")
    .orderBy("homework.id")
    .limit(limit)
    .execute();
}

/** Counted up to COUNT_CAP (shown with formatCount, "99+"): the cost stays bounded in a large centre. */
export function overdueCount(db: Kysely<Database>, centreId: CentreId, now: Date): Promise<number> {
  return cappedCount(
    db,
    activeSubmissions(db, centreId)
      .where("submissions.status", "in", STILL_OUTSTANDING)
      .where("homework.due_at", "<", now)
      .select("submissions.id"),
    COUNT_CAP,
  );
}

export interface CompletionRow {
  courseId: string | null;
  assigned: number;
  handedIn: number;
}

export function completionByCourse(
  db: Kysely<Database>,
  centreId: CentreId,
  studentId: string,
): Promise<CompletionRow[]> {
  return activeSubmissions(db, centreId)
    .where("submissions.student_id", "=", studentId)
    .groupBy("homework.course_id")
    .select([
      "homework.course_id as courseId",
      sql<number>`count(*)::int`.as("assigned"),
      sql<number>`(count(*) filter (where submissions.status in ('submitted','marked')))::int`.as("handedIn"),
    ])
    .orderBy("homework.course_id")
    .execute();
}

/**
 * The tutor whose queue a homework's work joins (its class's tutor, else whoever set it) and how
 * much waits in it, counted as markingQueueSize counts, in one statement: the worker's live count
 * after every hand-in and mark.
 */
export async function queueOfHomework(
  db: Kysely<Database>,
  centreId: CentreId,
  homeworkId: string,
): Promise<{ tutorId: string; count: number } | null> {
  const { rows } = await sql<{ tutorId: string | null; count: number }>`
    select o.tutor_id as "tutorId", (
      select count(*)::int from (
        select 1 from marking_queue_entries m
        where m.centre_id = ${centreId} and m.tutor_id = o.tutor_id
        order by m.submitted_at
        limit ${COUNT_CAP}) capped) as count
    from (
      select coalesce(c.tutor_id, h.set_by) as tutor_id
      from homework h left join classes c on c.id = h.class_id and c.centre_id = h.centre_id
      where h.centre_id = ${centreId} and h.id = ${homeworkId}) o`.execute(db);
  const row = rows[0];
  return row?.tutorId ? { tutorId: row.tutorId, count: row.count } : null;
}

export interface OverdueHandIn {
  centreId: string;
  homeworkId: string;
  studentId: string;
  title: string;
  dueAt: Date;
}

/** Work not handed in whose homework fell due in [from, to), in every centre (the overdue notices' scan). */
export function overdueHandIns(db: Kysely<Database>, from: Date, to: Date): Promise<OverdueHandIn[]> {
  return db
    .selectFrom("submissions") // platform-wide: the worker's scan over every centre; each row names its centre
    .innerJoin("homework", tenantJoin("homework.id", "submissions.homework_id"))
    .where("homework.status", "=", "active")
    .where("submissions.status", "in", STILL_OUTSTANDING)
    .where("homework.due_at", ">=", from)
    .where("homework.due_at", "<", to)
    .select([
      "submissions.centre_id as centreId",
      "homework.id as homeworkId",
      "submissions.student_id as studentId",
      "homework.title",
      "homework.due_at as dueAt",
    ])
    .orderBy("homework.due_at")
    .limit(10_000)
    .execute();
}
