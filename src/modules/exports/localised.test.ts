import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { actorFor, type Centre, classWith, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { BUCKETS, storage } from "../../platform/storage";
import { trustedCentreId } from "../../platform/tenancy";
import { exportInCentre } from "./queries";
import { generateExport, requestExport } from "./service";

const app = createApp();
const CYRILLIC = "Анна Каренина";
const ARABIC = "ليلى العربي";
let spanish: Centre;
let arabic: Centre;

/** Attendance on 3 March 2025 for the centre's 13+ student (present) and its under-13 (late). */
async function seedAttendance(centre: Centre): Promise<void> {
  const classId = await classWith(centre, { tutor: centre.people.tutor, name: "Álgebra", startsOn: "2025-01-06" });
  const session = await db
    .insertInto("class_sessions")
    .values({
      centre_id: centre.id,
      class_id: classId,
      starts_at: new Date("2025-03-03T16:00:00Z"),
      ends_at: new Date("2025-03-03T17:00:00Z"),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("attendance")
    .values(
      [
        { student: centre.people.student.id, status: "present" as const },
        { student: centre.youngStudent.id, status: "late" as const },
      ].map(({ student, status }) => ({
        centre_id: centre.id,
        session_id: session.id,
        student_id: student,
        status,
        checked_in_at: new Date("2025-03-03T16:04:00Z"),
        method: "kiosk" as const,
      })),
    )
    .execute();
}

async function exportBytes(centre: Centre, requester = centre.people.centre_admin): Promise<Uint8Array> {
  const centreId = trustedCentreId(centre.id);
  const id = await requestExport(await actorFor(requester), {
    kind: "attendance",
    from: "2025-03-01",
    to: "2025-03-31",
  });
  await generateExport(centreId, id);
  const row = await exportInCentre(db, centreId, id);
  expect(row?.status).toBe("done");
  const file = await db
    .selectFrom("files")
    .select("object_key")
    .where("id", "=", row?.fileId ?? "")
    .executeTakeFirstOrThrow();
  const stored = await storage.get(BUCKETS.exports, file.object_key);
  if (!stored) throw new Error("the export's file is missing");
  return stored.bytes;
}

function linesOf(bytes: Uint8Array): string[] {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes).slice(1).split("\r\n");
}

beforeAll(async () => {
  [spanish, arabic] = await Promise.all([
    createCentre({ label: "exports-es", locale: "es", timeZone: "Europe/Madrid" }),
    createCentre({ label: "exports-ar", locale: "ar", timeZone: "Asia/Dubai" }),
  ]);
  for (const centre of [spanish, arabic]) {
    await db.updateTable("users").set({ name: CYRILLIC }).where("id", "=", centre.people.student.id).execute();
    await db.updateTable("users").set({ name: ARABIC }).where("id", "=", centre.youngStudent.id).execute();
    await seedAttendance(centre);
  }
});

describe("CSV exports in the requester's language", () => {
  // Failed before: headers and statuses were always the English column names and codes.
  test("UTF-8 with a byte order mark, Spanish headers and values, Cyrillic and Arabic names intact", async () => {
    const bytes = await exportBytes(spanish);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = linesOf(bytes);
    expect(header).toBe(
      '"Inicio de la sesión","Clase","Alumno","Código de alumno","Estado","Método","Hora de llegada"',
    );
    const body = rows.join("\n");
    expect(body).toContain(`"${CYRILLIC}"`);
    expect(body).toContain(`"${ARABIC}"`);
    expect(body).toContain('"presente","quiosco"');
    expect(body).toContain('"tarde","quiosco"');
    // Times stay as a spreadsheet reads them in every language: local to the centre (CET, UTC+1).
    expect(body).toContain('"2025-03-03 17:00"');
  });

  test("the requester's own language wins over the centre's", async () => {
    const admin = spanish.people.centre_admin;
    await db.updateTable("users").set({ locale: "ar" }).where("id", "=", admin.id).execute();
    try {
      const [header, ...rows] = linesOf(await exportBytes(spanish, admin));
      expect(header?.startsWith('"بداية الجلسة","الصف","الطالب"')).toBe(true);
      expect(rows.join("\n")).toContain('"حاضر","الكشك"');
    } finally {
      await db.updateTable("users").set({ locale: null }).where("id", "=", admin.id).execute();
    }
  });

  test("an Arabic centre gets Arabic headers", async () => {
    const [header] = linesOf(await exportBytes(arabic));
    expect(header).toContain('"رمز الطالب"');
  });
});

describe("export pages in Spanish and Arabic", () => {
  test("the list and one export, with dates from Intl", async () => {
    for (const [centre, words] of [
      [spanish, ["Exportaciones", "Nueva exportación", "Asistencia", "Lista", "Descargar CSV"]],
      [arabic, ["التصديرات", "تصدير جديد", "الحضور", "جاهز", "تنزيل ملف CSV"]],
    ] as const) {
      const admin = await signedInAs(centre.people.centre_admin);
      const html = await (await send(app, "GET", "/exports", admin)).text();
      for (const word of words) expect(html).toContain(word);
      expect(html).not.toContain("Recent exports");
      const [latest] = await db
        .selectFrom("exports")
        .select(["id", "created_at"])
        .where("centre_id", "=", centre.id)
        .orderBy("created_at", "desc")
        .execute();
      if (!latest) throw new Error("no export");
      const locale = centre === spanish ? "es" : "ar";
      const when = new Intl.DateTimeFormat(locale, {
        dateStyle: "medium",
        timeStyle: "short",
        timeZone: centre.timeZone,
      }).format(latest.created_at);
      const page = await (await send(app, "GET", `/exports/${latest.id}`, admin)).text();
      expect(page).toContain(when);
      expect(page).toContain(locale === "es" ? "del 1 mar 2025 al 31 mar 2025" : "من");
    }
  });

  test("a bad range is refused with a Spanish message", async () => {
    const response = await send(app, "POST", "/exports", await signedInAs(spanish.people.centre_admin), {
      body: { kind: "marks", from: "2025-03-10", to: "2025-03-01" },
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("La última fecha no puede ser anterior a la primera");
  });
});
