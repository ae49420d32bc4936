import { describe, expect, test } from "bun:test";
import { emailLookup } from "../src/modules/people/sensitive";
import { db } from "../src/platform/db";
import { DEMO_CENTRES, DEMO_PASSWORD, demoEmail, seedDemoData } from "./seed";

async function demoCounts() {
  return db
    .selectFrom("users")
    .innerJoin("centres", "centres.id", "users.centre_id")
    .where(
      "centres.slug",
      "in",
      DEMO_CENTRES.map((centre) => centre.slug),
    )
    .select(["centres.slug", "users.role", db.fn.countAll<string>().as("count")])
    .groupBy(["centres.slug", "users.role"])
    .orderBy("centres.slug")
    .orderBy("users.role")
    .execute();
}

describe("demo seed", () => {
  test("creates two centres with staff of every role, 30 students and 10 parents each, idempotently", async () => {
    await seedDemoData(db);
    const first = await demoCounts();
    await seedDemoData(db);
    expect(await demoCounts()).toEqual(first);

    for (const centre of DEMO_CENTRES) {
      const roles = Object.fromEntries(
        first.filter((row) => row.slug === centre.slug).map((row) => [row.role, Number(row.count)]),
      );
      expect(roles).toEqual({ centre_owner: 1, centre_admin: 1, head_tutor: 1, tutor: 2, parent: 10, student: 30 });
    }
    const platformAdmins = await db.selectFrom("users").where("role", "=", "platform_admin").select("id").execute();
    expect(platformAdmins.length).toBe(1);
  });

  test("demo passwords are bcrypt hashes of the documented password", async () => {
    const owner = await db
      .selectFrom("users")
      .where("email_lookup", "=", emailLookup(demoEmail("northside", "owner")))
      .select("password_hash")
      .executeTakeFirstOrThrow();
    expect(owner.password_hash).toMatch(/^\$2[aby]\$10\$/);
    expect(await Bun.password.verify(DEMO_PASSWORD, owner.password_hash as string)).toBe(true);
  });
});
