import { beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import {
  addMember,
  classesForTutor,
  createClass,
  recordAttendance,
  removeMember,
} from "../../src/modules/classes/service";
import { seedDemoCourses } from "../../src/modules/courses/demo";
import { enrol, exercisesForLessons, publishedLessonsForCourse, unenrol } from "../../src/modules/courses/service";
import {
  assignHomework,
  gradeSubmission,
  moderateSubmission,
  overrideAutoMark,
  returnSubmission,
  saveAnswer,
  submitHomework,
} from "../../src/modules/homework/service";
import {
  AUDIT_ACTIONS,
  AUDIT_HEADS_PUBLISH_EVERY_MINUTES,
  chainsAreIntact,
  verifyAuditChains,
} from "../../src/platform/audit";
import { db } from "../../src/platform/db";
import { trustedCentreId } from "../../src/platform/tenancy";
import {
  actorFor,
  addPerson,
  type Centre,
  classInput,
  createCentre,
  createCourse,
  demoHomework,
  pairKiosk,
} from "../support/fixtures";

// Every change of a mark, an attendance mark or an enrolment leaves an audit event with before
// and after, written in the same transaction as the change (docs/security.md, "Audit coverage").
let centre: Centre;
let homeworkId: string;

beforeAll(async () => {
  centre = await createCentre({ label: "audit-coverage" });
  homeworkId = await demoHomework(centre);
});

const as = (role: "tutor" | "head_tutor" | "centre_admin" | "student") => actorFor(centre.people[role]);

async function auditOf(action: string, targetId: string) {
  return db
    .selectFrom("audit_events")
    .where("centre_id", "=", centre.id)
    .where("action", "=", action)
    .where("target_id", "=", targetId)
    .select(["actor_id", "actor_role", "target_type", "before", "after", "request_id"])
    .orderBy("id")
    .execute();
}

function submissionOf(homework: string) {
  return db
    .selectFrom("submissions")
    .where("homework_id", "=", homework)
    .where("student_id", "=", centre.people.student.id)
    .select(["id", "status"])
    .executeTakeFirstOrThrow();
}

async function freeResponseIds(): Promise<string[]> {
  return (
    await db.selectFrom("homework_exercises").where("homework_id", "=", homeworkId).select("exercise_id").execute()
  ).map((row) => row.exercise_id);
}

describe("marks", () => {
  test("returning for redo, marking and moderating are each audited with the mark before and after", async () => {
    const student = await as("student");
    const [exerciseId] = await freeResponseIds();
    await saveAnswer(student, homeworkId, exerciseId!, "My first try");
    expect(await submitHomework(student, homeworkId)).toBe("submitted");
    const { id } = await submissionOf(homeworkId);

    await returnSubmission(await as("tutor"), id, "Show your working.");
    const [returned] = await auditOf("submission.return", id);
    expect(returned).toMatchObject({
      actor_id: centre.people.tutor.id,
      target_type: "submission",
      before: { status: "submitted", score: null, studentId: centre.people.student.id },
      after: { status: "returned", score: null, feedback: "Show your working." },
    });

    await saveAnswer(student, homeworkId, exerciseId!, "My second try, with working");
    await submitHomework(student, homeworkId);
    const grade = { answers: { [exerciseId!]: { points: "1", feedback: "Good" } }, overall: "", feedback: "Well done" };
    await gradeSubmission(await as("tutor"), id, grade);
    const [graded] = await auditOf("submission.grade", id);
    expect(graded).toMatchObject({
      actor_id: centre.people.tutor.id,
      actor_role: "tutor",
      before: { status: "submitted", score: null },
      after: { status: "marked", score: 1, feedback: "Well done", answers: [{ exerciseId, points: 1 }] },
    });

    await moderateSubmission(await as("head_tutor"), id, { score: "2", feedback: "Raised after moderation" });
    const [moderated] = await auditOf("submission.moderate", id);
    expect(moderated).toMatchObject({
      actor_id: centre.people.head_tutor.id,
      before: { status: "marked", score: 1, feedback: "Well done" },
      after: { score: 2, feedback: "Raised after moderation" },
    });
  });

  test("work marked automatically on hand-in is audited as the student's hand-in with its score", async () => {
    const centreId = trustedCentreId(centre.id);
    const { courseId } = await seedDemoCourses(db, centreId);
    const [lesson] = await publishedLessonsForCourse(centreId, courseId);
    const autoMarked = (await exercisesForLessons(centreId, [lesson!.id])).filter(
      (row) => row.kind === "multiple_choice" || row.kind === "numeric",
    );
    expect(autoMarked.length).toBeGreaterThan(0);
    const [klass] = await classesForTutor(centreId, centre.people.tutor.id);
    const quiz = await assignHomework(await as("tutor"), {
      title: "Auto-marked quiz",
      instructions: "",
      kind: "exercises",
      classId: klass!.id,
      studentId: centre.people.student.id,
      lessonId: lesson!.id,
      exerciseIds: autoMarked.map((row) => row.id),
      pages: null,
      outOf: null,
      dueAt: new Date(Date.now() + 86_400_000),
    });
    expect(await submitHomework(await as("student"), quiz)).toBe("marked");
    const { id } = await submissionOf(quiz);
    const [event] = await auditOf("submission.auto_mark", id);
    expect(event).toMatchObject({
      actor_id: centre.people.student.id,
      actor_role: "student",
      before: { status: "not_started", score: null },
      after: { status: "marked", score: 0, autoScore: 0 },
    });
    // A tutor overrides that auto-mark: audited with the auto-mark kept and the reason.
    await overrideAutoMark(await as("tutor"), id, { newScore: "1", reason: "Right in all but notation" });
    const [override] = await auditOf("submission.override", id);
    expect(override).toMatchObject({
      actor_id: centre.people.tutor.id,
      actor_role: "tutor",
      before: { status: "marked", score: 0, autoScore: 0 },
      after: { status: "marked", score: 1, autoScore: 0, overrideReason: "Right in all but notation" },
    });
  });
});

describe("attendance", () => {
  test("a tutor's mark, a kiosk check-in and a correction are each audited; an unchanged mark is not", async () => {
    const courseId = await createCourse(centre, "Audited attendance");
    const student = await addPerson(centre, "student", { name: "Audited arrival" });
    const classId = await createClass(await as("centre_admin"), classInput(courseId, centre.people.tutor.id));
    await addMember(await as("centre_admin"), classId, student.id);
    const sessions = await db
      .selectFrom("class_sessions")
      .where("class_id", "=", classId)
      .select("id")
      .orderBy("starts_at")
      .execute();
    const [first, second] = sessions;
    // Attendance is taken from a session's day on: both sessions moved to earlier today.
    for (const [index, session] of [first, second].entries()) {
      const startsAt = new Date(Date.now() - (index + 2) * 3_600_000);
      await db
        .updateTable("class_sessions")
        .set({ starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 3_600_000) })
        .where("id", "=", session!.id)
        .execute();
    }
    const paired = await pairKiosk(centre);
    const kiosk = {
      kioskId: paired.id,
      centreId: trustedCentreId(centre.id),
      request: { ip: "203.0.113.44", userAgent: "kiosk", requestId: "req-kiosk-audit" },
    };

    await recordAttendance(await as("tutor"), first!.id, student.id, "present", "tutor");
    await recordAttendance(await as("tutor"), first!.id, student.id, "present", "tutor");
    await recordAttendance(await as("tutor"), first!.id, student.id, "absent", "tutor");
    await recordAttendance(kiosk, second!.id, student.id, "late", "kiosk");

    const recorded = await auditOf("attendance.record", student.id);
    expect(recorded).toHaveLength(2);
    expect(recorded[0]).toMatchObject({
      actor_id: centre.people.tutor.id,
      target_type: "student",
      before: null,
      after: { sessionId: first!.id, classId, status: "present", method: "tutor" },
    });
    expect(recorded[1]).toMatchObject({
      actor_id: null,
      actor_role: "kiosk",
      request_id: "req-kiosk-audit",
      after: { sessionId: second!.id, status: "late", method: "kiosk", kioskId: paired.id },
    });
    const corrected = await auditOf("attendance.correct", student.id);
    expect(corrected).toHaveLength(1);
    expect(corrected[0]).toMatchObject({
      before: { sessionId: first!.id, status: "present", method: "tutor" },
      after: { sessionId: first!.id, status: "absent", checkedInAt: null },
    });
  });
});

describe("enrolment", () => {
  test("enrolling in a course and unenrolling are audited; enrolling twice is one change", async () => {
    const courseId = await createCourse(centre, "Audited enrolment");
    const student = await addPerson(centre, "student", { name: "Audited enrolee" });
    await enrol(await as("centre_admin"), courseId, student.id);
    await enrol(await as("centre_admin"), courseId, student.id);
    await unenrol(await as("centre_admin"), courseId, student.id);
    const enrolled = await auditOf("enrolment.enrol", student.id);
    expect(enrolled).toHaveLength(1);
    expect(enrolled[0]).toMatchObject({
      actor_id: centre.people.centre_admin.id,
      before: { courseId, enrolled: false },
      after: { courseId, enrolled: true, courseTitle: "Audited enrolment" },
    });
    const unenrolled = await auditOf("enrolment.unenrol", student.id);
    expect(unenrolled).toHaveLength(1);
    expect(unenrolled[0]).toMatchObject({ before: { courseId, enrolled: true }, after: { courseId, enrolled: false } });
  });

  test("adding a student to a class and removing them are audited", async () => {
    const courseId = await createCourse(centre, "Audited membership");
    const student = await addPerson(centre, "student", { name: "Audited member" });
    const classId = await createClass(await as("centre_admin"), classInput(courseId, centre.people.tutor.id));
    await addMember(await as("centre_admin"), classId, student.id);
    await addMember(await as("centre_admin"), classId, student.id);
    await removeMember(await as("centre_admin"), classId, student.id);
    const added = await auditOf("class.member_add", student.id);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      before: { classId, member: false },
      after: { classId, member: true, className: "Year 7 Maths" },
    });
    expect(await auditOf("class.member_remove", student.id)).toMatchObject([
      { before: { classId, member: true }, after: { classId, member: false } },
    ]);
  });

  test("a change that fails leaves no audit event, and the centre's chain still verifies", async () => {
    const courseId = await createCourse(centre, "Never enrolled");
    const student = await addPerson(centre, "student", { name: "Not enrolled" });
    await expect(unenrol(await as("centre_admin"), courseId, student.id)).rejects.toMatchObject({ status: 404 });
    expect(await auditOf("enrolment.unenrol", student.id)).toHaveLength(0);
    expect(chainsAreIntact(await verifyAuditChains(db, { centreId: centre.id }))).toBe(true);
  });
});

describe("docs/security.md", () => {
  test("its Audit coverage table lists every audit action, and the publishing interval is the code's", async () => {
    const doc = await Bun.file(join(import.meta.dir, "../../docs/security.md")).text();
    const coverage = doc.slice(doc.indexOf("### Audit coverage"));
    const listed = new Set([...coverage.matchAll(/`([a-z_]+\.[a-z_.]+)`/g)].map((match) => match[1]));
    expect(AUDIT_ACTIONS.filter((action) => !listed.has(action))).toEqual([]);
    expect(doc).toContain(`\`AUDIT_HEADS_PUBLISH_EVERY_MINUTES\` (${AUDIT_HEADS_PUBLISH_EVERY_MINUTES})`);
  });
});
