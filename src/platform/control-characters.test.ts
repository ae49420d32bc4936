import { beforeAll, describe, expect, test } from "bun:test";
import { ORIGIN } from "../../tests/security/walk";
import { type Centre, type Credentials, createCentre, signedInAs } from "../../tests/support/fixtures";
import { createApp } from "../app";
import { db } from "./db";
import { fieldsWithControlCharacters } from "./validation";

const app = createApp();
let centre: Centre;
let headTutor: Credentials;

beforeAll(async () => {
  centre = await createCentre({ label: "hygiene" });
  headTutor = await signedInAs(centre.people.head_tutor);
});

function post(path: string, body: string | FormData | URLSearchParams, contentType?: string): Promise<Response> {
  const headers: Record<string, string> = {
    cookie: headTutor.cookie,
    origin: ORIGIN,
    "x-csrf-token": headTutor.csrfToken,
  };
  if (contentType) headers["content-type"] = contentType;
  return app.handle(new Request(`${ORIGIN}${path}`, { method: "POST", headers, body }));
}

async function coursesTitled(title: string): Promise<number> {
  const rows = await db
    .selectFrom("courses")
    .select("id")
    .where("centre_id", "=", centre.id)
    .where("title", "=", title)
    .execute();
  return rows.length;
}

describe("control characters in any text field are refused at the edge with a 422", () => {
  test("the walker finds them in nested bodies, keys and arrays but not in files", () => {
    expect(fieldsWithControlCharacters({ a: "ok", b: ["x", "y\u0000"], c: { d: "\u001b[31m" } })).toEqual([
      "b.1",
      "c.d",
    ]);
    expect(fieldsWithControlCharacters({ "bad\u0000key": "v" })).toEqual(["form"]);
    expect(fieldsWithControlCharacters({ text: "line one\r\nline two\tindented" })).toEqual([]);
    expect(fieldsWithControlCharacters({ file: new File(["\u0000\u0001"], "a.bin") })).toEqual([]);
  });

  // Failed before the fix: PostgreSQL refused the NUL and the form answered 500.
  test("a NUL in a form field: 422 with a message, nothing stored", async () => {
    const response = await post(
      "/courses",
      new URLSearchParams({ title: "Alge\u0000bra", summary: "", _csrf: headTutor.csrfToken }),
      "application/x-www-form-urlencoded",
    );
    expect(response.status).toBe(422);
    expect(await response.text()).toContain("control character");
    expect(await coursesTitled("Alge\u0000bra".replace("\u0000", ""))).toBe(0);
  });

  test("a NUL in a JSON body or a multipart field is refused the same way", async () => {
    const json = await post("/courses", JSON.stringify({ title: "Geo\u0000metry", summary: "" }), "application/json");
    expect(json.status).toBe(422);
    const form = new FormData();
    form.set("title", "Trigo\u0000nometry");
    form.set("_csrf", headTutor.csrfToken);
    const multipart = await post("/courses", form);
    expect(multipart.status).toBe(422);
    expect(await multipart.text()).toContain("control character");
  });

  test("a control character in a query string is refused too", async () => {
    const response = await app.handle(
      new Request(`${ORIGIN}/courses?status=%00`, { headers: { cookie: headTutor.cookie } }),
    );
    expect(response.status).toBe(422);
  });

  test("tabs and line breaks in multi-line text are kept", async () => {
    const title = `Reading ${crypto.randomUUID().slice(0, 6)}`;
    const response = await post(
      "/courses",
      new URLSearchParams({ title, summary: "Week one:\r\n\tpoems", _csrf: headTutor.csrfToken }),
      "application/x-www-form-urlencoded",
    );
    expect(response.status).toBe(303);
    expect(await coursesTitled(title)).toBe(1);
  });
});
