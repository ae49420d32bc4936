import type { Role } from "../../src/platform/db/schema";

/** How each role is named on screen. */
export const ROLE_LABELS: Record<Role, string> = {
  platform_admin: "Platform admin",
  centre_owner: "Centre owner",
  centre_admin: "Centre admin",
  head_tutor: "Head tutor",
  tutor: "Tutor",
  parent: "Parent",
  student: "Student",
};
