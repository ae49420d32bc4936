import type { NavLink } from "../../../views/layout";
import type { Role } from "../../platform/db/schema";
import { t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";

/** The paper pages a role reaches from its home page. */
export function paperLinks(role: Role): NavLink[] {
  const links: NavLink[] = [];
  if (roleHas(role, "scan.import")) links.push({ href: "/paper/imports", label: t("paper.nav.imports") });
  if (roleHas(role, "scan.review")) links.push({ href: "/paper/review", label: t("paper.nav.review") });
  return links;
}
