import { emailLookup, sealDateOfBirth, sealEmail } from "../../src/modules/people/sensitive";
import { actorInCentre } from "../../src/platform/centre-context";
import { db } from "../../src/platform/db";
import type { NewUser, Role } from "../../src/platform/db/schema";
import type { Actor } from "../../src/platform/principal";
import { type CentreId, trustedCentreId } from "../../src/platform/tenancy";

/**
 * Test data for one throwaway centre: a person of every role, signed in through the real
 * credentials (bcrypt hashes, sealed emails and dates of birth), so a test can drive the app
 * exactly as people would. Rows stay behind: audit rows cannot be deleted, and the test
 * database is recreated on every run.
 */

export interface FixtureCentre {
  id: CentreId;
  slug: string;
  name: string;
}

/** Someone who signs in with an email and password (staff, parents, the platform admin). */
export interface PasswordPerson {
  kind: "password";
  id: string;
  role: Exclude<Role, "student">;
  name: string;
  email: string;
  password: string;
  /** Null only for the platform admin, who signs in outside any centre. */
  centreId: CentreId | null;
}

/** A student, who signs in with the centre, a student code and a PIN. */
export interface StudentPerson {
  kind: "student";
  id: string;
  role: "student";
  name: string;
  studentCode: string;
  pin: string;
  dateOfBirth: string;
  centreId: CentreId;
}

export type FixturePerson = PasswordPerson | StudentPerson;

export interface CentreFixture {
  centre: FixtureCentre;
  platformAdmin: PasswordPerson;
  owner: PasswordPerson;
  admin: PasswordPerson;
  headTutor: PasswordPerson;
  tutor: PasswordPerson;
  parent: PasswordPerson;
  /** Under 13 and linked to `parent`, with no consent given: cannot sign in yet. */
  youngStudent: StudentPerson;
  /** 13 or older and linked to `parent`: needs no consent. */
  olderStudent: StudentPerson;
}

const BCRYPT = { algorithm: "bcrypt", cost: 10 } as const;

function shortId(): string {
  return crypto.randomUUID().replaceAll("-", "").slice(0, 8);
}

/** A date of birth `years` years and a month ago, so the age is unambiguous in any timezone. */
export function dateOfBirthForAge(years: number, today: Date = new Date()): string {
  const date = new Date(Date.UTC(today.getUTCFullYear() - years, today.getUTCMonth() - 1, 1));
  return date.toISOString().slice(0, 10);
}

export async function createCentre(label = "E2E centre"): Promise<FixtureCentre> {
  const slug = `e2e-${shortId()}`;
  const name = `${label} ${slug.slice(4)}`;
  const row = await db
    .insertInto("centres")
    .values({ slug, name, time_zone: "Europe/London" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: trustedCentreId(row.id), slug, name };
}

/** A staff member or parent row with a sealed email; the id is chosen first because ciphertexts are bound to it. */
async function passwordPersonRow(
  centreId: CentreId | null,
  role: PasswordPerson["role"],
  label: string,
): Promise<{ person: PasswordPerson; row: NewUser }> {
  const id = crypto.randomUUID();
  const tag = shortId();
  const email = `${role.replace("_", "-")}-${tag}@e2e.example.org`;
  const password = `pw-${role}-${tag}-long-enough`;
  const person: PasswordPerson = { kind: "password", id, role, name: `${label} ${tag}`, email, password, centreId };
  const row: NewUser = {
    id,
    centre_id: centreId,
    role,
    name: person.name,
    email_lookup: emailLookup(email),
    email_encrypted: sealEmail(id, email),
    password_hash: await Bun.password.hash(password, BCRYPT),
    status: "active",
  };
  return { person, row };
}

async function studentRow(
  centreId: CentreId,
  label: string,
  age: number,
): Promise<{ person: StudentPerson; row: NewUser }> {
  const id = crypto.randomUUID();
  const tag = shortId().toUpperCase();
  const dateOfBirth = dateOfBirthForAge(age);
  const pin = String(1000 + Math.floor(Math.random() * 9000));
  const person: StudentPerson = {
    kind: "student",
    id,
    role: "student",
    name: `${label} ${tag}`,
    studentCode: `S${tag.slice(0, 6)}`,
    pin,
    dateOfBirth,
    centreId,
  };
  const row: NewUser = {
    id,
    centre_id: centreId,
    role: "student",
    name: person.name,
    student_code: person.studentCode,
    pin_hash: await Bun.password.hash(pin, BCRYPT),
    date_of_birth_encrypted: sealDateOfBirth(id, dateOfBirth),
    status: "active",
  };
  return { person, row };
}

/** A new centre with one person of every role, and a parent linked to an under-13 and a 13+ student. */
export async function createCentreFixture(label?: string): Promise<CentreFixture> {
  const centre = await createCentre(label);
  const built = await Promise.all([
    passwordPersonRow(null, "platform_admin", "Platform Admin"),
    passwordPersonRow(centre.id, "centre_owner", "Olivia Owner"),
    passwordPersonRow(centre.id, "centre_admin", "Adam Admin"),
    passwordPersonRow(centre.id, "head_tutor", "Helen Head"),
    passwordPersonRow(centre.id, "tutor", "Tom Tutor"),
    passwordPersonRow(centre.id, "parent", "Paula Parent"),
    studentRow(centre.id, "Yara Young", 9),
    studentRow(centre.id, "Omar Older", 14),
  ]);
  const [platformAdmin, owner, admin, headTutor, tutor, parent] = built
    .slice(0, 6)
    .map((b) => b.person) as PasswordPerson[];
  const [youngStudent, olderStudent] = built.slice(6).map((b) => b.person) as StudentPerson[];
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("users")
      .values(built.map((b) => b.row))
      .execute();
    await trx
      .insertInto("guardianships")
      .values(
        [youngStudent!, olderStudent!].map((student) => ({
          centre_id: centre.id,
          parent_id: parent!.id,
          student_id: student.id,
        })),
      )
      .execute();
  });
  return {
    centre,
    platformAdmin: platformAdmin!,
    owner: owner!,
    admin: admin!,
    headTutor: headTutor!,
    tutor: tutor!,
    parent: parent!,
    youngStudent: youngStudent!,
    olderStudent: olderStudent!,
  };
}

/** Every person of a fixture, in tier order, for walks over all roles. */
export function everyone(fixture: CentreFixture): FixturePerson[] {
  return [
    fixture.platformAdmin,
    fixture.owner,
    fixture.admin,
    fixture.headTutor,
    fixture.tutor,
    fixture.parent,
    fixture.olderStudent,
  ];
}

/** An Actor for calling a module's service directly as this person (setup steps, not the thing under test). */
export function actorFor(person: FixturePerson): Promise<Actor> {
  if (!person.centreId) throw new Error("The platform admin acts in no centre; pick a centre person.");
  const request = { ip: "127.0.0.1", userAgent: "e2e fixture", requestId: `fixture-${shortId()}` };
  return actorInCentre({ userId: person.id, role: person.role, name: person.name }, person.centreId, request);
}
