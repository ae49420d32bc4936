import { beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createApp } from "../../src/app";
import { db } from "../../src/platform/db";
import { trustedCentreId } from "../../src/platform/tenancy";
import { send } from "../../tests/security/walk";
import { type Credentials, signedInAs } from "../../tests/support/fixtures";
import { NOT_FOR, type ScaleIds, scalePages } from "./scale-page-list";

/**
 * Acceptance 1 of issue 17 is about every tutor and student page: the scale benchmark's list is
 * the route table's, and each page must open in a scale centre, so that none is quietly left out
 * of the measure (eight were, answering 404 or 303 for want of rows). A centre of 40 students is
 * seeded as the benchmark seeds its two (scripts/bench/scale-seed.ts --all-pages).
 */
const app = createApp();
const slug = `scale-pages-${crypto.randomUUID().slice(0, 8)}`;
let lines: string[] = [];
const who: Record<string, Credentials> = {};

async function run(script: string, ...args: string[]): Promise<string> {
  const child = Bun.spawn(["bun", join(import.meta.dir, script), ...args], {
    cwd: join(import.meta.dir, "../.."),
    env: process.env,
    stdout: "pipe",
    stderr: "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  if (code !== 0) throw new Error(`${script} ${args.join(" ")} exited ${code}: ${err}`);
  return out;
}

beforeAll(async () => {
  await run("scale-seed.ts", "--students", "40", "--slug", slug, "--all-pages");
  lines = (await run("scale-pages.ts", "--slug", slug)).trim().split("\n");
  const centre = await db.selectFrom("centres").select("id").where("slug", "=", slug).executeTakeFirstOrThrow();
  const people = db.selectFrom("users").select(["id", "name", "role"]).where("centre_id", "=", centre.id);
  const tutor = await people.where("name", "=", "Tutor 0001").executeTakeFirstOrThrow();
  const student = await people.where("student_code", "=", "SC00001").executeTakeFirstOrThrow();
  const centreId = trustedCentreId(centre.id);
  who.TUTOR = await signedInAs({ kind: "password", ...tutor, role: "tutor", email: "", password: "", centreId });
  who.STUDENT = await signedInAs({
    kind: "student",
    ...student,
    role: "student",
    studentCode: "SC00001",
    pin: "",
    dateOfBirth: "",
    centreId,
  });
}, 120_000);

describe("the scale benchmark's pages", () => {
  test("every tutor and student page of the route table opens as a page in a scale centre", async () => {
    expect(lines.length).toBeGreaterThan(50);
    const failed: string[] = [];
    for (const line of lines) {
      const [route, path, role] = line.split("|") as [string, string, string];
      const response = await send(app, "GET", path, who[role] as Credentials);
      const type = response.headers.get("content-type") ?? "";
      if (response.status !== 200 || !type.startsWith("text/html"))
        failed.push(`${route} (${role}): ${response.status}`);
    }
    expect(failed).toEqual([]);
  }, 60_000);

  test("a page left out for a role answers 404 to that role whatever the data", async () => {
    expect(NOT_FOR).toEqual({ "/my-xp": ["tutor"] });
    expect((await send(app, "GET", "/my-xp", who.TUTOR as Credentials)).status).toBe(404);
  });

  test("a route the list has no id for fails the list instead of leaving the page out", () => {
    const ids = Object.fromEntries(
      [
        "student",
        "course",
        "lesson",
        "group",
        "session",
        "homework",
        "openHomework",
        "waiting",
        "own",
        "period",
        "announcement",
        "thread",
      ].map((name) => [name, `id-of-${name}`]),
    ) as unknown as ScaleIds;
    const route = (path: string) => ({ method: "GET", path, hooks: { detail: { permission: "course.read" } } });
    expect(scalePages([route("/courses/:id")], ids).map((page) => page.path)).toContain("/courses/id-of-course");
    expect(() => scalePages([route("/quizzes/:id")], ids)).toThrow("/quizzes/:id: no id for :id");
    expect(() => scalePages([route("/courses/:id/units/:unitId")], ids)).toThrow("no id for :unitId");
  });
});
