import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  actorFor,
  addStudents,
  type Centre,
  classWith,
  createCentre,
  kioskCredentials,
  pairKiosk,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { redisChannelOf } from "../../platform/live/channels";
import { createRedis } from "../../platform/redis";
import { selectFromTenant } from "../../platform/tenancy";
import { awardByTutor } from "./service";

const GAMIFIED = { label: "xp", features: { gamification: true } };

const app = createApp();
let centre: Centre;
let classId: string;
let otherClassId: string;
const subscriber = createRedis();

beforeAll(async () => {
  centre = await createCentre(GAMIFIED);
  const [ada] = await addStudents(centre, ["Ada Lovelace"]);
  classId = await classWith(centre, {
    tutor: centre.people.tutor,
    members: [centre.people.student, ada as (typeof centre.people)["student"]],
  });
  otherClassId = await classWith(centre, { tutor: centre.people.head_tutor, name: "Other class" });
  await awardByTutor(await actorFor(centre.people.tutor), (ada as { id: string }).id, {
    amount: 30,
    reason: "Great work",
  });
});

afterAll(() => subscriber.disconnect());

async function as(role: "student" | "tutor" | "parent" | "head_tutor") {
  return signedInAs(centre.people[role]);
}

describe("leaderboard pages", () => {
  test("students, staff and the kiosk see the centre board, names as first name and initial", async () => {
    for (const who of [await as("student"), await as("tutor"), await kioskCredentials(await pairKiosk(centre))]) {
      const response = await send(app, "GET", "/leaderboards", who, { query: "period=all" });
      expect(response.status).toBe(200);
      const html = await response.text();
      expect(html).toContain("Ada L.");
      expect(html).not.toContain("Lovelace");
      expect(html).toContain('id="live-leaderboard-centre-all"');
    }
  });

  test("a parent sees the board with only their own children named", async () => {
    const html = await (await send(app, "GET", "/leaderboards", await as("parent"), { query: "period=all" })).text();
    expect(html).not.toContain("Ada L.");
    expect(html).toContain("Another student");
    expect(html).toContain(">30<");
  });

  test("the weekly tab is an htmx swap over a plain link; a bad period is a 422", async () => {
    const response = await send(app, "GET", "/leaderboards", await as("student"));
    const html = await response.text();
    expect(html).toContain('href="/leaderboards?period=all"');
    expect(html).toContain('hx-get="/leaderboards?period=all"');
    expect(html).toContain('id="live-leaderboard-centre-week"');
    expect((await send(app, "GET", "/leaderboards", await as("student"), { query: "period=year" })).status).toBe(422);
  });

  test("a class board is for its members and staff, and follows the class's live channel", async () => {
    const student = await send(app, "GET", `/leaderboards/classes/${classId}`, await as("student"));
    expect(student.status).toBe(200);
    const html = await student.text();
    expect(html).toContain("Ada L.");
    expect(html).toContain(`topic=class%3A${classId}`);
    expect(html).not.toContain("/students/");
    const tutor = await (await send(app, "GET", `/leaderboards/classes/${classId}`, await as("tutor"))).text();
    expect(tutor).toContain(`/students/${centre.people.student.id}/xp`);
    expect((await send(app, "GET", `/leaderboards/classes/${otherClassId}`, await as("student"))).status).toBe(404);
    expect((await send(app, "GET", `/leaderboards/classes/${otherClassId}`, await as("tutor"))).status).toBe(404);
    expect((await send(app, "GET", `/leaderboards/classes/${otherClassId}`, await as("head_tutor"))).status).toBe(200);
  });

  test("with gamification off the pages are not there", async () => {
    const off = await createCentre({ label: "xp", features: { gamification: false } });
    const who = await signedInAs(off.people.student);
    expect((await send(app, "GET", "/leaderboards", who)).status).toBe(404);
    expect((await send(app, "GET", "/my-xp", who)).status).toBe(404);
  });
});

describe("my XP", () => {
  test("a student sees their level, XP to the next level, streak and badges; a parent sees their child's", async () => {
    await awardByTutor(await actorFor(centre.people.tutor), centre.people.student.id, { amount: 120, reason: "Top" });
    const html = await (await send(app, "GET", "/my-xp", await as("student"))).text();
    expect(html).toContain("Level 2");
    expect(html).toContain("180 XP to level 3");
    expect(html).toContain("Streak: 1 day in a row");
    expect(html).toContain("Tutor&#39;s pick");
    const parent = await (await send(app, "GET", "/my-xp", await as("parent"))).text();
    expect(parent).toContain(centre.people.student.name);
    expect((await send(app, "GET", "/my-xp", await as("tutor"))).status).toBe(404);
  });
});

describe("tutor awards", () => {
  test("a tutor awards a student of their class with a reason: ledger, audit, and a live board", async () => {
    const student = centre.people.student;
    await subscriber.subscribe(redisChannelOf(`leaderboard:${centre.id}`));
    const message = new Promise<string>((resolve) => subscriber.once("message", (_channel, text) => resolve(text)));
    const response = await send(app, "POST", `/students/${student.id}/xp`, await as("tutor"), {
      body: { amount: "25", reason: "Helped tidy up" },
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/students/${student.id}/xp`);
    const entry = await selectFromTenant(db, "xp_ledger", centre.id)
      .where("student_id", "=", student.id)
      .where("reason", "=", "Helped tidy up")
      .select(["amount", "awarded_by", "source_type"])
      .executeTakeFirst();
    expect(entry).toEqual({ amount: 25, awarded_by: centre.people.tutor.id, source_type: "award" });
    const audit = await selectFromTenant(db, "audit_events", centre.id)
      .where("action", "=", "xp.award")
      .where("target_id", "=", student.id)
      .select("after")
      .execute();
    expect(JSON.stringify(audit)).toContain("Helped tidy up");
    const live = await message;
    expect(live).toContain("#live-leaderboard-centre-week");
    expect(live).toContain("#live-leaderboard-centre-all");
    // A live fragment stays small (budget 5 KB), even with both boards in one message.
    expect(new TextEncoder().encode(live).length).toBeLessThan(5_000);
  });

  test("bad input re-renders the form with a 422; another tutor's student is a 404", async () => {
    const path = `/students/${centre.people.student.id}/xp`;
    const tutor = await as("tutor");
    const bad = await send(app, "POST", path, tutor, { body: { amount: "5000", reason: "" } });
    expect(bad.status).toBe(422);
    const html = await bad.text();
    expect(html).toContain("Give at most 100 XP");
    expect(html).toContain("Say what the XP is for");
    const htmx = await send(app, "POST", path, tutor, {
      body: { amount: "x", reason: "ok" },
      headers: { "hx-request": "true" },
    });
    expect(htmx.status).toBe(422);
    expect(await htmx.text()).not.toContain("<html");
    const [stranger] = await addStudents(centre, ["Not Taught"]);
    const refused = await send(app, "POST", `/students/${stranger?.id}/xp`, tutor, {
      body: { amount: "5", reason: "x" },
    });
    expect(refused.status).toBe(404);
    expect((await send(app, "GET", `/students/${stranger?.id}/xp`, tutor)).status).toBe(404);
    expect((await send(app, "GET", path, tutor)).status).toBe(200);
    expect((await send(app, "POST", path, await as("student"), { body: { amount: "5", reason: "me" } })).status).toBe(
      403,
    );
  });
});
