import { sql } from "kysely";
import { dbRead } from "../../platform/db";
import type { CentreId } from "../../platform/tenancy";
import { selectFromTenant, tenantJoin } from "../../platform/tenancy";
import { attendanceForStudent } from "../classes";
import { coursesForStudent } from "../courses";
import { homeworkCompletion } from "../homework";

export interface CourseReportLine {
  /** Null: homework set outside any course. */
  title: string | null;
  assigned: number;
  handedIn: number;
  /** Mean of score / max score over marked work (0 to 1); null before anything is marked. */
  averageScore: number | null;
}

export interface ProgressReport {
  studentName: string;
  attendance: { recorded: number; attended: number };
  homework: { assigned: number; handedIn: number };
  courses: CourseReportLine[];
}

/** Per course: the mean of each marked homework's score as a fraction of its maximum. */
function averageScoresByCourse(centreId: CentreId, studentId: string) {
  return selectFromTenant(dbRead, "submissions", centreId)
    .innerJoin("homework", tenantJoin("homework.id", "submissions.homework_id"))
    .where("homework.status", "=", "active")
    .where("submissions.student_id", "=", studentId)
    .where("submissions.status", "=", "marked")
    .where("submissions.score", "is not", null)
    .where(sql<boolean>`submissions.max_score > 0`)
    .groupBy("homework.course_id")
    .select([
      "homework.course_id as courseId",
      sql<number>`avg(submissions.score / submissions.max_score)::float8`.as("average"),
    ])
    .execute();
}

function courseTitles(centreId: CentreId, ids: string[]): Promise<{ id: string; title: string }[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return selectFromTenant(dbRead, "courses", centreId)
    .where("id", "in", ids)
    .select(["id", "title"])
    .orderBy("title")
    .execute();
}

/**
 * A student's progress from the data the progress page shows: attendance since they joined,
 * homework handed in, and average score per course. The caller has checked who may see it.
 */
export async function progressReport(
  centreId: CentreId,
  student: { id: string; name: string },
  now = new Date(),
): Promise<ProgressReport> {
  const [attendance, completion, courses, averages] = await Promise.all([
    attendanceForStudent(centreId, student.id, { from: new Date(0), to: now }),
    homeworkCompletion(centreId, student.id),
    coursesForStudent(centreId, student.id),
    averageScoresByCourse(centreId, student.id),
  ]);
  const recorded = attendance.filter((session) => session.status !== null);
  const averageOf = (courseId: string | null) => {
    const row = averages.find((candidate) => candidate.courseId === courseId);
    return row ? Number(row.average) : null;
  };
  // Courses with homework for the student but no enrolment (left the course, or set outside it) still count.
  const enrolled = new Set(courses.map((course) => course.id));
  const others = completion.byCourse
    .map((row) => row.courseId)
    .filter((id): id is string => id !== null && !enrolled.has(id));
  const titled = [...courses, ...(await courseTitles(centreId, others))];
  const lines: CourseReportLine[] = titled.map((course) => {
    const homework = completion.byCourse.find((row) => row.courseId === course.id);
    return {
      title: course.title,
      assigned: homework?.assigned ?? 0,
      handedIn: homework?.handedIn ?? 0,
      averageScore: averageOf(course.id),
    };
  });
  const outside = completion.byCourse.find((row) => row.courseId === null);
  if (outside && outside.assigned > 0) {
    lines.push({ title: null, assigned: outside.assigned, handedIn: outside.handedIn, averageScore: averageOf(null) });
  }
  return {
    studentName: student.name,
    attendance: {
      recorded: recorded.length,
      attended: recorded.filter((session) => session.status !== "absent").length,
    },
    homework: { assigned: completion.assigned, handedIn: completion.handedIn },
    courses: lines,
  };
}
