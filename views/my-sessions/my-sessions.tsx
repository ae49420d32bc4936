import { t } from "../../src/platform/i18n";

export interface MySessionItem {
  className: string;
  /** Its day and times, formatted for the reader ("Monday 7 December 2026, 16:00–17:00"). */
  when: string;
  cancelled: boolean;
  /** Present only when the centre runs video sessions and the session has a link. */
  meetingUrl: string | null;
}

export function MySessionsView({ sessions }: { sessions: MySessionItem[] }) {
  return (
    <section class="card">
      <h1>{t("my-sessions.title")}</h1>
      {sessions.length === 0 ? (
        <p class="muted">{t("my-sessions.none")}</p>
      ) : (
        <ul class="stack">
          {sessions.map((session) => (
            <li>
              <strong>{session.className}</strong> · {session.when}
              {session.cancelled && <span class="badge bad"> {t("my-sessions.cancelled")}</span>}
              {session.meetingUrl && (
                <>
                  {" "}
                  ·{" "}
                  <a href={session.meetingUrl} rel="noopener noreferrer">
                    {t("my-sessions.joinOnline")}
                  </a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/home">{t("my-sessions.backToToday")}</a>
      </p>
    </section>
  );
}
