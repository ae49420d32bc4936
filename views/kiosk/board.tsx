import { t } from "../../src/platform/i18n";
import { Avatar, type AvatarImage } from "../components/avatar";
import { LiveRegion } from "../components/live";
import { BoardTable } from "../gamification/leaderboard";

/** A leaderboard as the gamification views render it. */
type BoardData = Parameters<typeof BoardTable>[0]["board"];

export interface BoardSession {
  sessionId: string;
  className: string;
  time: string;
  arrivals: { name: string; late: boolean; avatar: AvatarImage | null }[];
}

/** Today's arrivals per session: what the live board swaps in on every check-in. */
export function AttendanceBoard({ sessions }: { sessions: BoardSession[] }) {
  if (sessions.length === 0) return <p class="kiosk-message">{t("kiosk.board.nobody")}</p>;
  return (
    <div class="kiosk-board">
      {sessions.map((session) => (
        <section class="kiosk-panel" aria-label={session.className}>
          <h2>
            {session.className} <span class="muted">{session.time}</span>
          </h2>
          <ul class="kiosk-names">
            {session.arrivals.map((arrival) => (
              <li class={arrival.late ? "late" : undefined}>
                <Avatar name={arrival.name} image={arrival.avatar} />
                {arrival.name}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

export const BOARD_EVENT = "kiosk-board";

function Leaderboards({ boards }: { boards: BoardData[] }) {
  return (
    <div class="kiosk-board">
      {boards.map((board) => (
        <section class="kiosk-panel">
          <h2>{board.heading}</h2>
          <LiveRegion name={board.region} block>
            <BoardTable board={board} />
          </LiveRegion>
        </section>
      ))}
    </div>
  );
}

export interface BoardViewProps {
  centreName: string;
  /** The centre's leaderboards when it runs points and badges; none otherwise. */
  boards: BoardData[];
  sessions: BoardSession[];
}

/** Full screen: the centre's leaderboards and today's arrivals, kept current by the page's live stream. */
export function BoardView({ centreName, boards, sessions }: BoardViewProps) {
  return (
    <div class="kiosk-idle">
      <header class="kiosk-header">
        <h1>{t("kiosk.board.heading", { centre: centreName })}</h1>
        {boards.length === 0 && <p class="muted">{t("kiosk.board.noLeaderboards")}</p>}
      </header>
      {boards.length > 0 && <Leaderboards boards={boards} />}
      <h2 class="kiosk-header">{t("kiosk.board.checkedIn")}</h2>
      <LiveRegion name={BOARD_EVENT} block>
        <AttendanceBoard sessions={sessions} />
      </LiveRegion>
    </div>
  );
}
