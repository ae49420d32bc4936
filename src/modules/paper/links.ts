import type { NavLink } from "../../../views/layout";
import type { Role } from "../../platform/db/schema";
import { roleHas } from "../../platform/permissions";

/** The paper pages a role reaches from its home page. */
export function paperLinks(role: Role): NavLink[] {
  const links: NavLink[] = [];
  if (roleHas(role, "scan.import")) links.push({ href: "/paper/imports", label: "Scan imports" });
  if (roleHas(role, "scan.review")) links.push({ href: "/paper/review", label: "Scanned pages to review" });
  return links;
}

/** For the homework screens: a staff member prints a worksheet homework from here (worksheet.print). */
export function worksheetPdfPath(homeworkId: string): string {
  return `/homework/${homeworkId}/worksheet.pdf`;
}

/** For the student's homework page: where they add photos of their work (submission.attach_file). */
export function attachmentsPath(submissionId: string): string {
  return `/homework/submissions/${submissionId}/files`;
}
