import { BoardTable } from "../../../views/gamification/leaderboard";
import { withLocalisation } from "../../platform/i18n";
import { listenedChannels, liveChannel, publishLiveParts } from "../../platform/live";
import type { LivePart } from "../../platform/live/message";
import { defineLiveTopic } from "../../platform/live/topics";
import { roleHas } from "../../platform/permissions";
import { seesBoardNames } from "./access";
import { boardData } from "./boards";
import type { Period } from "./leaderboards";
import type { XpCentre } from "./xp-centre";

const PERIODS: Period[] = ["week", "all"];

/** Everyone watching a board sees the same fragment, so it is written in the centre's language. */
async function boardParts(centre: XpCentre, classId: string | null): Promise<LivePart[]> {
  const localisation = { locale: centre.locale, timeZone: centre.timeZone };
  return withLocalisation(localisation, () =>
    Promise.all(
      PERIODS.map(async (period) => {
        const board = await boardData(centre, classId, period);
        return { event: board.region, html: <BoardTable board={board} /> };
      }),
    ),
  );
}

/** The centre's boards, live ("leaderboard:<centre id>"): its students and staff, whom boards name children to. */
export const leaderboardTopic = defineLiveTopic("leaderboard", async (viewer, id) =>
  id === viewer.centreId && roleHas(viewer.role, "leaderboard.read") && seesBoardNames(viewer.role)
    ? liveChannel.leaderboard(id)
    : null,
);

/**
 * Re-renders the boards an award changed and sends them to everyone watching: the centre's boards
 * to its leaderboard channel (its students, staff and kiosks), each class's to its class channel.
 * A channel nobody follows right now is skipped: rendering a board reads it, its class and its
 * names, for no one.
 */
export async function pushBoards(centre: XpCentre, classIds: readonly string[]): Promise<void> {
  const centreChannel = liveChannel.leaderboard(centre.id);
  const listened = await listenedChannels([centreChannel, ...classIds.map((classId) => liveChannel.class(classId))]);
  if (listened.has(centreChannel)) await publishLiveParts(centreChannel, await boardParts(centre, null));
  for (const classId of classIds) {
    const channel = liveChannel.class(classId);
    if (listened.has(channel)) await publishLiveParts(channel, await boardParts(centre, classId));
  }
}
