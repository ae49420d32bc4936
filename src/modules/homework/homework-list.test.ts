import { beforeAll, describe, expect, test } from "bun:test";
import { send } from "../../../tests/security/walk";
import {
  type Centre,
  type Credentials,
  createCentre,
  type MarkingBacklog,
  markingBacklog,
  signedInAs,
} from "../../../tests/support/fixtures";
import { idsIn, pageLink } from "../../../tests/support/paging";
import { createApp } from "../../app";
import { db } from "../../platform/db";
import { encodeKey } from "../../platform/db/keyset";
import { PAGE_SIZE } from "./queries";

/** The staff homework list pages by keyset, latest due first (issue 17). */
const app = createApp();
let centre: Centre;
let backlog: MarkingBacklog;
let head: Credentials;

beforeAll(async () => {
  centre = await createCentre({ label: "homework-list" });
  // Every piece of homework is due at the same moment: the id alone orders them.
  backlog = await markingBacklog(centre, {
    otherTutors: 3,
    students: 2,
    homework: 10,
    ownStudents: 2,
    ownHomework: 12,
  });
  head = await signedInAs(centre.people.head_tutor);
}, 60_000);

const ids = (html: string) => idsIn(html, "data-homework-id");
const link = pageLink;

async function list(who: Credentials, path: string): Promise<string> {
  const response = await send(app, "GET", path, who);
  expect(response.status).toBe(200);
  return response.text();
}

describe("the staff homework list", () => {
  test("next walks every piece once, latest due first; previous comes back", async () => {
    const everything = await db
      .selectFrom("homework")
      .where("centre_id", "=", centre.id)
      .select("id")
      .orderBy("due_at", "desc")
      .orderBy("id", "desc")
      .execute();
    const pages: string[][] = [];
    let html = await list(head, "/homework");
    expect(link(html, "prev")).toBeNull();
    for (;;) {
      pages.push(ids(html));
      const next = link(html, "next");
      if (!next) break;
      html = await list(head, next);
    }
    expect(pages.flat()).toEqual(everything.map((row) => row.id));
    expect(pages[0]?.length).toBe(PAGE_SIZE);
    expect(ids(await list(head, link(html, "prev") as string))).toEqual(pages.at(-2) as string[]);
  });

  test("a tutor's list holds their own homework", async () => {
    const html = await list(await signedInAs(centre.people.tutor), "/homework");
    expect(new Set(ids(html))).toEqual(new Set(backlog.ownHomeworkIds));
    expect(link(html, "next")).toBeNull();
  });

  test("a damaged page link is a 400 with a message", async () => {
    const response = await send(app, "GET", `/homework?before=${encodeKey(["soon", "x"])}`, head);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("That page link is out of date or damaged");
  });
});
