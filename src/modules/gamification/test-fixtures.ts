import { createTestCentre, type TestCentre, type TestPerson } from "../../../tests/support/identities";
import { db } from "../../platform/db";
import { type CentreId, trustedCentreId } from "../../platform/tenancy";
import { actorFor, addPerson, createCourse } from "../classes/test-fixtures";

/** Test set-up for gamification: a centre with the flag set, its time zone, classes with members. */

export interface GameCentre extends TestCentre {
  centreId: CentreId;
}

export async function gameCentre(options: { on?: boolean; timeZone?: string } = {}): Promise<GameCentre> {
  const centre = await createTestCentre("xp");
  await db
    .updateTable("centres")
    .set({ feature_flags: { gamification: options.on ?? true }, time_zone: options.timeZone ?? "UTC" })
    .where("id", "=", centre.id)
    .execute();
  return { ...centre, centreId: trustedCentreId(centre.id) };
}

/** A class taught by `tutor`, with these members (joined `joinedAt`, now by default). */
export async function classWith(
  centre: GameCentre,
  tutor: TestPerson,
  members: TestPerson[],
  joinedAt = new Date("2020-01-01T00:00:00Z"),
  name = "Year 7 Maths",
): Promise<string> {
  const courseId = await createCourse(centre.id);
  const klass = await db
    .insertInto("classes")
    .values({
      centre_id: centre.id,
      course_id: courseId,
      tutor_id: tutor.id,
      name,
      weekday: 2,
      start_time: "16:00:00",
      duration_minutes: 60,
      starts_on: "2026-01-05",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (members.length > 0) {
    await db
      .insertInto("class_members")
      .values(members.map((m) => ({ centre_id: centre.id, class_id: klass.id, student_id: m.id, joined_at: joinedAt })))
      .execute();
  }
  return klass.id;
}

export async function students(centre: GameCentre, names: string[]): Promise<TestPerson[]> {
  const people: TestPerson[] = [];
  for (const name of names) people.push(await addPerson(centre.id, "student", name));
  return people;
}

export { actorFor };
