import { BoardTable } from "../../../views/gamification/leaderboard";
import { liveChannel, publishLiveParts } from "../../platform/live";
import type { LivePart } from "../../platform/live/message";
import type { CentreId } from "../../platform/tenancy";
import { boardData } from "./boards";
import type { Period } from "./leaderboards";

const PERIODS: Period[] = ["week", "all"];

async function boardParts(centreId: CentreId, classId: string | null): Promise<LivePart[]> {
  return Promise.all(
    PERIODS.map(async (period) => {
      const board = await boardData(centreId, classId, period);
      return { event: board.region, html: <BoardTable board={board} /> };
    }),
  );
}

/**
 * Re-renders the boards an award changed and sends them to everyone watching: the centre's boards
 * to the centre channel (every signed-in page of the centre), each class's to its class channel.
 */
export async function pushBoards(centreId: CentreId, classIds: readonly string[]): Promise<void> {
  await publishLiveParts(liveChannel.centre(centreId), await boardParts(centreId, null));
  for (const classId of classIds)
    await publishLiveParts(liveChannel.class(classId), await boardParts(centreId, classId));
}
