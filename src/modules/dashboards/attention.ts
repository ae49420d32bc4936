import { type Kysely, sql } from "kysely";
import type { AttentionReason, StudentConcern } from "../../../views/dashboards/dashboards";
import type { Database } from "../../platform/db/schema";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";

/**
 * "Students needing attention" on a tutor's dashboard, by rules a tutor can read (the dashboard
 * states them): a student of the tutor's classes is listed when any rule holds.
 */
export const ATTENTION_RULES = {
  /** Two or more of the last four homework that fell due, not handed in. */
  missed: { lastHomework: 4, atLeast: 2 },
  /** An average below 50% over the last four marked homework. */
  average: { lastMarked: 4, below: 0.5 },
  /** Attendance below 75% of the recorded sessions in the last 30 days. */
  attendance: { days: 30, below: 0.75 },
} as const;

/** What the rules look at for one student. */
export interface AttentionFacts {
  /** Of their last few homework already due: how many, and how many not handed in. */
  due: { considered: number; missed: number };
  /** Of their last few marked homework: how many, and the average share of the marks. */
  marked: { count: number; average: number | null };
  /** Sessions in the last month with attendance taken, and those attended (present or late). */
  attendance: { recorded: number; attended: number };
}

/** Which rules hold for a student: the rules themselves, with no database in sight. */
export function attentionReasons(facts: AttentionFacts): AttentionReason[] {
  const reasons: AttentionReason[] = [];
  if (facts.due.missed >= ATTENTION_RULES.missed.atLeast)
    reasons.push({ rule: "missed", missed: facts.due.missed, considered: facts.due.considered });
  if (facts.marked.count > 0 && facts.marked.average !== null && facts.marked.average < ATTENTION_RULES.average.below)
    reasons.push({ rule: "lowAverage", average: facts.marked.average, count: facts.marked.count });
  if (facts.attendance.recorded > 0) {
    const rate = facts.attendance.attended / facts.attendance.recorded;
    if (rate < ATTENTION_RULES.attendance.below) reasons.push({ rule: "lowAttendance", rate });
  }
  return reasons;
}

/** The tutor's classes' homework that fell due, ranked per student from the latest. */
function rankedWork(db: Kysely<Database>, centreId: CentreId, tutorId: string, now: Date, markedOnly: boolean) {
  let query = selectFromTenant(db, "submissions", centreId)
    .innerJoin("homework", tenantJoin("homework.id", "submissions.homework_id"))
    .innerJoin("classes", tenantJoin("classes.id", "homework.class_id"))
    .where("classes.tutor_id", "=", tutorId)
    .where("homework.status", "=", "active");
  query = markedOnly
    ? query.where("submissions.status", "=", "marked").where(sql<boolean>`submissions.max_score > 0`)
    : query.where("homework.due_at", "<", now);
  return query.select([
    "submissions.student_id as studentId",
    "submissions.status",
    sql<number>`submissions.score / submissions.max_score`.as("share"),
    sql<number>`row_number() over (partition by submissions.student_id order by homework.due_at desc, homework.id desc)`.as(
      "rank",
    ),
  ]);
}

async function dueFacts(db: Kysely<Database>, centreId: CentreId, tutorId: string, now: Date) {
  return db
    .selectFrom(rankedWork(db, centreId, tutorId, now, false).as("ranked"))
    .where("ranked.rank", "<=", ATTENTION_RULES.missed.lastHomework)
    .groupBy("ranked.studentId")
    .select([
      "ranked.studentId",
      sql<number>`count(*)::int`.as("considered"),
      sql<number>`(count(*) filter (where ranked.status not in ('submitted','marked')))::int`.as("missed"),
    ])
    .execute();
}

async function markedFacts(db: Kysely<Database>, centreId: CentreId, tutorId: string, now: Date) {
  return db
    .selectFrom(rankedWork(db, centreId, tutorId, now, true).as("ranked"))
    .where("ranked.rank", "<=", ATTENTION_RULES.average.lastMarked)
    .groupBy("ranked.studentId")
    .select(["ranked.studentId", sql<number>`count(*)::int`.as("count"), sql<string>`avg(ranked.share)`.as("average")])
    .execute();
}

async function attendanceFacts(db: Kysely<Database>, centreId: CentreId, tutorId: string, now: Date) {
  const since = new Date(now.getTime() - ATTENTION_RULES.attendance.days * 24 * 3600 * 1000);
  return selectFromTenant(db, "attendance", centreId)
    .innerJoin("class_sessions", tenantJoin("class_sessions.id", "attendance.session_id"))
    .innerJoin("classes", tenantJoin("classes.id", "class_sessions.class_id"))
    .where("classes.tutor_id", "=", tutorId)
    .where("class_sessions.starts_at", ">=", since)
    .where("class_sessions.starts_at", "<", now)
    .groupBy("attendance.student_id")
    .select([
      "attendance.student_id as studentId",
      sql<number>`count(*)::int`.as("recorded"),
      sql<number>`(count(*) filter (where attendance.status <> 'absent'))::int`.as("attended"),
    ])
    .execute();
}

const NO_FACTS: AttentionFacts = {
  due: { considered: 0, missed: 0 },
  marked: { count: 0, average: null },
  attendance: { recorded: 0, attended: 0 },
};

/** The students of a tutor's classes for whom a rule holds, most reasons first, then by name. */
export async function studentsNeedingAttention(
  db: Kysely<Database>,
  centreId: CentreId,
  tutorId: string,
  now: Date,
  limit = 10,
): Promise<StudentConcern[]> {
  const [due, marked, attendance] = await Promise.all([
    dueFacts(db, centreId, tutorId, now),
    markedFacts(db, centreId, tutorId, now),
    attendanceFacts(db, centreId, tutorId, now),
  ]);
  const facts = new Map<string, AttentionFacts>();
  const of = (id: string) => facts.get(id) ?? (facts.set(id, structuredClone(NO_FACTS)).get(id) as AttentionFacts);
  for (const row of due) of(row.studentId).due = { considered: row.considered, missed: row.missed };
  for (const row of marked) of(row.studentId).marked = { count: row.count, average: Number(row.average) };
  for (const row of attendance) of(row.studentId).attendance = { recorded: row.recorded, attended: row.attended };
  const flagged = [...facts].flatMap(([studentId, fact]) => {
    const reasons = attentionReasons(fact);
    return reasons.length ? [{ studentId, reasons }] : [];
  });
  if (flagged.length === 0) return [];
  const names = new Map(
    (
      await selectFromTenant(db, "users", centreId)
        .where(
          "id",
          "in",
          flagged.map((row) => row.studentId),
        )
        .select(["id", "name"])
        .execute()
    ).map((row) => [row.id, row.name]),
  );
  return flagged
    .map((row) => ({ ...row, name: names.get(row.studentId) ?? "" }))
    .sort((a, b) => b.reasons.length - a.reasons.length || a.name.localeCompare(b.name))
    .slice(0, limit);
}
