import { createHash, randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import { db } from "../db";
import type { Database } from "../db/schema";
import type { KioskPrincipal } from "../principal";
import { type CentreId, trustedCentreId, updateTenant } from "../tenancy";

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

const PAIRING_MINUTES = 10;
const PAIRING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

function hashCode(code: string): string {
  return createHash("sha256").update(code.toUpperCase()).digest("hex");
}

/** Eight characters without look-alikes (no 0/O, 1/I), typed on the kiosk's own screen. */
function newPairingCode(): string {
  return Array.from(randomBytes(8), (byte) => PAIRING_ALPHABET[byte % PAIRING_ALPHABET.length]).join("");
}

/** A centre admin enrols a device: it gets a short-lived pairing code, shown once. */
export async function enrolKioskDevice(
  centreId: CentreId,
  name: string,
  createdBy: string,
  executor: Kysely<Database> = db,
): Promise<{ id: string; pairingCode: string; expiresAt: Date }> {
  const pairingCode = newPairingCode();
  const expiresAt = new Date(Date.now() + PAIRING_MINUTES * 60_000);
  const row = await executor
    .insertInto("kiosk_devices")
    .values({
      centre_id: centreId,
      name,
      pairing_code_hash: hashCode(pairingCode),
      pairing_expires_at: expiresAt,
      created_by: createdBy,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, pairingCode, expiresAt };
}

/** The device types its code; it works once, before it expires. Returns the paired device id. */
export async function pairKioskDevice(pairingCode: string): Promise<string | null> {
  const paired = await db
    .updateTable("kiosk_devices") // platform-wide: the secret pairing code identifies the device and its centre
    .set({ paired_at: new Date(), pairing_code_hash: null, pairing_expires_at: null })
    .where("pairing_code_hash", "=", hashCode(pairingCode))
    .where("pairing_expires_at", ">", new Date())
    .where("revoked_at", "is", null)
    .returning("id")
    .executeTakeFirst();
  return paired?.id ?? null;
}

export async function revokeKioskDevice(
  centreId: CentreId,
  kioskId: string,
  executor: Kysely<Database> = db,
): Promise<boolean> {
  const revoked = await updateTenant(executor, "kiosk_devices", centreId)
    .set({ revoked_at: new Date() })
    .where("id", "=", kioskId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
  return Number(revoked.numUpdatedRows) === 1;
}
