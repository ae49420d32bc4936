import { beforeAll, describe, expect, test } from "bun:test";
import { createApp } from "../../src/app";
import { type Centre, createCentre, signedInAs } from "../support/fixtures";

/**
 * A refusal speaks the language of the person refused: their own choice, else their centre's —
 * even though it is decided before anything else about the request is read.
 */
const app = createApp();
let spanish: Centre;

beforeAll(async () => {
  spanish = await createCentre({ label: "refusals-es", locale: "es" });
});

async function get(path: string, cookie: string, acceptLanguage = "en-GB") {
  const response = await app.handle(
    new Request(`http://localhost${path}`, { headers: { cookie, "accept-language": acceptLanguage } }),
  );
  return { status: response.status, html: await response.text() };
}

describe("refusals in the centre's language", () => {
  test("a student of a Spanish centre opening the people list is refused in Spanish, whatever the browser asks", async () => {
    const student = await signedInAs(spanish.people.student);
    const { status, html } = await get("/people", student.cookie);
    expect(status).toBe(403);
    expect(html).toContain('lang="es"');
    expect(html).toContain("No tienes permiso para hacer eso.");
    expect(html).not.toContain("You do not have permission");
  });

  test("a page of the centre they may see is Spanish too (the walk covers every page)", async () => {
    const tutor = await signedInAs(spanish.people.tutor);
    const { status, html } = await get("/home", tutor.cookie, "en-US");
    expect(status).toBe(200);
    expect(html).toContain('lang="es"');
    expect(html).toContain("Cerrar sesión");
  });
});
