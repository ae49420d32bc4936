import type { AttendanceRowItem } from "../../../views/classes/attendance";
import type { ClassDetail } from "../../../views/classes/class";
import { WEEKDAY_NAMES } from "../../../views/classes/class-form";
import type { ClassListItem, ClassSummary } from "../../../views/classes/classes";
import type { SessionItem, TimetableDay } from "../../../views/classes/timetable";
import { addDays, localDate, localTime } from "../../platform/calendar";
import type { AttendanceMark, ClassRecord, NamedPerson, SessionRecord } from "./queries";

/** Builds the plain data the class, timetable and attendance views declare. */

function endTime(startTime: string, durationMinutes: number): string {
  const [hour, minute] = startTime.split(":").map(Number) as [number, number];
  const end = (hour * 60 + minute + durationMinutes) % (24 * 60);
  return `${String(Math.floor(end / 60)).padStart(2, "0")}:${String(end % 60).padStart(2, "0")}`;
}

export function slotLabel(klass: Pick<ClassRecord, "weekday" | "startTime" | "durationMinutes">): string {
  return `${WEEKDAY_NAMES[klass.weekday - 1]}s ${klass.startTime}–${endTime(klass.startTime, klass.durationMinutes)}`;
}

function classSummary(klass: ClassRecord): ClassSummary {
  return {
    id: klass.id,
    name: klass.name,
    courseTitle: klass.courseTitle,
    tutorName: klass.tutorName,
    slot: slotLabel(klass),
    room: klass.room,
  };
}

export function toClassListItem(klass: ClassRecord, viewerId: string): ClassListItem {
  return { ...classSummary(klass), mine: klass.tutorId === viewerId };
}

export function toClassDetail(klass: ClassRecord): ClassDetail {
  return {
    ...classSummary(klass),
    dates: klass.endsOn ? `From ${klass.startsOn} to ${klass.endsOn}` : `From ${klass.startsOn}`,
    archived: klass.status === "archived",
  };
}

export function dateLabel(date: string): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  return new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(Date.UTC(year, month - 1, day)));
}

export function toSessionItem(session: SessionRecord, timeZone: string, canTake: boolean): SessionItem {
  const date = localDate(session.startsAt, timeZone);
  const recorded = session.present + session.late + session.absent;
  return {
    id: session.id,
    classId: session.classId,
    className: session.className,
    tutorName: session.tutorName,
    date,
    dateLabel: dateLabel(date),
    time: `${localTime(session.startsAt, timeZone)}–${localTime(session.endsAt, timeZone)}`,
    room: session.room,
    meetingUrl: session.meetingUrl,
    cancelled: session.status === "cancelled",
    counts: {
      present: session.present,
      late: session.late,
      absent: session.absent,
      unrecorded: Math.max(0, session.members - recorded),
    },
    canTake,
  };
}

/** The seven days of a week, Monday first, each with its sessions. */
export function weekDays(monday: string, sessions: SessionItem[]): TimetableDay[] {
  return Array.from({ length: 7 }, (_, index) => {
    const date = addDays(monday, index);
    return { date, label: dateLabel(date), sessions: sessions.filter((session) => session.date === date) };
  });
}

export function toAttendanceRows(members: NamedPerson[], marks: AttendanceMark[], timeZone: string) {
  const byStudent = new Map(marks.map((mark) => [mark.studentId, mark]));
  return members.map((member): AttendanceRowItem => toAttendanceRow(member, byStudent.get(member.id), timeZone));
}

export function toAttendanceRow(
  member: NamedPerson,
  mark: AttendanceMark | undefined,
  timeZone: string,
): AttendanceRowItem {
  return {
    studentId: member.id,
    name: member.name,
    status: mark?.status ?? null,
    checkedIn: mark?.checkedInAt ? localTime(mark.checkedInAt, timeZone) : null,
    method: mark?.method ?? null,
  };
}
