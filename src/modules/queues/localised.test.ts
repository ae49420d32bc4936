import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import { type Centre, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";

const app = createApp();
let spanish: Centre;
let arabic: Centre;

beforeAll(async () => {
  [spanish, arabic] = await Promise.all([
    createCentre({ label: "queues-es", locale: "es" }),
    createCentre({ label: "queues-ar", locale: "ar" }),
  ]);
});

describe("the background jobs panel in Spanish and Arabic", () => {
  // Failed before: the panel's headings, states and messages were English in every centre.
  test("headings, job states and the empty list in the centre's language", async () => {
    const es = await (await send(app, "GET", "/admin/queues", await signedInAs(spanish.people.centre_admin))).text();
    for (const word of ["Tareas en segundo plano", "Tareas por cola y estado", "En espera", "Tareas fallidas"]) {
      expect(es).toContain(word);
    }
    expect(es).not.toContain("Jobs per queue and state");
    const ar = await (await send(app, "GET", "/admin/queues", await signedInAs(arabic.people.centre_admin))).text();
    expect(ar).toContain('dir="rtl"');
    for (const word of ["المهام في الخلفية", "قيد التشغيل", "المهام الفاشلة"]) expect(ar).toContain(word);
  });

  test("a retry of a queue that does not exist is refused in the centre's language", async () => {
    const who = await signedInAs(spanish.people.centre_admin);
    const response = await send(app, "POST", "/admin/queues/no-such-queue/1/retry", who);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain("Esa cola no existe.");
  });
});
