/** A dated session as the class page, timetable and register show it. */
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
  return (
    <span class="muted">
      {present} present · {late} late · {absent} absent · {unrecorded} not recorded
    </span>
  );
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
        <span class="badge bad"> cancelled</span>
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
        <h1>Timetable</h1>
        <a class="button secondary" href="/classes">
          Classes
        </a>
      </div>
      <nav class="row" aria-label="Weeks">
        <a href={weekHref(props, props.previousWeek)}>Previous week</a>
        <span>{props.weekLabel}</span>
        <a href={weekHref(props, props.nextWeek)}>Next week</a>
        {props.canChooseWho &&
          (props.who === "mine" ? (
            <a href={weekHref(props, props.days[0]?.date ?? "", "all")}>Show the whole centre</a>
          ) : (
            <a href={weekHref(props, props.days[0]?.date ?? "", "mine")}>Show only mine</a>
          ))}
      </nav>
      {props.days.map((day) => (
        <section class="card" aria-labelledby={`day-${day.date}`}>
          <h2 id={`day-${day.date}`}>{day.label}</h2>
          {day.sessions.length === 0 ? (
            <p class="muted">No sessions.</p>
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
