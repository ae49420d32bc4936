import { describe, expect, test } from "bun:test";
import { addPerson, createCentre, createCourse } from "../../../tests/support/fixtures";
import { db } from "../../platform/db";
import { selectFromTenant, trustedCentreId } from "../../platform/tenancy";
import { seedDemoClasses } from "./demo";
import { extendCentreWindows } from "./worker";

async function counts(centreId: string) {
  const id = trustedCentreId(centreId);
  const count = async (table: "classes" | "class_members" | "class_sessions" | "attendance") =>
    Number(
      (
        await selectFromTenant(db, table, id)
          .select((eb) => eb.fn.countAll<string>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    classes: await count("classes"),
    members: await count("class_members"),
    sessions: await count("class_sessions"),
    attendance: await count("attendance"),
  };
}

describe("demo classes", () => {
  test("nothing without the demo course", async () => {
    const centre = await createCentre({ label: "demo-none" });
    await seedDemoClasses(db, trustedCentreId(centre.id));
    expect((await counts(centre.id)).classes).toBe(0);
  });

  test("a class per tutor, students shared, past attendance filled in; seeding again changes nothing", async () => {
    const centre = await createCentre({ label: "demo-classes", timeZone: "Europe/London" });
    await createCourse(centre);
    await addPerson(centre, "tutor", { name: "Another tutor" });
    await addPerson(centre, "student", { name: "Third student" });
    const centreId = trustedCentreId(centre.id);
    const now = new Date();

    await seedDemoClasses(db, centreId, now);
    const first = await counts(centre.id);
    expect(first.classes).toBe(2);
    expect(first.members).toBe(3);
    // Four weeks of history and eight ahead, per class.
    expect(first.sessions).toBeGreaterThanOrEqual(2 * 12);
    const past = await selectFromTenant(db, "class_sessions", centreId)
      .where("starts_at", "<", now)
      .select("id")
      .execute();
    expect(past.length).toBeGreaterThanOrEqual(2 * 4);
    expect(first.attendance).toBeGreaterThanOrEqual(past.length);

    await seedDemoClasses(db, centreId, now);
    expect(await counts(centre.id)).toEqual(first);

    // The daily job rolls the window on by a week: one more session per class.
    expect(await extendCentreWindows(centreId, new Date(now.getTime() + 7 * 86_400_000))).toBe(2);
  });
});
