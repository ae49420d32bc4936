import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { type Centre, classWith, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";

/** A student's coming sessions in their centre's language, dates and times from Intl in its zone. */
const app = createApp();
const DAY = { weekday: "long", day: "numeric", month: "long", year: "numeric" } as const;

interface Setup {
  centre: Centre;
  startsAt: Date;
  endsAt: Date;
}

async function centreWithSessions(locale: "es" | "ar" | "en-US", timeZone: string): Promise<Setup> {
  const centre = await createCentre({ label: `my-sessions-${locale}`, locale, timeZone });
  const classId = await classWith(centre, {
    tutor: centre.people.tutor,
    members: [centre.people.student],
    name: "Álgebra en línea",
  });
  const startsAt = new Date(Date.now() + 26 * 3_600_000);
  const endsAt = new Date(startsAt.getTime() + 90 * 60_000);
  await db
    .insertInto("class_sessions")
    .values([
      { centre_id: centre.id, class_id: classId, starts_at: startsAt, ends_at: endsAt },
      {
        centre_id: centre.id,
        class_id: classId,
        starts_at: new Date(startsAt.getTime() + 7 * 86_400_000),
        ends_at: new Date(endsAt.getTime() + 7 * 86_400_000),
        status: "cancelled",
      },
    ])
    .execute();
  return { centre, startsAt, endsAt };
}

async function pageFor(setup: Setup): Promise<string> {
  const response = await send(app, "GET", "/my-sessions", await signedInAs(setup.centre.people.student));
  expect(response.status).toBe(200);
  return response.text();
}

function expectedWhen(setup: Setup, locale: string): { day: string; start: string; end: string } {
  const zone = setup.centre.timeZone;
  const time = new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone: zone });
  return {
    day: new Intl.DateTimeFormat(locale, { ...DAY, timeZone: zone }).format(setup.startsAt),
    start: time.format(setup.startsAt),
    end: time.format(setup.endsAt),
  };
}

describe("my sessions in the centre's language", () => {
  let spanish: Setup;
  let arabic: Setup;
  let american: Setup;

  beforeAll(async () => {
    [spanish, arabic, american] = await Promise.all([
      centreWithSessions("es", "Europe/Madrid"),
      centreWithSessions("ar", "Asia/Riyadh"),
      centreWithSessions("en-US", "America/New_York"),
    ]);
  });

  test("es: Spanish words, the day and 24-hour times as Intl writes them in Madrid", async () => {
    const html = await pageFor(spanish);
    expect(html).toContain('<html lang="es" dir="ltr">');
    expect(html).toContain("<h1>Mis sesiones</h1>");
    expect(html).toContain("Volver a hoy");
    expect(html).toContain(" cancelada</span>");
    const { day, start, end } = expectedWhen(spanish, "es");
    expect(html).toContain(`${day}, ${start}–${end}`);
    expect(start).toMatch(/^\d{1,2}:\d\d$/);
  });

  test("ar: right to left, Arabic words and Intl's Arabic date in Riyadh", async () => {
    const html = await pageFor(arabic);
    expect(html).toContain('<html lang="ar" dir="rtl">');
    expect(html).toContain("<h1>حصصي</h1>");
    expect(html).toContain(" ملغاة</span>");
    const { day, start, end } = expectedWhen(arabic, "ar");
    expect(html).toContain(`${day}، ${start} – ${end}`);
    expect(html).not.toContain("cancelled");
  });

  test("en-US: American spelling and a 12-hour clock", async () => {
    const html = await pageFor(american);
    expect(html).toContain(" canceled</span>");
    const { day, start, end } = expectedWhen(american, "en-US");
    expect(html).toContain(`${day}, ${start}–${end}`);
    expect(start).toMatch(/[AP]M$/);
  });
});
