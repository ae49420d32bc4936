import { emailLookup, sealDateOfBirth, sealEmail } from "../../src/modules/people/sensitive";
import { db } from "../../src/platform/db";
import { ROLES, type Role } from "../../src/platform/db/schema";
import { KIOSK_COOKIE, PRE_SESSION_COOKIE, SESSION_COOKIE } from "../../src/platform/http/authenticate";
import { csrfTokenFor } from "../../src/platform/http/csrf";
import type { UserPrincipal } from "../../src/platform/principal";
import { redis } from "../../src/platform/redis";
import { createSession } from "../../src/platform/session/store";
import { signKioskToken, signSessionToken } from "../../src/platform/session/tokens";
import { trustedCentreId } from "../../src/platform/tenancy";

/**
 * Centres and people for tests that walk routes as every kind of principal. Sessions are made
 * directly in Redis (no bcrypt round trips); the guard sees them exactly as real sign-ins.
 */
export interface TestPerson {
  id: string;
  name: string;
  role: Role;
}

export interface TestCentre {
  id: string;
  slug: string;
  name: string;
  people: Record<Exclude<Role, "platform_admin">, TestPerson>;
  /** An under-13 student linked to the parent, and a kiosk device. */
  youngStudent: TestPerson;
  kioskId: string;
}

export interface Credentials {
  cookie: string;
  csrfToken: string;
  label: string;
}

function uniqueLabel(prefix: string): string {
  return `${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

async function insertPerson(
  centreId: string | null,
  role: Role,
  name: string,
  dateOfBirth?: string,
): Promise<TestPerson> {
  const id = crypto.randomUUID();
  const email = role === "student" ? null : `${uniqueLabel(role)}@example.test`;
  await db
    .insertInto("users")
    .values({
      id,
      centre_id: centreId,
      role,
      name,
      email_lookup: email ? emailLookup(email) : null,
      email_encrypted: email ? sealEmail(id, email) : null,
      student_code: role === "student" ? uniqueLabel("S").toUpperCase() : null,
      date_of_birth_encrypted: dateOfBirth ? sealDateOfBirth(id, dateOfBirth) : null,
    })
    .execute();
  return { id, name, role };
}

export async function createTestCentre(prefix = "walk"): Promise<TestCentre> {
  const slug = uniqueLabel(prefix);
  const name = `Centre ${slug}`;
  const centre = await db
    .insertInto("centres")
    .values({ slug, name, time_zone: "UTC" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const people = {} as TestCentre["people"];
  for (const role of ROLES.filter((r) => r !== "platform_admin") as Exclude<Role, "platform_admin">[]) {
    people[role] = await insertPerson(
      centre.id,
      role,
      `${role} of ${slug}`,
      role === "student" ? "2005-01-01" : undefined,
    );
  }
  const youngStudent = await insertPerson(
    centre.id,
    "student",
    `young student of ${slug}`,
    `${new Date().getUTCFullYear() - 9}-06-01`,
  );
  await db
    .insertInto("guardianships")
    .values([
      { centre_id: centre.id, parent_id: people.parent.id, student_id: people.student.id },
      { centre_id: centre.id, parent_id: people.parent.id, student_id: youngStudent.id },
    ])
    .execute();
  const kiosk = await db
    .insertInto("kiosk_devices")
    .values({ centre_id: centre.id, name: `kiosk of ${slug}`, paired_at: new Date() })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: centre.id, slug, name, people, youngStudent, kioskId: kiosk.id };
}

export async function createPlatformAdmin(): Promise<TestPerson> {
  return insertPerson(null, "platform_admin", `platform admin ${uniqueLabel("pa")}`);
}

/** A fresh session for a person: cookie header and CSRF token, as after a real sign-in. */
export async function signedInAs(
  person: TestPerson,
  centreId: string | null,
  actingCentreId: string | null = null,
): Promise<Credentials> {
  const session = await createSession(redis, {
    userId: person.id,
    centreId,
    actingCentreId,
    role: person.role,
    name: person.name,
    ip: "127.0.0.1",
    userAgent: "test",
  });
  const principal: UserPrincipal = {
    kind: "user",
    session,
    userId: person.id,
    role: person.role,
    name: person.name,
    centreId: trustedCentreId(actingCentreId ?? centreId ?? ""),
  };
  return {
    cookie: `${SESSION_COOKIE}=${await signSessionToken(session.id)}`,
    csrfToken: csrfTokenFor(principal),
    label: person.role,
  };
}

export async function kioskCredentials(centre: TestCentre): Promise<Credentials> {
  const csrfToken = csrfTokenFor({
    kind: "kiosk",
    kioskId: centre.kioskId,
    name: "kiosk",
    centreId: trustedCentreId(centre.id),
  });
  return { cookie: `${KIOSK_COOKIE}=${await signKioskToken(centre.kioskId)}`, csrfToken, label: "kiosk" };
}

/** A signed-out visitor with a pre-session cookie, as after loading the sign-in page. */
export function anonymousCredentials(): Credentials {
  const preSessionId = crypto.randomUUID().replaceAll("-", "");
  return {
    cookie: `${PRE_SESSION_COOKIE}=${preSessionId}`,
    csrfToken: csrfTokenFor({ kind: "anonymous", preSessionId }),
    label: "signed out",
  };
}
