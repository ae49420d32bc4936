/**
 * bun run docs            regenerate docs/permissions.md from the permission table
 * bun run docs --check    fail when docs/permissions.md is stale (CI runs this)
 */
import { join } from "node:path";
import { ROLES } from "../src/platform/db/schema";
import { kioskHas, PERMISSIONS, type Permission, roleHas } from "../src/platform/permissions";

const target = join(import.meta.dir, "../docs/permissions.md");

export function permissionsMarkdown(): string {
  const names = Object.keys(PERMISSIONS) as Permission[];
  const header = ["permission", "what it allows", ...ROLES, "kiosk"];
  const rows = names.map((name) => [
    `\`${name}\``,
    PERMISSIONS[name].description,
    ...ROLES.map((role) => (roleHas(role, name) ? "✓" : "")),
    kioskHas(name) ? "✓" : "",
  ]);
  const table = [header, header.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
  return `# Permissions

Generated from \`src/platform/permissions.ts\` by \`bun run docs\`; do not edit by hand (CI fails when
this file is stale). ${names.length} permissions, ${ROLES.length} roles. Every route declares one of
these (or \`public\`); the guard in \`src/web/guard.ts\` (resolving in \`src/platform/http/request-access.ts\`) refuses everything else. Nobody can
grant a role at or above their own tier, or act on a person of a higher tier.

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
