import type { AttendanceRowItem } from "../../../views/classes/attendance";
import type { ClassDetail } from "../../../views/classes/class";
import type { ClassListItem, ClassSummary } from "../../../views/classes/classes";
import type { SessionItem, TimetableDay } from "../../../views/classes/timetable";
import { addDays, isoWeekday, localDate } from "../../platform/calendar";
import { firstDayOfWeek, formatList, formatLocalDate, formatTime, t } from "../../platform/i18n";
import { isUpcoming } from "./attendance";
import type { AttendanceMark, ClassRecord, DatedRange, NamedPerson, SessionRecord } from "./queries";
import type { WeeklySlot } from "./schedule";

/** Builds the plain data the class, timetable and attendance views declare, in the reader's language. */

/** A wall-clock "HH:MM" at the centre as the reader's locale writes it ("17:30", "5:30 PM"). */
function wallClockTime(time: string): string {
  // A fixed day in UTC: the slot is already local to the centre, so no zone may shift it.
  return formatTime(new Date(`2024-01-01T${time.slice(0, 5)}:00Z`), "UTC");
}

function endTime(startTime: string, durationMinutes: number): string {
  const [hour, minute] = startTime.split(":").map(Number) as [number, number];
  const end = (hour * 60 + minute + durationMinutes) % (24 * 60);
  return `${String(Math.floor(end / 60)).padStart(2, "0")}:${String(end % 60).padStart(2, "0")}`;
}

/** "Thursdays 17:30–18:15", "los jueves, 17:30–18:15". */
export function slotLabel(slot: WeeklySlot): string {
  return t("classes.slot", {
    weekday: String(slot.weekday),
    start: wallClockTime(slot.startTime),
    end: wallClockTime(endTime(slot.startTime, slot.durationMinutes)),
  });
}

/** Every slot of a class as one phrase: "Mondays 16:00–17:00 and Thursdays 17:00–18:00". */
export function slotsLabel(slots: WeeklySlot[]): string {
  return formatList(slots.map(slotLabel));
}

/** A term or holiday with its dates: "Autumn term (7 September 2026 – 18 December 2026)". */
export function termLabel(range: Pick<DatedRange, "name" | "startsOn" | "endsOn">): string {
  return t("classes.calendar.rangeLabel", {
    name: range.name,
    start: formatLocalDate(range.startsOn),
    end: formatLocalDate(range.endsOn),
  });
}

function classSummary(klass: ClassRecord): ClassSummary {
  return {
    id: klass.id,
    name: klass.name,
    courseTitle: klass.courseTitle,
    tutorName: klass.tutorName,
    slot: slotsLabel(klass.slots),
    room: klass.room,
  };
}

export function toClassListItem(klass: ClassRecord, viewerId: string): ClassListItem {
  return { ...classSummary(klass), mine: klass.tutorId === viewerId };
}

export function toClassDetail(klass: ClassRecord): ClassDetail {
  const start = formatLocalDate(klass.startsOn);
  return {
    ...classSummary(klass),
    dates: klass.endsOn
      ? t("classes.dates.fromTo", { start, end: formatLocalDate(klass.endsOn) })
      : t("classes.dates.from", { start }),
    archived: klass.status === "archived",
  };
}

/** A local date as the class pages write it ("Tuesday 3 March 2026", "martes, 3 de marzo de 2026"). */
export function dateLabel(date: string): string {
  return formatLocalDate(date, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
}

export function toSessionItem(
  session: SessionRecord,
  timeZone: string,
  canTake: boolean,
  now: Date = new Date(),
): SessionItem {
  const date = localDate(session.startsAt, timeZone);
  const recorded = session.present + session.late + session.absent;
  return {
    id: session.id,
    classId: session.classId,
    className: session.className,
    tutorName: session.tutorName,
    date,
    dateLabel: dateLabel(date),
    time: t("classes.timeRange", {
      start: formatTime(session.startsAt, timeZone),
      end: formatTime(session.endsAt, timeZone),
    }),
    room: session.room,
    meetingUrl: session.meetingUrl,
    cancelled: session.status === "cancelled",
    upcoming: isUpcoming(session.startsAt, timeZone, now),
    counts: {
      present: session.present,
      late: session.late,
      absent: session.absent,
      unrecorded: Math.max(0, session.members - recorded),
    },
    canTake,
  };
}

/** The first day of the week holding `date`, as the reader's locale lays weeks out (Monday, Sunday, Saturday). */
export function weekStartOf(date: string, firstDay: number = firstDayOfWeek()): string {
  return addDays(date, -((isoWeekday(date) - firstDay + 7) % 7));
}

/** The seven days of a week from its first day, each with its sessions. */
export function weekDays(start: string, sessions: SessionItem[]): TimetableDay[] {
  return Array.from({ length: 7 }, (_, index) => {
    const date = addDays(start, index);
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
    checkedIn: mark?.checkedInAt ? formatTime(mark.checkedInAt, timeZone) : null,
    method: mark?.method ?? null,
  };
}
