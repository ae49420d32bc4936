import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { send } from "../../../tests/security/walk";
import { addPerson, type Centre, type Credentials, createCentre, signedInAs } from "../../../tests/support/fixtures";
import { idsIn, pageLink } from "../../../tests/support/paging";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { encodeKey } from "../../platform/db/keyset";
import { PEOPLE_COUNT_CAP, PEOPLE_PAGE_SIZE } from "./queries";

/** /people pages by keyset (name, id): a deep page costs what the first does (issue 17). */
const app = createApp();
let centre: Centre;
let admin: Credentials;

async function addPupils(target: Pick<Centre, "id" | "slug">, count: number, prefix: string): Promise<void> {
  const codes = `${target.slug}-${crypto.randomUUID().slice(0, 6)}-`;
  await sql`
    insert into users (centre_id, role, name, student_code)
    select ${target.id}::uuid, 'student', ${prefix} || ' ' || lpad(n::text, 4, '0'), ${codes} || n
    from generate_series(1, ${count}::int) n`.execute(db);
}

beforeAll(async () => {
  centre = await createCentre({ label: "people-list" });
  // Pairs of equal names: the id breaks the tie, so no one is shown twice or skipped.
  await addPupils(centre, 30, "Pupil");
  await addPupils(centre, 30, "Pupil");
  admin = await signedInAs(centre.people.centre_admin);
});

const ids = (html: string) => idsIn(html, "data-person-id");
const link = pageLink;

async function list(path: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await send(app, "GET", path, admin, { headers });
  expect(response.status).toBe(200);
  return response.text();
}

describe("the people list pages by keyset", () => {
  test("next walks everyone once, by name; previous comes back; filters ride along", async () => {
    const everyone = await db
      .selectFrom("users")
      .where("centre_id", "=", centre.id)
      .where("role", "=", "student")
      .select("id")
      .orderBy("name")
      .orderBy("id")
      .execute();
    const pages: string[][] = [];
    let html = await list("/people?role=student");
    expect(link(html, "prev")).toBeNull();
    expect(html).toContain(`${everyone.length} people`);
    for (;;) {
      pages.push(ids(html));
      const next = link(html, "next");
      if (!next) break;
      expect(next).toContain("role=student");
      expect(next).toContain("after=");
      html = await list(next);
    }
    expect(pages.flat()).toEqual(everyone.map((row) => row.id));
    expect(pages[0]?.length).toBe(PEOPLE_PAGE_SIZE);

    const back = await list(link(html, "prev") as string);
    expect(ids(back)).toEqual(pages.at(-2) as string[]);
  });

  test("htmx gets the results fragment alone, with the same links", async () => {
    const page = await list("/people");
    const next = link(page, "next") as string;
    const fragment = await list(next, { "HX-Request": "true", "HX-Target": "people-results" });
    expect(fragment.startsWith('<div id="people-results">')).toBe(true);
    expect(ids(fragment)).toEqual(ids(await list(next)));
    expect(link(fragment, "prev")).toStartWith("/people?");
  });

  test("a page link stays put when someone is added before it", async () => {
    const first = await list("/people");
    const next = link(first, "next") as string;
    const expected = ids(await list(next));
    await addPerson(centre, "student", { name: "Aaron Aardvark" });
    expect(ids(await list(next))).toEqual(expected);
  });

  test("a damaged page link is a 400 with a message, never a 500", async () => {
    for (const token of ["garbage!", encodeKey(["Pupil"]), encodeKey(["Pupil", "nope"]), encodeKey([1, 2] as never)]) {
      const response = await send(app, "GET", `/people?${new URLSearchParams({ after: token })}`, admin);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("That page link is out of date or damaged");
    }
  });

  test("the count stops at its cap", async () => {
    const large = await createCentre({ label: "people-many" });
    await addPupils(large, PEOPLE_COUNT_CAP, "Many");
    const html = await send(app, "GET", "/people", await signedInAs(large.people.centre_admin)).then((r) => r.text());
    expect(html).toContain(`More than ${(PEOPLE_COUNT_CAP - 1).toLocaleString("en-GB")} people`);
    expect(ids(html).length).toBe(PEOPLE_PAGE_SIZE);
  });
});
