/**
 * bun run leaderboards:rebuild                 rebuild every centre's leaderboards from the XP ledger
 * bun run leaderboards:rebuild --centre <id>   one centre only
 *
 * The ledger in PostgreSQL is the truth; the Redis sorted sets are derived from it. Run this after
 * Redis lost data (eviction, a flush, a restore) or to correct a board.
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { rebuildLeaderboards } from "../src/modules/gamification";
import { db } from "../src/platform/db";
import { redis } from "../src/platform/redis";
import { trustedCentreId } from "../src/platform/tenancy";

const { values } = parseArgs({ options: { centre: { type: "string" } }, strict: true });

try {
  const centre = values.centre === undefined ? undefined : z.uuid().safeParse(values.centre);
  if (centre && !centre.success) {
    console.error(`--centre needs a centre id (a UUID), not "${values.centre}"`);
    process.exitCode = 2;
  } else {
    const started = performance.now();
    const boards = await rebuildLeaderboards(centre ? trustedCentreId(centre.data) : undefined);
    console.log(`rebuilt ${boards} leaderboards in ${Math.round(performance.now() - started)} ms`);
  }
} finally {
  await db.destroy();
  redis.disconnect();
}
