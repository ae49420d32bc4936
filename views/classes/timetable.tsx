import { t } from "../../src/platform/i18n";

/** A dated session as the class page, timetable and register show it. */
export interface SessionItem {
  id: string;
  classId: string;
  className: string;
  tutorName: string;
  /** Local date "YYYY-MM-DD" in the centre's time zone; the labels are written in the reader's language. */
  date: string;
  dateLabel: string;
  time: string;
  room: string;
  meetingUrl: string | null;
  cancelled: boolean;
  /** On a later day than today (centre time): no attendance can be taken yet. */
  upcoming: boolean;
  counts: { present: number; late: number; absent: number; unrecorded: number };
  /** Whether the viewer may open the attendance screen. */
  canTake: boolean;
}

export interface TimetableDay {
  date: string;
  label: string;
  sessions: SessionItem[];
}

export interface TimetableProps {
  days: TimetableDay[];
  weekLabel: string;
  previousWeek: string;
  nextWeek: string;
  who: "mine" | "all";
  /** Tutors can switch between their own sessions and the whole centre. */
  canChooseWho: boolean;
}

function weekHref(props: TimetableProps, week: string, who = props.who): string {
  return `/timetable?${new URLSearchParams({ week, who }).toString()}`;
}

function Counts({ session }: { session: SessionItem }) {
  const { present, late, absent, unrecorded } = session.counts;
  return <span class="muted">{t("classes.timetable.counts", { present, late, absent, unrecorded })}</span>;
}

function SessionLine({ session }: { session: SessionItem }) {
  return (
    <li data-session-id={session.id}>
      <strong>{session.time}</strong>{" "}
      {session.canTake ? <a href={`/timetable/sessions/${session.id}`}>{session.className}</a> : session.className}
      {" · "}
      {session.tutorName}
      {session.room && <> · {session.room}</>}
      {session.cancelled ? (
        <span class="badge bad"> {t("classes.badge.cancelled")}</span>
      ) : (
        <>
          {" "}
          · <Counts session={session} />
        </>
      )}
    </li>
  );
}

export function TimetableView(props: TimetableProps) {
  return (
    <div class="stack" id="timetable">
      <div class="row">
        <h1>{t("classes.title.timetable")}</h1>
        <a class="button secondary" href="/classes">
          {t("classes.title.list")}
        </a>
      </div>
      <nav class="row" aria-label={t("classes.timetable.weeks")}>
        <a href={weekHref(props, props.previousWeek)}>{t("classes.timetable.previousWeek")}</a>
        <span>{props.weekLabel}</span>
        <a href={weekHref(props, props.nextWeek)}>{t("classes.timetable.nextWeek")}</a>
        {props.canChooseWho &&
          (props.who === "mine" ? (
            <a href={weekHref(props, props.days[0]?.date ?? "", "all")}>{t("classes.timetable.wholeCentre")}</a>
          ) : (
            <a href={weekHref(props, props.days[0]?.date ?? "", "mine")}>{t("classes.timetable.onlyMine")}</a>
          ))}
      </nav>
      {props.days.map((day) => (
        <section class="card" aria-labelledby={`day-${day.date}`}>
          <h2 id={`day-${day.date}`}>{day.label}</h2>
          {day.sessions.length === 0 ? (
            <p class="muted">{t("classes.timetable.noSessions")}</p>
          ) : (
            <ul class="plain-list">
              {day.sessions.map((session) => (
                <SessionLine session={session} />
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}
