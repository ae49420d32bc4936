import { db } from "../db";
import type { KioskPrincipal } from "../principal";
import { trustedCentreId } from "../tenancy";

/**
 * Kiosk devices hold a revocable credential instead of a person's session. The credential names
 * the device; each request checks the device is still enrolled, so revocation is immediate.
 */
export async function activeKiosk(kioskId: string): Promise<KioskPrincipal | null> {
  if (!/^[0-9a-f-]{36}$/.test(kioskId)) return null;
  const device = await db
    .selectFrom("kiosk_devices")
    .where("id", "=", kioskId)
    .where("revoked_at", "is", null)
    .where("paired_at", "is not", null)
    .select(["id", "centre_id", "name"])
    .executeTakeFirst();
  return device
    ? { kind: "kiosk", kioskId: device.id, name: device.name, centreId: trustedCentreId(device.centre_id) }
    : null;
}
