import type { Kysely } from "kysely";
import { type KeyPart, type KeysetPage, keysetPage, keyText, type PageAt } from "../../platform/db/keyset";
import type { Database } from "../../platform/db/schema";
import { type CentreId, selectFromTenant, tenantJoin } from "../../platform/tenancy";

export interface KioskRow {
  id: string;
  name: string;
  pairingExpiresAt: Date | null;
  pairedAt: Date | null;
  revokedAt: Date | null;
  createdAt: Date;
}

export const KIOSKS_PAGE_SIZE = 50;

const KIOSK_KEY: KeyPart[] = [
  { column: "created_at", kind: "time" },
  { column: "id", kind: "uuid" },
];

/** The centre's devices, newest first, by keyset after or before a device (kiosk_devices_centre_idx). */
export async function kiosksPage(db: Kysely<Database>, centreId: CentreId, at: PageAt): Promise<KeysetPage<KioskRow>> {
  const page = await keysetPage(
    selectFromTenant(db, "kiosk_devices", centreId).select([
      "id",
      "name",
      "pairing_expires_at as pairingExpiresAt",
      "paired_at as pairedAt",
      "revoked_at as revokedAt",
      "created_at as createdAt",
      keyText(KIOSK_KEY[0] as KeyPart).as("sortAt"),
    ]),
    KIOSK_KEY,
    (row) => [row.sortAt, row.id],
    at,
    KIOSKS_PAGE_SIZE,
    "desc",
  );
  return { ...page, rows: page.rows.map(({ sortAt: _, ...row }) => row) };
}

export interface CheckInRow {
  sessionId: string;
  className: string;
  startsAt: Date;
  endsAt: Date;
  studentName: string;
  avatarFileId: string | null;
  status: "present" | "late";
  checkedInAt: Date | null;
}

/**
 * Who has arrived at the sessions starting in [from, to): the kiosk's attendance board. A read
 * across the classes' tables, tenant-scoped on every join, ordered by session then arrival.
 */
export function arrivalsBetween(db: Kysely<Database>, centreId: CentreId, from: Date, to: Date): Promise<CheckInRow[]> {
  return selectFromTenant(db, "attendance", centreId)
    .innerJoin("class_sessions", tenantJoin("class_sessions.id", "attendance.session_id"))
    .innerJoin("classes", tenantJoin("classes.id", "class_sessions.class_id"))
    .innerJoin("users", tenantJoin("users.id", "attendance.student_id"))
    .where("class_sessions.starts_at", ">=", from)
    .where("class_sessions.starts_at", "<", to)
    .where("class_sessions.status", "=", "scheduled")
    .where("attendance.status", "in", ["present", "late"])
    .select([
      "class_sessions.id as sessionId",
      "classes.name as className",
      "class_sessions.starts_at as startsAt",
      "class_sessions.ends_at as endsAt",
      "users.name as studentName",
      "users.avatar_file_id as avatarFileId",
      "attendance.status as status",
      "attendance.checked_in_at as checkedInAt",
    ])
    .$narrowType<{ status: "present" | "late" }>()
    .orderBy("class_sessions.starts_at")
    .orderBy("class_sessions.id")
    .orderBy("attendance.checked_in_at", "desc")
    .limit(2_000)
    .execute();
}

export interface ExpectedRow {
  id: string;
  name: string;
  avatarFileId: string | null;
  /** Already present or late at one of the sessions open now. */
  arrived: boolean;
}

export const ROSTER_LIMIT = 300;

/**
 * The students expected now: active members of the classes whose sessions are open for check-in
 * at `now` (opens `opensBeforeMs` before the start, closes at the end), once each, by name.
 */
export function expectedStudents(
  db: Kysely<Database>,
  centreId: CentreId,
  now: Date,
  opensBeforeMs: number,
): Promise<ExpectedRow[]> {
  return selectFromTenant(db, "class_sessions", centreId)
    .innerJoin("class_members", tenantJoin("class_members.class_id", "class_sessions.class_id"))
    .innerJoin("users", tenantJoin("users.id", "class_members.student_id"))
    .leftJoin("attendance", (join) =>
      tenantJoin("attendance.session_id", "class_sessions.id")(join).onRef("attendance.student_id", "=", "users.id"),
    )
    .where("class_sessions.status", "=", "scheduled")
    .where("class_sessions.starts_at", "<=", new Date(now.getTime() + opensBeforeMs))
    .where("class_sessions.ends_at", ">", now)
    .where("users.role", "=", "student")
    .where("users.status", "=", "active")
    .select((eb) => [
      "users.id as id",
      "users.name as name",
      "users.avatar_file_id as avatarFileId",
      eb.fn.countAll<number>().filterWhere("attendance.status", "in", ["present", "late"]).as("arrivals"),
    ])
    .groupBy(["users.id", "users.name", "users.avatar_file_id"])
    .orderBy("users.name")
    .orderBy("users.id")
    .limit(ROSTER_LIMIT)
    .execute()
    .then((rows) => rows.map(({ arrivals, ...row }) => ({ ...row, arrived: Number(arrivals) > 0 })));
}

/** A device still able to act, for the question before revoking it. */
export function liveKiosk(db: Kysely<Database>, centreId: CentreId, id: string): Promise<{ name: string } | undefined> {
  return selectFromTenant(db, "kiosk_devices", centreId)
    .where("id", "=", id)
    .where("revoked_at", "is", null)
    .select("name")
    .executeTakeFirst();
}
