/**
 * What the benchmark scripts share: a fresh centre of their own with an admin and a tutor, and a
 * timer. The scripts run inside scripts/bench.sh, which sets up the database, Redis and storage.
 */

import { join } from "node:path";
import { emailLookup } from "../../src/modules/people";
import { actorInCentre } from "../../src/platform/centre-context";
import { db } from "../../src/platform/db";
import type { Actor } from "../../src/platform/principal";
import { trustedCentreId } from "../../src/platform/tenancy";

/** A new centre named after the benchmark, acted in by its admin; the tutor is there to own a class. */
export async function benchCentre(label: string): Promise<{ actor: Actor; tutorId: string }> {
  const slug = `${label}-${crypto.randomUUID().slice(0, 8)}`;
  const centre = await db
    .insertInto("centres")
    .values({ slug, name: `Bench ${slug}`, time_zone: "UTC" })
    .returning("id")
    .executeTakeFirstOrThrow();
  const [admin, tutor] = await db
    .insertInto("users")
    .values([
      {
        centre_id: centre.id,
        role: "centre_admin",
        name: "Bench admin",
        email_lookup: emailLookup(`admin@${slug}.test`),
      },
      { centre_id: centre.id, role: "tutor", name: "Bench tutor", email_lookup: emailLookup(`tutor@${slug}.test`) },
    ])
    .returning("id")
    .execute();
  if (!admin || !tutor) throw new Error(`${label}: could not create the bench people`);
  const request = { ip: "127.0.0.1", userAgent: label, requestId: crypto.randomUUID() };
  const actor = await actorInCentre(
    { userId: admin.id, role: "centre_admin" as const, name: "Bench admin" },
    trustedCentreId(centre.id),
    request,
  );
  return { actor, tutorId: tutor.id };
}

/** The work's result and how long it took, in seconds. */
export async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

/**
 * Seeds one centre as the concurrent-users scenario has it (scale-seed.ts: a tutor per class of
 * 20, a parent per student, sessions today), in its own process, and waits for it.
 */
export async function seedScenarioCentre(slug: string, students: number): Promise<void> {
  const seeding = Bun.spawn(
    [
      "bun",
      join(import.meta.dir, "scale-seed.ts"),
      "--students",
      String(students),
      "--slug",
      slug,
      "--classes-per-tutor",
      "1",
      "--parents",
      "--today",
    ],
    { cwd: join(import.meta.dir, "../.."), env: process.env, stdout: "ignore", stderr: "inherit" },
  );
  if ((await seeding.exited) !== 0) throw new Error(`seeding ${slug} failed`);
}
