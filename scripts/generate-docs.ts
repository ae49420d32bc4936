/**
 * bun run docs            regenerate docs/permissions.md from the permission table
 * bun run docs --check    fail when docs/permissions.md is stale (CI runs this)
 */
import { join } from "node:path";
import { ROLES } from "../src/platform/db/schema";
import { FEATURE_NAMES, type Feature } from "../src/platform/features";
import { centreSettingGrants, kioskHas, PERMISSIONS, type Permission, roleHas } from "../src/platform/permissions";

const target = join(import.meta.dir, "../docs/permissions.md");

/** Every centre setting on: what a role may do where its centre allows it. */
const ALL_ON = Object.fromEntries(FEATURE_NAMES.map((name) => [name, true])) as Record<Feature, boolean>;

export function permissionsMarkdown(): string {
  const names = Object.keys(PERMISSIONS) as Permission[];
  const header = ["permission", "what it allows", ...ROLES, "kiosk"];
  const rows = names.map((name) => [
    `\`${name}\``,
    PERMISSIONS[name].description,
    ...ROLES.map((role) => (roleHas(role, name) ? "✓" : centreSettingGrants(role, name, ALL_ON) ? "(✓)" : "")),
    kioskHas(name) ? "✓" : "",
  ]);
  const table = [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
  return `# Permissions

Generated from \`src/platform/permissions.ts\` by \`bun run docs\`; do not edit by hand (CI fails when
this file is stale). ${names.length} permissions, ${ROLES.length} roles. Every route declares one of
these (or \`public\`); the guard in \`src/web/guard.ts\` (resolving in \`src/platform/http/request-access.ts\`) refuses everything else. Nobody can
grant a role at or above their own tier, or act on a person of a higher tier. (✓): only where the
centre's settings allow it (tutors writing courses: the \`tutors_author_courses\` setting).

${table}
`;
}

if (import.meta.main) {
  const expected = permissionsMarkdown();
  if (process.argv.includes("--check")) {
    const current = await Bun.file(target)
      .text()
      .catch(() => "");
    if (current !== expected) {
      console.error("docs/permissions.md is stale: run `bun run docs` and commit it.");
      process.exit(1);
    }
    console.log("docs/permissions.md is current");
  } else {
    await Bun.write(target, expected);
    console.log(`wrote ${target}`);
  }
}
