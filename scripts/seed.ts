/**
 * bun run seed: demo data for trying AetherLearn out. Idempotent: running it again changes nothing.
 * Two centres, each with staff of every role, 30 students and 10 parents, plus a platform admin.
 */
import type { Kysely } from "kysely";
import { db } from "../src/platform/db";
import type { Database, Role } from "../src/platform/db/schema";

export const DEMO_PASSWORD = "demo-password-2026";
export const DEMO_PIN = "2468";

interface DemoCentre {
  slug: string;
  name: string;
  timezone: string;
  codePrefix: string;
}

export const DEMO_CENTRES: DemoCentre[] = [
  { slug: "northside", name: "Northside Learning Centre", timezone: "Europe/London", codePrefix: "NS" },
  { slug: "riverside", name: "Riverside Tutoring", timezone: "Australia/Sydney", codePrefix: "RS" },
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

async function upsertCentre(db: Kysely<Database>, centre: DemoCentre): Promise<string> {
  const row = await db
    .insertInto("centres")
    .values({ slug: centre.slug, name: centre.name, timezone: centre.timezone })
    .onConflict((oc) => oc.column("slug").doUpdateSet({ name: centre.name }))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function insertStaffAndParents(db: Kysely<Database>, centreId: string, slug: string, passwordHash: string) {
  const parents = Array.from({ length: 10 }, (_, i) => ({
    role: "parent" as const,
    name: `${FIRST_NAMES[i]} Parent`,
    local: `parent${i + 1}`,
  }));
  const people = [...STAFF, ...parents].map((person) => ({
    centre_id: centreId,
    role: person.role,
    name: person.name,
    email: demoEmail(slug, person.local),
    password_hash: passwordHash,
  }));
  await db
    .insertInto("users")
    .values(people)
    .onConflict((oc) => oc.columns(["centre_id", "email"]).where("email", "is not", null).doNothing())
    .execute();
}

async function insertStudents(db: Kysely<Database>, centreId: string, centre: DemoCentre, pinHash: string) {
  const students = Array.from({ length: 30 }, (_, i) => ({
    centre_id: centreId,
    role: "student" as const,
    name: `${FIRST_NAMES[i % 10]} ${LAST_NAMES[Math.floor(i / 10)]}`,
    student_code: demoStudentCode(centre, i),
    pin_hash: pinHash,
  }));
  await db
    .insertInto("users")
    .values(students)
    .onConflict((oc) => oc.columns(["centre_id", "student_code"]).where("student_code", "is not", null).doNothing())
    .execute();
}

export async function seedDemoData(db: Kysely<Database>): Promise<void> {
  const passwordHash = await Bun.password.hash(DEMO_PASSWORD, { algorithm: "bcrypt", cost: 10 });
  const pinHash = await Bun.password.hash(DEMO_PIN, { algorithm: "bcrypt", cost: 10 });
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("users")
      .values({
        centre_id: null,
        role: "platform_admin",
        name: "Pat Platform",
        email: "platform@demo.aetherlearn.test",
        password_hash: passwordHash,
      })
      .onConflict((oc) => oc.column("email").where("centre_id", "is", null).doNothing())
      .execute();
    for (const centre of DEMO_CENTRES) {
      const centreId = await upsertCentre(trx, centre);
      await insertStaffAndParents(trx, centreId, centre.slug, passwordHash);
      await insertStudents(trx, centreId, centre, pinHash);
    }
  });
}

if (import.meta.main) {
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
    await db.destroy();
  }
}
