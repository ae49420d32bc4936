import type { NavLink } from "../../../views/layout";
import type { Role } from "../../platform/db/schema";
import { t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";

/** The term report pages a role reaches from its home page (parents reach theirs from each child). */
export function reportLinks(role: Role): NavLink[] {
  return roleHas(role, "term_report.write") ? [{ href: "/reports", label: t("reports.home.link") }] : [];
}

/** Where a viewer of a student's progress page finds the charts of it. */
export function progressChartsPath(viewer: Role, studentId: string): string {
  if (viewer === "student") return "/progress/charts";
  if (viewer === "parent") return `/children/${studentId}/progress/charts`;
  return `/students/${studentId}/progress/charts`;
}
