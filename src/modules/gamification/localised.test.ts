import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { actorFor, addStudents, type Centre, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { withLocalisation } from "../../platform/i18n";
import { redisChannelOf } from "../../platform/live/channels";
import { createRedis } from "../../platform/redis";
import { automaticReason, reasonText } from "./reasons";
import { BADGE_BY_CODE } from "./rules";
import { awardByTutor } from "./service";

const app = createApp();
let spanish: Centre;
let arabic: Centre;

/** 1,250 XP: level 5 (1,000) with 250 of the 500 to level 6, and the 1,000 XP badge. */
async function withXp(centre: Centre): Promise<void> {
  const [ada] = await addStudents(centre, ["Ada Lovelace"]);
  const admin = await actorFor(centre.people.centre_admin);
  for (const amount of [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 50]) {
    await awardByTutor(admin, centre.people.student.id, { amount, reason: "Bien" });
  }
  await awardByTutor(admin, (ada as { id: string }).id, { amount: 30, reason: "Bien" });
}

beforeAll(async () => {
  [spanish, arabic] = await Promise.all([
    createCentre({ label: "xp-es", locale: "es", features: { gamification: true } }),
    createCentre({ label: "xp-ar", locale: "ar", features: { gamification: true } }),
  ]);
  await Promise.all([withXp(spanish), withXp(arabic)]);
});

describe("XP pages in Spanish and Arabic", () => {
  // Failed before: every label was English and numbers were formatted as en-GB.
  test("my XP: level, XP and badges in the centre's language, numbers through Intl", async () => {
    const es = await (await send(app, "GET", "/my-xp", await signedInAs(spanish.people.student))).text();
    expect(es).toContain('<html lang="es" dir="ltr"');
    expect(es).toContain("Nivel 5");
    expect(es).toContain(`${new Intl.NumberFormat("es").format(1250)} XP`);
    expect(es).toContain("250 XP para el nivel 6");
    expect(es).toContain("Elegido por el tutor");
    expect(es).toContain("Racha: 1 día seguido");
    expect(es).not.toContain("Level");

    const ar = await (await send(app, "GET", "/my-xp", await signedInAs(arabic.people.student))).text();
    expect(ar).toContain('<html lang="ar" dir="rtl"');
    expect(ar).toContain(`المستوى ${new Intl.NumberFormat("ar").format(5)}`);
    expect(ar).toContain(`${new Intl.NumberFormat("ar").format(1000)} نقطة خبرة`);
    expect(ar).toContain("اختيار المعلّم");
    expect(ar).toContain("سلسلة متواصلة: يوم واحد");
  });

  test("the leaderboard names its columns and periods in the centre's language", async () => {
    const es = await (await send(app, "GET", "/leaderboards", await signedInAs(spanish.people.tutor))).text();
    for (const word of ["Clasificación", "Esta semana", "Desde el principio", "Puesto", "Todo el centro", "Ada L."]) {
      expect(es).toContain(word);
    }
    const ar = await (await send(app, "GET", "/leaderboards", await signedInAs(arabic.people.parent))).text();
    for (const word of ["لوحة الصدارة", "هذا الأسبوع", "الترتيب", "طالب آخر"]) expect(ar).toContain(word);
    expect(ar).toContain(new Intl.NumberFormat("ar").format(30));
  });

  test("an award's validation message is in the centre's language", async () => {
    const student = spanish.people.student;
    const headTutor = await signedInAs(spanish.people.head_tutor);
    const response = await send(app, "POST", `/students/${student.id}/xp`, headTutor, {
      body: { amount: "1000", reason: "" },
    });
    expect(response.status).toBe(422);
    const html = await response.text();
    expect(html).toContain("Da como máximo 100 XP");
    expect(html).toContain("Indica por qué se dan los XP");
  });

  test("badge names and descriptions are read in the language current when shown", () => {
    const badge = BADGE_BY_CODE.get("xp_1000");
    expect(withLocalisation({ locale: "en-GB" }, () => badge?.name)).toBe("1,000 XP");
    expect(withLocalisation({ locale: "es" }, () => badge?.description)).toBe("Ganó 1000 XP en total");
    expect(withLocalisation({ locale: "ar" }, () => BADGE_BY_CODE.get("streak_5")?.name)).toBe(
      `سلسلة ${new Intl.NumberFormat("ar").format(5)} أيام`,
    );
  });

  // Failed before: the reasons the app writes for its own awards showed in English on every page.
  test("the app's own award reasons are read in the reader's language; a tutor's words stay as written", async () => {
    const stored = automaticReason({ source: "exercise", correct: 3, title: "Fracciones" });
    expect(stored).toBe("3 correct in “Fracciones”");
    await db
      .insertInto("xp_ledger")
      .values({
        centre_id: spanish.id,
        student_id: spanish.people.student.id,
        amount: 30,
        reason: stored,
        source_type: "exercise",
        source_id: crypto.randomUUID(),
        awarded_by: null,
      })
      .execute();
    const es = await (await send(app, "GET", "/my-xp", await signedInAs(spanish.people.student))).text();
    expect(es).toContain("3 correctas en «Fracciones»");
    expect(es).toContain("Bien");
    expect(reasonText("exercise", stored, "en-GB")).toBe(stored);
    expect(reasonText("attendance", "Came to a session (late)", "ar")).toBe("حضر جلسة (متأخرًا)");
    expect(reasonText("award", "3 correct in “Fracciones”", "es")).toBe("3 correct in “Fracciones”");
  });

  // Failed before: a board pushed live from outside a request was rendered in English.
  test("a live board is written in the centre's language whoever caused the update", async () => {
    const subscriber = createRedis();
    try {
      await subscriber.subscribe(redisChannelOf(`leaderboard:${spanish.id}`));
      const message = new Promise<string>((resolve) => subscriber.once("message", (_channel, text) => resolve(text)));
      // No request here: the localisation in force is the default, en-GB.
      await awardByTutor(await actorFor(spanish.people.centre_admin), spanish.people.student.id, {
        amount: 5,
        reason: "Bien",
      });
      const pushed = await message;
      expect(pushed).toContain("Puesto");
      expect(pushed).not.toContain("Rank");
    } finally {
      subscriber.disconnect();
    }
  });
});
