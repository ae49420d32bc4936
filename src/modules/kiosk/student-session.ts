import type { KioskStudent } from "../../../views/kiosk/screen";
import { redis } from "../../platform/redis";

export type { KioskStudent };

/**
 * The student a kiosk has just identified. Not an account session: it allows only the kiosk's
 * own screen (check-in, a glance at their day) and lapses after a minute without a student
 * action, in Redis so it holds on every web process and needs no cleanup.
 */
export const KIOSK_STUDENT_SECONDS = 60;

const keyOf = (kioskId: string) => `aetherlearn:kiosk-student:${kioskId}`;

export async function startKioskStudent(kioskId: string, student: KioskStudent): Promise<void> {
  await redis.set(keyOf(kioskId), JSON.stringify(student), "EX", KIOSK_STUDENT_SECONDS);
}

/** The identified student, if their minute has not run out. Reading does not extend it. */
export async function currentKioskStudent(kioskId: string): Promise<KioskStudent | null> {
  const raw = await redis.get(keyOf(kioskId));
  return raw ? (JSON.parse(raw) as KioskStudent) : null;
}

/** Seconds left before the kiosk returns to its idle screen; 0 when no student is identified. */
export async function kioskStudentSecondsLeft(kioskId: string): Promise<number> {
  return Math.max(0, await redis.ttl(keyOf(kioskId)));
}

export async function endKioskStudent(kioskId: string): Promise<void> {
  await redis.del(keyOf(kioskId));
}
