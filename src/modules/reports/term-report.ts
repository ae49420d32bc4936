import { addDays, zonedInstant } from "../../platform/calendar";
import { formatLocalDate, t } from "../../platform/i18n";
import type { CentreContext } from "../../platform/principal";
import { attendanceForStudent, type ClassRecord, type NamedPerson } from "../classes";
import { homeworkHistoryForStudent } from "../homework";
import { attendanceCounts, handedIn, mean, scoreOf } from "./progress";
import type { CommentRow, PeriodRow } from "./queries";

export interface CourseAverage {
  title: string;
  /** Mean of marked work's score as a fraction of its maximum; null when nothing was marked. */
  average: number | null;
  marked: number;
}

/** Everything one student's term report prints, in the language of the work in progress. */
export interface TermReport {
  centreName: string;
  studentName: string;
  periodName: string;
  dates: string;
  className: string;
  courseTitle: string;
  tutorName: string;
  attendance: { recorded: number; attended: number };
  homework: { assigned: number; handedIn: number };
  courses: CourseAverage[];
  comment: string;
  nextSteps: string;
}

/** A period's dates in words: "7 Sept 2026 – 18 Dec 2026". */
export function periodDates(period: Pick<PeriodRow, "startsOn" | "endsOn">): string {
  return t("reports.periods.range", { from: formatLocalDate(period.startsOn), to: formatLocalDate(period.endsOn) });
}

/** The instants a period's local dates cover, in the centre's time zone. */
export function periodBounds(period: PeriodRow, timeZone: string): { from: Date; to: Date } {
  return {
    from: zonedInstant(period.startsOn, "00:00", timeZone),
    to: zonedInstant(addDays(period.endsOn, 1), "00:00", timeZone),
  };
}

/** One student's figures for the period: attendance, homework handed in, average score per course. */
async function figuresFor(centre: Pick<CentreContext, "id" | "timeZone">, studentId: string, period: PeriodRow) {
  const range = periodBounds(period, centre.timeZone);
  const [sessions, homework] = await Promise.all([
    attendanceForStudent(centre.id, studentId, range),
    homeworkHistoryForStudent(centre.id, studentId, range),
  ]);
  const titles = new Map<string, string>();
  for (const item of homework) titles.set(item.courseId ?? "", item.courseTitle ?? t("reports.chart.otherWork"));
  const courses = [...titles].map(([courseId, title]) => {
    const scores = homework
      .filter((item) => (item.courseId ?? "") === courseId)
      .map(scoreOf)
      .filter((score): score is number => score !== null);
    return { title, average: mean(scores), marked: scores.length };
  });
  return {
    attendance: attendanceCounts(sessions),
    homework: { assigned: homework.length, handedIn: homework.filter(handedIn).length },
    courses: courses.sort((a, b) => a.title.localeCompare(b.title)),
  };
}

/**
 * The term reports of a class's students for a period, one per student, in the current language.
 * The caller has checked who may see them.
 */
export async function termReportsOf(
  centre: Pick<CentreContext, "id" | "timeZone" | "name">,
  period: PeriodRow,
  group: Pick<ClassRecord, "name" | "courseTitle" | "tutorName">,
  students: NamedPerson[],
  comments: CommentRow[],
): Promise<TermReport[]> {
  const reports: TermReport[] = [];
  for (const student of students) {
    const written = comments.find((row) => row.studentId === student.id);
    reports.push({
      centreName: centre.name,
      studentName: student.name,
      periodName: period.name,
      dates: periodDates(period),
      className: group.name,
      courseTitle: group.courseTitle,
      tutorName: group.tutorName,
      ...(await figuresFor(centre, student.id, period)),
      comment: written?.comment ?? "",
      nextSteps: written?.nextSteps ?? "",
    });
  }
  return reports;
}
