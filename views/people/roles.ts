import type { Role } from "../../src/platform/db/schema";
import { t } from "../../src/platform/i18n";

/** How a role is named on screen, in the current language. */
export function roleLabel(role: Role | "kiosk"): string {
  return t(`common.role.${role}`);
}
