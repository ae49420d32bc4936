import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  actorFor,
  addStudents,
  type Centre,
  classWith,
  createCentre,
  signedInAs,
} from "../../../tests/support/fixtures";
import { redisCommandsDuring } from "../../../tests/support/redis-commands";
import { createApp } from "../../app";
import { cachePart, invalidateParts } from "../../platform/cache";
import { redis } from "../../platform/redis";
import { awardByTutor } from "./service";

/**
 * A student's /leaderboards view (a sixth of the users scenario's page views, docs/performance.md
 * "page-views2"): the board and the student's class tabs are two cached values read in one Redis
 * round trip, and what missed is stored in one more, instead of one round trip each.
 */
const app = createApp();
let centre: Centre;

beforeAll(async () => {
  centre = await createCentre({ label: "board-reads", features: { gamification: true } });
  const [ada] = await addStudents(centre, ["Ada Lovelace"]);
  await classWith(centre, { tutor: centre.people.tutor, members: [centre.people.student, ada as never] });
  await classWith(centre, { tutor: centre.people.tutor, name: "Second class", members: [centre.people.student] });
  await awardByTutor(await actorFor(centre.people.tutor), (ada as { id: string }).id, { amount: 30, reason: "Great" });
}, 60_000);

/**
 * The commands one view of the page sends after the access round (the request's first, before its
 * handler: docs/performance.md "Before the handler"): scripts by their hash, and the others by name.
 */
async function cacheCommandsOfView(path: string, who: Awaited<ReturnType<typeof signedInAs>>) {
  let body = "";
  const sent = await redisCommandsDuring(async () => {
    const response = await send(app, "GET", path, who);
    expect(response.status).toBe(200);
    body = await response.text();
  });
  const names = sent.map((command) =>
    command.name === "evalsha" ? String(command.args[0]).slice(0, 8) : command.name,
  );
  return { sent: names.slice(1), body };
}

describe("a student's leaderboard page", () => {
  test("from the cache: the board and the class tabs in one read", async () => {
    const student = await signedInAs(centre.people.student);
    const first = await cacheCommandsOfView("/leaderboards", student);
    const again = await cacheCommandsOfView("/leaderboards", student);
    expect(again.sent).toHaveLength(1);
    expect(again.body).toBe(first.body);
    expect(again.body).toContain("Ada L.");
    expect(again.body).toContain("Second class");
  });

  test("after an award and a write of the student's: one read, the board's sorted set, one write", async () => {
    const student = await signedInAs(centre.people.student);
    await cacheCommandsOfView("/leaderboards", student);
    await invalidateParts(redis, centre.id, ["board", cachePart.student(centre.people.student.id)]);
    const { sent } = await cacheCommandsOfView("/leaderboards", student);
    // Before: a read each, the sorted set, and a SET each (five).
    expect(sent).toHaveLength(3);
    expect(sent).toContain("zrevrange");
    expect(sent).not.toContain("set");
  });

  test("a class board reads its board and the tabs together too", async () => {
    const student = await signedInAs(centre.people.student);
    const tabs = await cacheCommandsOfView("/leaderboards", student);
    const classLink = /href="(\/leaderboards\/classes\/[0-9a-f-]+)/.exec(tabs.body)?.[1] as string;
    await cacheCommandsOfView(classLink, student);
    expect((await cacheCommandsOfView(classLink, student)).sent).toHaveLength(1);
  });
});
