import { beforeAll, describe, expect, test } from "bun:test";
import { findingsIn, readableText } from "../../../tests/i18n/page-text";
import { ORIGIN, send } from "../../../tests/security/walk";
import { type Centre, type Credentials, classWith, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { IMPORT_MAX_BYTES } from "./import-plan";

/**
 * The import pages over HTTP: template, multipart upload within its limit, the preview that names
 * each bad row, the commit and its one-time PINs, a second import that does nothing, the stash
 * refused to anyone but its uploader, and every page in Spanish and Arabic.
 */
const app = createApp();
let centre: Centre;
let spanish: Centre;
let arabic: Centre;
let admin: Credentials;

beforeAll(async () => {
  [centre, spanish, arabic] = await Promise.all([
    createCentre({ label: "import-http" }),
    createCentre({ label: "import-es", locale: "es" }),
    createCentre({ label: "import-ar", locale: "ar" }),
  ]);
  await Promise.all(
    [centre, spanish, arabic].map((c) => classWith(c, { tutor: c.people.tutor, name: "=Year 5 Maths" })),
  );
  admin = await signedInAs(centre.people.centre_admin);
});

/** A multipart form post as a browser sends it, with the CSRF field and our own Origin. */
function upload(
  who: Credentials,
  body: string | Uint8Array<ArrayBuffer>,
  name = "students.csv",
  csrf = who.csrfToken,
): Promise<Response> {
  const form = new FormData();
  form.set("_csrf", csrf);
  form.set("file", new File([body], name, { type: "text/csv" }));
  return app.handle(
    new Request(`${ORIGIN}/people/import`, {
      method: "POST",
      headers: { cookie: who.cookie, origin: ORIGIN },
      body: form,
    }),
  );
}

const HEADER = "name,student_code,birth_date,class,parent_name,parent_email";

function rows(suffix: string, count: number): string[] {
  return Array.from(
    { length: count },
    (_, i) =>
      `Pupil ${i},${suffix}-${i},2015-01-0${(i % 9) + 1},=Year 5 Maths,Parent ${i},p${i}-${suffix.toLowerCase()}@example.com`,
  );
}

async function previewOf(who: Credentials, csv: string): Promise<{ location: string; html: string; status: number }> {
  const posted = await upload(who, csv);
  expect(posted.status).toBe(303);
  const location = posted.headers.get("location") ?? "";
  const page = await send(app, "GET", location, who);
  return { location, html: await page.text(), status: page.status };
}

describe("the import pages", () => {
  test("the template: a UTF-8 CSV with the header and one example row, formula-looking names escaped", async () => {
    const response = await send(app, "GET", "/people/import/template.csv", admin);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toContain("attachment");
    const text = await response.text();
    const [header, example] = text.replace(/^\uFEFF/, "").split("\r\n");
    expect(header).toBe('"name","student_code","birth_date","class","parent_name","parent_email"');
    expect(example).toContain(`"'=Year 5 Maths"`);
  });

  test("upload → preview names each bad row → fixed file commits → the same file again does nothing", async () => {
    const suffix = `H${crypto.randomUUID().slice(0, 4).toUpperCase()}`;
    const good = rows(suffix, 6);
    const bad = [...good];
    bad[1] = bad[1]!.replace("2015-01-02", "2015-02-31");
    bad[4] = bad[4]!.replace(`p4-${suffix.toLowerCase()}@example.com`, "nobody-at-example");
    const first = await previewOf(admin, [HEADER, ...bad].join("\n"));
    expect(first.status).toBe(200);
    const problemRows = [...first.html.matchAll(/<tr data-line="(\d+)" data-outcome="error">/g)].map((m) => m[1]);
    expect(problemRows).toEqual(["3", "6", "3", "6"]); // the problems table, then the same rows among all rows
    expect(first.html).toContain("“2015-02-31” is not a date.");
    expect(first.html).toContain("“nobody-at-example” is not an email address.");
    expect(first.html).not.toContain(`/commit"`);
    const refused = await send(app, "POST", `${first.location}/commit`, admin);
    expect(refused.status).toBe(422);

    const fixed = await previewOf(admin, [HEADER, ...good].join("\n"));
    expect(fixed.html).toContain("New: 6. Updated: 0. Unchanged: 0. With problems: 0.");
    const committed = await send(app, "POST", `${fixed.location}/commit`, admin);
    expect(committed.status).toBe(201);
    const result = await committed.text();
    expect(result.match(/<span data-secret>\d{4,8}<\/span>/g)).toHaveLength(6);
    expect(result.match(/\/invite\//g)).toHaveLength(6);
    // The stash is gone once committed: posting it again finds nothing.
    expect((await send(app, "POST", `${fixed.location}/commit`, admin)).status).toBe(404);

    const again = await previewOf(admin, [HEADER, ...good].join("\n"));
    expect(again.html).toContain("New: 0. Updated: 0. Unchanged: 6. With problems: 0.");
    expect(again.html).toContain("there is nothing to import");
    expect(again.html).not.toContain(`/commit"`);
  });

  test("a file over the limit is a 413, a file that is not UTF-8 or not a student CSV a 422, no file a 422", async () => {
    const big = await upload(admin, `${HEADER}\n${"x".repeat(IMPORT_MAX_BYTES + 10)}`);
    expect(big.status).toBe(413);
    const latin1 = await upload(admin, new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xe9, 0x0a]));
    expect(latin1.status).toBe(422);
    expect(await latin1.text()).toContain("The file is not UTF-8 text.");
    const unknown = await upload(admin, "name,dob,shoe\nAda,2015-01-01,3\n");
    expect(unknown.status).toBe(422);
    expect(await unknown.text()).toContain("“shoe”");
    const none = await send(app, "POST", "/people/import", admin, { body: {} });
    expect(none.status).toBe(422);
  });

  test("a cross-site upload without the CSRF token is refused", async () => {
    const response = await upload(admin, `${HEADER}\nAda,,2015-01-01,,,\n`, "a.csv", "not-the-token");
    expect(response.status).toBe(403);
  });

  test("another admin, or an admin of another centre, cannot see or commit someone's upload", async () => {
    const { location } = await previewOf(admin, `${HEADER}\nAda,,2015-01-01,,,\n`);
    for (const who of [await signedInAs(centre.people.centre_owner), await signedInAs(spanish.people.centre_admin)]) {
      expect((await send(app, "GET", location, who)).status).toBe(404);
      expect((await send(app, "POST", `${location}/commit`, who)).status).toBe(404);
    }
    const students = await db
      .selectFrom("users")
      .where("name", "=", "Ada")
      .where("centre_id", "=", centre.id)
      .execute();
    expect(students).toHaveLength(0);
  });

  test("tutors may not import", async () => {
    const tutor = await signedInAs(centre.people.tutor);
    expect((await send(app, "GET", "/people/import", tutor)).status).toBe(403);
  });
});

describe.each([
  ["es", () => spanish],
  ["ar", () => arabic],
] as const)("the import pages in %s", (_, centreOf) => {
  test("upload page, preview with problems, result: no English left", async () => {
    const who = await signedInAs(centreOf().people.centre_admin);
    const pages: string[] = [await (await send(app, "GET", "/people/import", who)).text()];
    const suffix = `L${crypto.randomUUID().slice(0, 4).toUpperCase()}`;
    const withProblems = [HEADER, ...rows(suffix, 2), ",,2015-02-31,Nada,,x"].join("\n");
    pages.push((await previewOf(who, withProblems)).html);
    const good = await previewOf(who, [HEADER, ...rows(suffix, 2)].join("\n"));
    pages.push(good.html);
    pages.push(await (await send(app, "POST", `${good.location}/commit`, who)).text());
    pages.push(await (await upload(who, "name\nAda\n")).text());
    for (const html of pages) expect(findingsIn(readableText(html), true)).toEqual([]);
  });
});
