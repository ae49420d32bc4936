export interface MySessionItem {
  className: string;
  date: string;
  time: string;
  cancelled: boolean;
  /** Present only when the centre runs video sessions and the session has a link. */
  meetingUrl: string | null;
}

export function MySessionsView({ sessions }: { sessions: MySessionItem[] }) {
  return (
    <section class="card">
      <h1>My sessions</h1>
      {sessions.length === 0 ? (
        <p class="muted">You have no sessions in the next two weeks.</p>
      ) : (
        <ul class="stack">
          {sessions.map((session) => (
            <li>
              <strong>{session.className}</strong> · {session.date}, {session.time}
              {session.cancelled && <span class="badge bad"> cancelled</span>}
              {session.meetingUrl && (
                <>
                  {" "}
                  ·{" "}
                  <a href={session.meetingUrl} rel="noopener noreferrer">
                    Join online
                  </a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/home">Back to today</a>
      </p>
    </section>
  );
}
