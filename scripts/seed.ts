/**
 * bun run seed: demo data for trying AetherLearn out. Idempotent: running it again changes nothing.
 * Two centres, each with staff of every role, 30 students (ten of them under 13) and 10 parents
 * linked to them, plus a platform admin. Parents 1–5 have given consent for their under-13
 * child; the under-13 children of parents 6–10 are still waiting for consent.
 */
import type { Kysely } from "kysely";
import { config } from "../src/config";
import { DEFAULT_PIN_LENGTH } from "../src/modules/centres";
import { seedDemoClasses } from "../src/modules/classes";
import { seedDemoCourses } from "../src/modules/courses";
import { seedDemoHomework } from "../src/modules/homework";
import { emailLookup, pinProblem, sealDateOfBirth, sealEmail } from "../src/modules/people";
import { hashPin } from "../src/platform/crypto";
import { db } from "../src/platform/db";
import type { Database, Role } from "../src/platform/db/schema";
import { redis } from "../src/platform/redis";
import { trustedCentreId } from "../src/platform/tenancy";

export const DEMO_PASSWORD = "demo-password-2026";
/** Six digits like every new PIN, and none of the easy ones the PIN rules refuse. */
export const DEMO_PIN = "482915";

interface DemoCentre {
  slug: string;
  name: string;
  timeZone: string;
  codePrefix: string;
}

export const DEMO_CENTRES: DemoCentre[] = [
  { slug: "northside", name: "Northside Learning Centre", timeZone: "Europe/London", codePrefix: "NS" },
  { slug: "riverside", name: "Riverside Tutoring", timeZone: "Australia/Sydney", codePrefix: "RS" },
];

const STAFF: { role: Role; name: string; local: string }[] = [
  { role: "centre_owner", name: "Olivia Owner", local: "owner" },
  { role: "centre_admin", name: "Adam Admin", local: "admin" },
  { role: "head_tutor", name: "Hana Head", local: "head" },
  { role: "tutor", name: "Tom Tutor", local: "tutor" },
  { role: "tutor", name: "Tara Tutor", local: "tutor2" },
];

const FIRST_NAMES = ["Ava", "Ben", "Chloe", "Dev", "Ella", "Finn", "Grace", "Hugo", "Isla", "Jack"];
const LAST_NAMES = ["Ng", "Okafor", "Patel"];

export function demoEmail(centreSlug: string, local: string): string {
  return `${local}@${centreSlug}.demo.aetherlearn.test`;
}

export function demoStudentCode(centre: DemoCentre, index: number): string {
  return `${centre.codePrefix}${String(index + 1).padStart(3, "0")}`;
}

/** Students 1–10 are 8 to 12 years old; the rest 13 to 17. */
export function demoDateOfBirth(index: number, now: Date = new Date()): string {
  const age = index < 10 ? 8 + (index % 5) : 13 + (index % 5);
  return `${now.getUTCFullYear() - age}-03-15`;
}

interface Person {
  role: Role;
  name: string;
  email?: string;
  studentCode?: string;
  dateOfBirth?: string;
}

async function upsertCentre(db: Kysely<Database>, centre: DemoCentre): Promise<string> {
  const row = await db
    .insertInto("centres")
    .values({ slug: centre.slug, name: centre.name, time_zone: centre.timeZone })
    .onConflict((oc) => oc.column("slug").doUpdateSet({ name: centre.name }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts a person unless their email or student code is already there; returns their id either way. */
async function ensurePerson(
  db: Kysely<Database>,
  centreId: string | null,
  person: Person,
  secretHash: string,
): Promise<string> {
  const id = crypto.randomUUID();
  const lookup = person.email ? emailLookup(person.email) : null;
  const inserted = await db
    .insertInto("users")
    .values({
      id,
      centre_id: centreId,
      role: person.role,
      name: person.name,
      email_lookup: lookup,
      email_encrypted: person.email ? sealEmail(id, person.email) : null,
      student_code: person.studentCode ?? null,
      date_of_birth_encrypted: person.dateOfBirth ? sealDateOfBirth(id, person.dateOfBirth) : null,
      password_hash: person.role === "student" ? null : secretHash,
      pin_hash: person.role === "student" ? secretHash : null,
    })
    .onConflict((oc) => oc.doNothing())
    .returning("id")
    .executeTakeFirst();
  if (inserted) return inserted.id;
  let existing = db.selectFrom("users").select("id");
  existing = centreId ? existing.where("centre_id", "=", centreId) : existing.where("centre_id", "is", null);
  existing = lookup
    ? existing.where("email_lookup", "=", lookup)
    : existing.where("student_code", "=", person.studentCode ?? "");
  return (await existing.executeTakeFirstOrThrow()).id;
}

async function seedCentre(
  db: Kysely<Database>,
  centre: DemoCentre,
  passwordHash: string,
  pinHash: string,
): Promise<void> {
  const centreId = await upsertCentre(db, centre);
  for (const staff of STAFF) {
    await ensurePerson(
      db,
      centreId,
      { role: staff.role, name: staff.name, email: demoEmail(centre.slug, staff.local) },
      passwordHash,
    );
  }
  const students: string[] = [];
  for (let i = 0; i < 30; i++) {
    const name = `${FIRST_NAMES[i % 10]} ${LAST_NAMES[Math.floor(i / 10)]}`;
    const student = {
      role: "student" as const,
      name,
      studentCode: demoStudentCode(centre, i),
      dateOfBirth: demoDateOfBirth(i),
    };
    students.push(await ensurePerson(db, centreId, student, pinHash));
  }
  for (let i = 0; i < 10; i++) {
    const parent = {
      role: "parent" as const,
      name: `${FIRST_NAMES[i]} Parent`,
      email: demoEmail(centre.slug, `parent${i + 1}`),
    };
    const parentId = await ensurePerson(db, centreId, parent, passwordHash);
    // Each parent has an under-13 child (i) and a teenager (i + 10).
    const children = [students[i], students[i + 10]] as string[];
    await db
      .insertInto("guardianships")
      .values(children.map((studentId) => ({ centre_id: centreId, parent_id: parentId, student_id: studentId })))
      .onConflict((oc) => oc.doNothing())
      .execute();
    if (i < 5) await ensureConsent(db, centreId, parentId, children[0] as string);
  }
}

async function ensureConsent(
  db: Kysely<Database>,
  centreId: string,
  parentId: string,
  studentId: string,
): Promise<void> {
  const existing = await db
    .selectFrom("consent_events")
    .where("student_id", "=", studentId)
    .select("id")
    .executeTakeFirst();
  if (existing) return;
  await db
    .insertInto("consent_events")
    .values({
      centre_id: centreId,
      student_id: studentId,
      parent_id: parentId,
      action: "given",
      method: "demo_seed",
      ip: "127.0.0.1",
      user_agent: null,
    })
    .execute();
}

/** Courses, classes with their sessions and attendance, and homework, through the modules' own seeders. */
async function seedLearning(db: Kysely<Database>, centre: DemoCentre): Promise<void> {
  const row = await db.selectFrom("centres").where("slug", "=", centre.slug).select("id").executeTakeFirstOrThrow();
  const centreId = trustedCentreId(row.id);
  const head = await db
    .selectFrom("users")
    .where("centre_id", "=", centreId)
    .where("email_lookup", "=", emailLookup(demoEmail(centre.slug, "head")))
    .select("id")
    .executeTakeFirst();
  await seedDemoCourses(db, centreId, head?.id ?? null);
  await seedDemoClasses(db, centreId);
  await seedDemoHomework(db, centreId);
}

export async function seedDemoData(db: Kysely<Database>): Promise<void> {
  const problem = pinProblem(DEMO_PIN, { minLength: DEFAULT_PIN_LENGTH });
  if (problem) throw new Error(`DEMO_PIN breaks the PIN rules: ${problem}`);
  const passwordHash = await Bun.password.hash(DEMO_PASSWORD, { algorithm: "bcrypt", cost: 10 });
  const pinHash = hashPin(DEMO_PIN);
  await db.transaction().execute(async (trx) => {
    const admin = { role: "platform_admin" as const, name: "Pat Platform", email: "platform@demo.aetherlearn.test" };
    await ensurePerson(trx, null, admin, passwordHash);
    for (const centre of DEMO_CENTRES) await seedCentre(trx, centre, passwordHash, pinHash);
  });
  // The learning seeders write through the modules' services, which use their own connections,
  // so they run after the people above are committed.
  for (const centre of DEMO_CENTRES) await seedLearning(db, centre);
}

/** The demo seed's documented password must never guard a real installation by accident. */
export function seedRefusal(appEnv: string, args: string[]): string | null {
  if (appEnv !== "production" || args.includes(DEMO_IN_PRODUCTION_FLAG)) return null;
  return [
    "seed: refusing to load demo data with APP_ENV=production: its accounts share a password published in the README.",
    "Create the first platform admin with `bun run admin:create --email you@example.org` instead.",
    `To load demo data into a production-mode demo installation anyway, run \`bun run seed ${DEMO_IN_PRODUCTION_FLAG}\`.`,
  ].join("\n");
}

export const DEMO_IN_PRODUCTION_FLAG = "--demo-in-production";

if (import.meta.main) {
  const refusal = seedRefusal(config.APP_ENV, Bun.argv.slice(2));
  if (refusal) {
    console.error(refusal);
    await db.destroy();
    process.exit(1);
  }
  try {
    await seedDemoData(db);
    const counts = await db
      .selectFrom("users")
      .select(["role", db.fn.countAll<string>().as("count")])
      .groupBy("role")
      .orderBy("role")
      .execute();
    console.log(`demo data ready: ${counts.map((row) => `${row.count} ${row.role}`).join(", ")}`);
  } finally {
    // The services seeding goes through open the shared Redis client; left open, it keeps the process alive.
    await db.destroy();
    redis.disconnect();
  }
}
