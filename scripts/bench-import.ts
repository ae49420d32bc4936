/**
 * Student import benchmark (issue 14, acceptance 1): a BENCH_IMPORT_ROWS-row CSV (default 1,000)
 * of students with a parent each (two siblings per parent) and a class, previewed and committed
 * the way the import pages do it (src/modules/people/import-service.ts), then imported again (a
 * no-op). Prints each step's time; the target is a 1,000-row commit under 10 s. Started by
 * scripts/bench/pages-import.sh inside scripts/bench.sh, which sets up the database and Redis.
 */

import { commitImport, emailLookup, previewImport } from "../src/modules/people";
import { actorInCentre } from "../src/platform/centre-context";
import { db } from "../src/platform/db";
import type { Actor } from "../src/platform/principal";
import { trustedCentreId } from "../src/platform/tenancy";
import { classWith } from "../tests/support/fixtures";

const rows = Math.max(1, Number(process.env.BENCH_IMPORT_ROWS ?? 1000));

async function benchActor(): Promise<{ actor: Actor; tutorId: string }> {
  const slug = `bench-import-${crypto.randomUUID().slice(0, 8)}`;
  const centre = await db
    .insertInto("centres")
    .values({ slug, name: `Import bench ${slug}`, time_zone: "UTC" })
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
  if (!admin || !tutor) throw new Error("bench-import: could not create the bench people");
  const request = { ip: "127.0.0.1", userAgent: "bench-import", requestId: crypto.randomUUID() };
  const actor = await actorInCentre(
    { userId: admin.id, role: "centre_admin" as const, name: "Bench admin" },
    trustedCentreId(centre.id),
    request,
  );
  return { actor, tutorId: tutor.id };
}

function csv(): string {
  const lines = ["name,student_code,birth_date,class,parent_name,parent_email"];
  for (let i = 0; i < rows; i++) {
    const family = Math.floor(i / 2);
    const day = String((i % 28) + 1).padStart(2, "0");
    lines.push(`Student ${i},BENCH-${i},2015-03-${day},Bench class,Parent ${family},family${family}@bench.test`);
  }
  return `${lines.join("\r\n")}\r\n`;
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

let failed = false;
try {
  const { actor, tutorId } = await benchActor();
  await classWith({ id: actor.centreId }, { tutor: { id: tutorId }, name: "Bench class" });
  const text = csv();
  const [plan, previewSeconds] = await timed(() => previewImport(actor, text));
  if (plan.counts.create !== rows) throw new Error(`bench-import: the preview plans ${JSON.stringify(plan.counts)}`);
  const [result, commitSeconds] = await timed(() => commitImport(actor, text));
  const [again, againSeconds] = await timed(() => commitImport(actor, text));
  if (again.counts.unchanged !== rows) throw new Error(`bench-import: re-import gave ${JSON.stringify(again.counts)}`);
  console.log(
    `import (students CSV)         ${rows} rows: preview ${previewSeconds.toFixed(2)} s, commit ${commitSeconds.toFixed(2)} s ` +
      `(${result.created.length} students, ${result.invited.length} parents invited; PIN hashes: ` +
      `${result.timings.pinHashSeconds.toFixed(2)} s, transaction ${result.timings.writeSeconds.toFixed(2)} s), ` +
      `re-import (no-op) ${againSeconds.toFixed(2)} s; ${commitSeconds < 10 ? "under" : "OVER"} the 10 s target`,
  );
} catch (error) {
  console.error(error);
  failed = true;
}
// The app's Redis connection would keep the script alive.
process.exit(failed ? 1 : 0);
