import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  anonymousCredentials,
  type Centre,
  createCentre,
  kioskCredentials,
  pairKiosk,
  signedInAs,
} from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";

const app = createApp();
let spanish: Centre;
let arabic: Centre;

beforeAll(async () => {
  [spanish, arabic] = await Promise.all([
    createCentre({ label: "kiosk-es", locale: "es", timeZone: "Europe/Madrid" }),
    createCentre({ label: "kiosk-ar", locale: "ar", timeZone: "Asia/Riyadh" }),
  ]);
});

describe("kiosk screens follow the centre's language", () => {
  // Failed before: the kiosk document was <html lang="en"> with English text in every centre.
  test("the idle screen and the board in Spanish and, right to left, in Arabic", async () => {
    const es = await kioskCredentials(await pairKiosk(spanish));
    const idle = await (await send(app, "GET", "/kiosk", es)).text();
    expect(idle).toContain('<html lang="es" dir="ltr"');
    for (const word of [
      "¡Bienvenido! Registra tu llegada",
      "Escanea tu tarjeta",
      "Código de alumno",
      "Tablero de hoy",
    ]) {
      expect(idle).toContain(word);
    }
    expect(idle).toContain("Registrar llegada · Quiosco de AetherLearn");

    const ar = await kioskCredentials(await pairKiosk(arabic));
    const board = await (await send(app, "GET", "/kiosk/leaderboard", ar)).text();
    expect(board).toContain('<html lang="ar" dir="rtl"');
    expect(board).toContain(`اليوم في ${arabic.name}`);
    expect(board).toContain("لم يسجّل أحد وصوله اليوم بعد.");
    expect(board).not.toContain("Checked in today");
  });

  test("a refused sign-in says why in the centre's language", async () => {
    const es = await kioskCredentials(await pairKiosk(spanish));
    const response = await send(app, "POST", "/kiosk/sign-in", es, {
      body: { mode: "pin", studentCode: spanish.people.student.studentCode, pin: "12" },
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Tu PIN tiene de 4 a 8 cifras");
    const badge = await send(app, "POST", "/kiosk/sign-in", es, { body: { mode: "badge", badge: "ALB2.nonsense" } });
    expect(badge.status).toBe(401);
    expect(await badge.text()).toContain("No se ha reconocido esa tarjeta.");
  });

  test("the pairing screen, before any centre is known, follows the browser's language", async () => {
    const response = await send(app, "GET", "/kiosk/pair", anonymousCredentials(), {
      headers: { "accept-language": "ar-SA,ar;q=0.9" },
    });
    const html = await response.text();
    expect(html).toContain('<html lang="ar" dir="rtl"');
    expect(html).toContain("إعداد هذا الكشك");
  });
});

describe("kiosk administration in Spanish and Arabic", () => {
  test("the kiosk list dates each kiosk through Intl in the centre's time zone", async () => {
    for (const [centre, locale, words] of [
      [spanish, "es", ["Quioscos", "Registrar un quiosco", "Emparejado", "Tarjetas de alumno"]],
      [arabic, "ar", ["الأكشاك", "تسجيل كشك", "مقترن", "بطاقات الطلاب"]],
    ] as const) {
      const html = await (await send(app, "GET", "/kiosks", await signedInAs(centre.people.centre_admin))).text();
      for (const word of words) expect(html).toContain(word);
      const kiosk = await db
        .selectFrom("kiosk_devices")
        .select("created_at")
        .where("centre_id", "=", centre.id)
        .orderBy("created_at", "desc")
        .executeTakeFirstOrThrow();
      const enrolled = new Intl.DateTimeFormat(locale, {
        day: "numeric",
        month: "short",
        hour: "2-digit",
        minute: "2-digit",
        timeZone: centre.timeZone,
      }).format(kiosk.created_at);
      expect(html).toContain(enrolled);
    }
  });

  test("enrolling without a name is refused in the centre's language", async () => {
    const response = await send(app, "POST", "/kiosks", await signedInAs(spanish.people.centre_admin), {
      body: { name: " " },
    });
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("Pon un nombre al quiosco, p. ej. Recepción");
  });
});
