/**
 * Student import benchmark (issue 14, acceptance 1): a BENCH_IMPORT_ROWS-row CSV (default 1,000)
 * of students with a parent each (two siblings per parent) and a class, previewed and committed
 * the way the import pages do it (src/modules/people/import-service.ts), then imported again (a
 * no-op). Prints each step's time; the target is a 1,000-row commit under 10 s. Started by
 * scripts/bench/pages-import.sh inside scripts/bench.sh, which sets up the database and Redis.
 */

import { commitImport, previewImport } from "../src/modules/people";
import { classWith } from "../tests/support/fixtures";
import { benchCentre, timed } from "./bench/harness";

const rows = Math.max(1, Number(process.env.BENCH_IMPORT_ROWS ?? 1000));

function csv(): string {
  const lines = ["name,student_code,birth_date,class,parent_name,parent_email"];
  for (let i = 0; i < rows; i++) {
    const family = Math.floor(i / 2);
    const day = String((i % 28) + 1).padStart(2, "0");
    lines.push(`Student ${i},BENCH-${i},2015-03-${day},Bench class,Parent ${family},family${family}@bench.test`);
  }
  return `${lines.join("\r\n")}\r\n`;
}

let failed = false;
try {
  const { actor, tutorId } = await benchCentre("bench-import");
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
