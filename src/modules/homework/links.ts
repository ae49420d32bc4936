import type { NavLink } from "../../../views/layout";
import type { Role } from "../../platform/db/schema";
import { t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";

/** The homework pages a role reaches from its home page. */
export function homeworkLinks(role: Role): NavLink[] {
  const links: NavLink[] = [];
  if (roleHas(role, "submission.read_own")) links.push({ href: "/my-homework", label: t("homework.nav.myHomework") });
  if (roleHas(role, "submission.read")) links.push({ href: "/homework", label: t("homework.nav.homework") });
  if (roleHas(role, "marking_queue.read")) links.push({ href: "/marking", label: t("homework.nav.markingQueue") });
  return links;
}
