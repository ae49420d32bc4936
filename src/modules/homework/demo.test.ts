import { expect, test } from "bun:test";
import { createCentre } from "../../../tests/support/fixtures";
import { db } from "../../platform/db";
import { trustedCentreId } from "../../platform/tenancy";
import { seedDemoClasses } from "../classes/demo";
import { seedDemoCourses } from "../courses/demo";
import { seedDemoHomework } from "./demo";

function statuses(centreId: string) {
  return db
    .selectFrom("submissions")
    .where("centre_id", "=", centreId)
    .select("status")
    .orderBy("status")
    .execute()
    .then((rows) => rows.map((row) => row.status));
}

test("demo homework: skipped without classes, then set once with work in every state", async () => {
  const centre = await createCentre({ label: "hwdemo" });
  const centreId = trustedCentreId(centre.id);
  await seedDemoHomework(db, centreId);
  expect(await statuses(centre.id)).toEqual([]);
  await seedDemoCourses(db, centreId);
  await seedDemoClasses(db, centreId);
  await seedDemoHomework(db, centreId);
  const first = await statuses(centre.id);
  expect(first).toEqual(["in_progress", "marked"]);
  await seedDemoHomework(db, centreId);
  expect(await statuses(centre.id)).toEqual(first);
});
