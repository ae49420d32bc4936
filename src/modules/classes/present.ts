import type { AttendanceStatus } from "../../platform/db/schema";
import type { AttendanceMark, ClassRecord, NamedPerson, SessionRecord } from "./queries";
import { addDays, localDate, localTime, mondayOf } from "./schedule";

/** Plain data for the class, timetable and attendance views. */

export const WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

export const ATTENDANCE_STATUSES: AttendanceStatus[] = ["present", "late", "absent"];

export const ATTENDANCE_LABELS: Record<AttendanceStatus, string> = {
  present: "Present",
  late: "Late",
  absent: "Absent",
};

function endTime(startTime: string, durationMinutes: number): string {
  const [hour, minute] = startTime.split(":").map(Number) as [number, number];
  const end = (hour * 60 + minute + durationMinutes) % (24 * 60);
  return `${String(Math.floor(end / 60)).padStart(2, "0")}:${String(end % 60).padStart(2, "0")}`;
}

export function slotLabel(klass: Pick<ClassRecord, "weekday" | "startTime" | "durationMinutes">): string {
  return `${WEEKDAY_NAMES[klass.weekday - 1]}s ${klass.startTime}–${endTime(klass.startTime, klass.durationMinutes)}`;
}

export interface ClassListItem {
  id: string;
  name: string;
  courseTitle: string;
  tutorName: string;
  slot: string;
  room: string;
  mine: boolean;
}

export function toClassListItem(klass: ClassRecord, viewerId: string): ClassListItem {
  return {
    id: klass.id,
    name: klass.name,
    courseTitle: klass.courseTitle,
    tutorName: klass.tutorName,
    slot: slotLabel(klass),
    room: klass.room,
    mine: klass.tutorId === viewerId,
  };
}

export interface SessionItem {
  id: string;
  classId: string;
  className: string;
  tutorName: string;
  /** Local date "YYYY-MM-DD" and times "HH:MM" in the centre's timezone. */
  date: string;
  dateLabel: string;
  time: string;
  room: string;
  meetingUrl: string | null;
  cancelled: boolean;
  counts: { present: number; late: number; absent: number; unrecorded: number };
  /** Whether the viewer may open the attendance screen. */
  canTake: boolean;
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
  const date = localDate(timeZone, session.startsAt);
  const recorded = session.present + session.late + session.absent;
  return {
    id: session.id,
    classId: session.classId,
    className: session.className,
    tutorName: session.tutorName,
    date,
    dateLabel: dateLabel(date),
    time: `${localTime(timeZone, session.startsAt)}–${localTime(timeZone, session.endsAt)}`,
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

export interface TimetableDay {
  date: string;
  label: string;
  sessions: SessionItem[];
}

/** The seven days of a week, Monday first, each with its sessions. */
export function weekDays(monday: string, sessions: SessionItem[]): TimetableDay[] {
  return Array.from({ length: 7 }, (_, index) => {
    const date = addDays(monday, index);
    return { date, label: dateLabel(date), sessions: sessions.filter((session) => session.date === date) };
  });
}

export { addDays, mondayOf };

export interface AttendanceRowItem {
  studentId: string;
  name: string;
  status: AttendanceStatus | null;
  checkedIn: string | null;
  method: string | null;
}

export function toAttendanceRows(members: NamedPerson[], marks: AttendanceMark[], timeZone: string) {
  const byStudent = new Map(marks.map((mark) => [mark.studentId, mark]));
  return members.map((member): AttendanceRowItem => toAttendanceRow(member, byStudent.get(member.id), timeZone));
}

export function toAttendanceRow(member: NamedPerson, mark: AttendanceMark | undefined, timeZone: string) {
  return {
    studentId: member.id,
    name: member.name,
    status: mark?.status ?? null,
    checkedIn: mark?.checkedInAt ? localTime(timeZone, mark.checkedInAt) : null,
    method: mark?.method ?? null,
  };
}
