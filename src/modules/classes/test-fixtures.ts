import type { TestCentre, TestPerson } from "../../../tests/support/identities";
import { actorInCentre } from "../../platform/centre-context";
import { db } from "../../platform/db";
import type { Actor } from "../../platform/principal";
import { selectFromTenant, trustedCentreId } from "../../platform/tenancy";
import { emailLookup } from "../people/sensitive";
import type { ClassInput } from "./service";

/** Test set-up for the classes module: a course, extra people, and actors without HTTP. */

export function actorFor(centre: TestCentre, person: TestPerson): Promise<Actor> {
  const request = { ip: "127.0.0.1", userAgent: "test", requestId: crypto.randomUUID() };
  return actorInCentre(
    { userId: person.id, role: person.role, name: person.name },
    trustedCentreId(centre.id),
    request,
  );
}

export async function createCourse(centreId: string, title = "Maths — Year 7"): Promise<string> {
  const row = await db
    .insertInto("courses")
    .values({ centre_id: centreId, title, status: "published" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function addPerson(centreId: string, role: "tutor" | "student", name: string): Promise<TestPerson> {
  const row = await db
    .insertInto("users")
    .values({
      centre_id: centreId,
      role,
      name,
      student_code: role === "student" ? `C${crypto.randomUUID().slice(0, 8)}` : null,
      email_lookup: role === "student" ? null : emailLookup(`${crypto.randomUUID()}@example.test`),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, name, role };
}

export async function setTimeZone(centreId: string, timeZone: string): Promise<void> {
  await db.updateTable("centres").set({ time_zone: timeZone }).where("id", "=", centreId).execute();
}

export function classInput(courseId: string, tutorId: string, overrides: Partial<ClassInput> = {}): ClassInput {
  return {
    name: "Year 7 Maths",
    courseId,
    tutorId,
    weekday: 2,
    startTime: "16:00",
    durationMinutes: 60,
    room: "Room 1",
    startsOn: "2026-03-01",
    endsOn: null,
    ...overrides,
  };
}

export function sessionStarts(centreId: string, classId: string): Promise<string[]> {
  return selectFromTenant(db, "class_sessions", trustedCentreId(centreId))
    .where("class_id", "=", classId)
    .select("starts_at")
    .orderBy("starts_at")
    .execute()
    .then((rows) => rows.map((row) => row.starts_at.toISOString()));
}
