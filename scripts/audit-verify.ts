/**
 * bun run audit:verify                    check every audit chain
 * bun run audit:verify --centre <id>      check one centre's chain ("platform" for platform-level events)
 *
 * Recomputes each row's hash and its link to the row before, and checks the chain heads the
 * worker publishes to object storage (src/platform/audit/heads.ts): every published head must
 * still be in its chain with the same hash at the same position, which finds rows cut off the
 * end and chains re-hashed by someone with the table owner's rights. Reports the first broken
 * row of each chain and exits 1 when any chain is broken or the heads cannot be read (2 for bad
 * arguments).
 */
import { parseArgs } from "node:util";
import {
  AUDIT_HEADS_PUBLISH_EVERY_MINUTES,
  type ChainReport,
  chainsAreIntact,
  loadPublishedHeads,
  type PublishedHeadAt,
  verifyAuditChains,
} from "../src/platform/audit";
import { db } from "../src/platform/db";
import { storage } from "../src/platform/storage";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function centreOption(): string | null | undefined {
  const { values } = parseArgs({ options: { centre: { type: "string" } }, strict: true });
  if (values.centre === undefined) return undefined;
  if (values.centre === "platform") return null;
  if (!UUID.test(values.centre))
    throw new Error(`--centre takes a centre id (a UUID) or "platform", not "${values.centre}"`);
  return values.centre;
}

function describe(report: ChainReport, slugs: Map<string, string>): string {
  const name = report.centreId === null ? "platform" : `${slugs.get(report.centreId) ?? "?"} (${report.centreId})`;
  if (report.broken) return `BROKEN  ${name}: ${report.broken.detail} [${report.broken.reason}]`;
  return `ok      ${name}: ${report.rows} rows, head ${report.headHash ?? "-"}, ${report.headsChecked} published heads match`;
}

async function publishedHeads(): Promise<PublishedHeadAt[]> {
  try {
    return await loadPublishedHeads(storage);
  } catch (error) {
    throw new Error(`could not read the published audit heads: ${error instanceof Error ? error.message : error}`);
  }
}

let centreId: string | null | undefined;
try {
  centreId = centreOption();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}

try {
  const heads = await publishedHeads();
  if (heads.length === 0) {
    console.log(
      `no published heads yet (the worker publishes every ${AUDIT_HEADS_PUBLISH_EVERY_MINUTES} minutes): rows cut off the end cannot be detected`,
    );
  } else {
    console.log(
      `checking against ${heads.length} published heads, the latest published at ${heads.at(-1)!.publishedAt}`,
    );
  }
  const reports = await verifyAuditChains(db, { centreId, publishedHeads: heads });
  const centres = await db.selectFrom("centres").select(["id", "slug"]).execute();
  const slugs = new Map(centres.map((centre) => [centre.id, centre.slug]));
  for (const report of reports) console.log(describe(report, slugs));
  const intact = chainsAreIntact(reports);
  console.log(intact ? `all ${reports.length} chains intact` : "the audit log has been tampered with");
  process.exitCode = intact ? 0 : 1;
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await db.destroy();
}
