import { t } from "../../src/platform/i18n";
import { Avatar, type AvatarImage } from "../components/avatar";
import { ConfirmedPost } from "../components/confirm";
import { CsrfField, Notice, Select, type SelectOption } from "../components/form";
import type { ClassSummary } from "./classes";
import type { SessionItem } from "./timetable";

export interface ClassDetail extends ClassSummary {
  dates: string;
  archived: boolean;
}

export interface ClassMember {
  id: string;
  name: string;
  avatar: AvatarImage | null;
}

export interface ClassViewProps {
  csrfToken: string;
  klass: ClassDetail;
  members: ClassMember[];
  /** Students not in the class, offered as one checkbox each. */
  studentOptions: SelectOption[];
  /** Other active classes a member can be moved to. */
  moveOptions: SelectOption[];
  sessions: SessionItem[];
  notice: string | null;
  /** markbook: the class's markbook (homework module); printBadges: its kiosk badges on one sheet (kiosk module). */
  can: { update: boolean; delete: boolean; regenerate: boolean; markbook: boolean; printBadges: boolean };
}

function PostButton(props: { action: string; label: string; csrfToken: string; kind?: "secondary" | "danger" }) {
  return (
    <form method="post" action={props.action} class="inline-form">
      <CsrfField token={props.csrfToken} />
      <button type="submit" class={props.kind}>
        {props.label}
      </button>
    </form>
  );
}

function Members(props: ClassViewProps) {
  const { klass, csrfToken } = props;
  return (
    <section class="card" aria-labelledby="members-heading">
      <h2 id="members-heading">{t("classes.members.heading", { count: props.members.length })}</h2>
      {props.members.length === 0 ? (
        <p class="muted">{t("classes.members.empty")}</p>
      ) : (
        <ul class="plain-list">
          {props.members.map((member) => (
            <li class="row" data-student-id={member.id}>
              <Avatar name={member.name} image={member.avatar} />
              <span>{member.name}</span>
              {props.can.update && (
                <ConfirmedPost
                  action={`/classes/${klass.id}/members/${member.id}/remove`}
                  label={t("classes.members.remove", { name: member.name })}
                  csrfToken={csrfToken}
                  kind="secondary"
                />
              )}
              {props.can.update && props.moveOptions.length > 0 && (
                <form method="post" action={`/classes/${klass.id}/members/${member.id}/move`} class="inline-form">
                  <CsrfField token={csrfToken} />
                  <Select
                    name="toClassId"
                    id={`move-${member.id}`}
                    label={t("classes.move.to", { name: member.name })}
                    options={props.moveOptions}
                  />
                  <button type="submit" class="secondary">
                    {t("classes.move.button")}
                  </button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {props.can.update && props.studentOptions.length > 0 && (
        <form method="post" action={`/classes/${klass.id}/members`}>
          <CsrfField token={csrfToken} />
          <fieldset>
            <legend>{t("classes.members.add")}</legend>
            {props.studentOptions.map((student) => (
              <div>
                <label>
                  <input type="checkbox" name="studentIds" value={student.value} /> {student.label}
                </label>
              </div>
            ))}
          </fieldset>
          <button type="submit">{t("classes.members.addButton")}</button>
        </form>
      )}
    </section>
  );
}

function Sessions({ sessions }: { sessions: SessionItem[] }) {
  return (
    <section class="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">{t("classes.sessions.heading")}</h2>
      {sessions.length === 0 ? (
        <p class="muted">{t("classes.sessions.empty")}</p>
      ) : (
        <ul class="plain-list">
          {sessions.map((session) => (
            <li data-session-id={session.id}>
              {session.canTake ? (
                <a href={`/timetable/sessions/${session.id}`}>{session.dateLabel}</a>
              ) : (
                session.dateLabel
              )}{" "}
              {session.time}
              {session.cancelled && <span class="badge bad"> {t("classes.badge.cancelled")}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function ClassView(props: ClassViewProps) {
  const { klass, csrfToken, can } = props;
  return (
    <div class="stack">
      {props.notice && <Notice kind="ok">{props.notice}</Notice>}
      <section class="card">
        <h1>
          {klass.name} {klass.archived && <span class="badge">{t("classes.badge.archived")}</span>}
        </h1>
        <p>
          {klass.courseTitle} · {klass.tutorName}
        </p>
        <p>
          {klass.slot}
          {klass.room && <> · {klass.room}</>}
        </p>
        <p class="muted">{klass.dates}</p>
        <div class="row">
          {can.markbook && (
            <a class="button secondary" href={`/classes/${klass.id}/markbook`}>
              {t("homework.markbook.link")}
            </a>
          )}
          {can.update && !klass.archived && (
            <a class="button secondary" href={`/classes/${klass.id}/edit`}>
              {t("classes.action.edit")}
            </a>
          )}
          {can.printBadges && !klass.archived && (
            <a class="button secondary" href={`/kiosks/classes/${klass.id}/badges`}>
              {t("classes.action.printBadges")}
            </a>
          )}
          {can.regenerate && !klass.archived && (
            <PostButton
              action={`/classes/${klass.id}/sessions`}
              label={t("classes.action.generate")}
              csrfToken={csrfToken}
              kind="secondary"
            />
          )}
          {can.update && !klass.archived && (
            <ConfirmedPost
              action={`/classes/${klass.id}/archive`}
              label={t("classes.action.archive")}
              csrfToken={csrfToken}
              kind="secondary"
            />
          )}
          {can.delete && (
            <ConfirmedPost
              action={`/classes/${klass.id}/delete`}
              label={t("common.form.delete")}
              csrfToken={csrfToken}
              kind="danger"
            />
          )}
        </div>
      </section>
      <Members {...props} />
      <Sessions sessions={props.sessions} />
    </div>
  );
}
