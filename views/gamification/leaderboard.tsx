import { formatNumber, t } from "../../src/platform/i18n";
import { LiveRegion } from "../components/live";
import { Table } from "../components/table";

export interface BoardLine {
  rank: number;
  studentId: string;
  /** First name and initial; null on a line the viewer may not see named (another family's child). */
  name: string | null;
  xp: number;
}

export interface BoardData {
  /** The live region this board fills: leaderboard-centre-week, leaderboard-class-all... */
  region: string;
  heading: string;
  period: "week" | "all";
  lines: BoardLine[];
}

/** The board itself: what a live update replaces, so it carries no per-viewer content. */
export function BoardTable({ board }: { board: BoardData }) {
  if (board.lines.length === 0)
    return (
      <p class="muted">{t(board.period === "week" ? "gamification.board.emptyWeek" : "gamification.board.empty")}</p>
    );
  return (
    <Table
      class="leaderboard"
      caption={<span class="visually-hidden">{board.heading}</span>}
      rows={board.lines}
      columns={[
        { header: t("gamification.board.rank"), cell: (line) => formatNumber(line.rank) },
        {
          header: t("gamification.board.student"),
          cell: (line) => line.name ?? <span class="muted">{t("gamification.board.anotherStudent")}</span>,
        },
        { header: t("gamification.xp"), cell: (line) => formatNumber(line.xp) },
      ]}
    />
  );
}

export interface Tab {
  label: string;
  href: string;
  current: boolean;
}

/**
 * Scope tabs (centre, each class) are plain links: a class board needs its live topic, which only a
 * full page load connects. Period tabs swap the panel with htmx and stay plain links underneath.
 */
function PeriodTabs({ tabs }: { tabs: Tab[] }) {
  return (
    <ul class="tabs" aria-label={t("gamification.board.period")}>
      {tabs.map((tab) => (
        <li>
          <a
            href={tab.href}
            hx-get={tab.href}
            hx-target="#leaderboard-panel"
            hx-select="#leaderboard-panel"
            hx-swap="outerHTML"
            hx-push-url="true"
            aria-current={tab.current ? "page" : undefined}
          >
            {tab.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

export interface LeaderboardPageProps {
  title: string;
  scopes: Tab[];
  periods: Tab[];
  board: BoardData;
  /** Staff on a class board: links to each member's XP page, for awards. */
  awardLinks: { name: string; href: string }[];
}

export function LeaderboardView(props: LeaderboardPageProps) {
  return (
    <section>
      <h1>{props.title}</h1>
      <nav aria-label={t("gamification.leaderboards")}>
        <ul class="tabs">
          {props.scopes.map((tab) => (
            <li>
              <a href={tab.href} aria-current={tab.current ? "page" : undefined}>
                {tab.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div id="leaderboard-panel">
        <PeriodTabs tabs={props.periods} />
        <h2>{props.board.heading}</h2>
        <LiveRegion name={props.board.region} block>
          <BoardTable board={props.board} />
        </LiveRegion>
      </div>
      {props.awardLinks.length > 0 && (
        <section>
          <h2>{t("gamification.award.title")}</h2>
          <ul class="link-list">
            {props.awardLinks.map((link) => (
              <li>
                <a href={link.href}>{link.name}</a>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
