import { beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { send } from "../../../tests/security/walk";
import {
  addPerson,
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
import { statementsDuring } from "../../platform/db/instrumented-dialect";
import { encodeKey } from "../../platform/db/keyset";
import { type PlanChoice, type RowsRead, rowsReadBy, selectsOf } from "../../platform/db/rows-read";
import { COUNT_CAP } from "../../platform/i18n";
import { trustedCentreId } from "../../platform/tenancy";
import { markingQueuePage, markingQueueSize, QUEUE_PAGE_SIZE, queueOfHomework } from "./queries";
import { markingQueueCount } from "./summary";

/**
 * The marking queue keyed by its owner (issue 17): a tutor's page reads their own rows, however
 * much of the centre's work waits for other tutors; pages go by keyset, not OFFSET.
 */
const app = createApp();
let centre: Centre;
let backlog: MarkingBacklog;
let tutor: Credentials;
let head: Credentials;

beforeAll(async () => {
  centre = await createCentre({ label: "queue" });
  // 30 other tutors × 20 students × 8 homework = 4,800 pieces waiting elsewhere; 300 of ours.
  backlog = await markingBacklog(centre, {
    otherTutors: 30,
    students: 20,
    homework: 8,
    ownStudents: 20,
    ownHomework: 15,
  });
  tutor = await signedInAs(centre.people.tutor);
  head = await signedInAs(centre.people.head_tutor);
}, 120_000);

const ids = (html: string) => idsIn(html, "data-submission-id");
const link = pageLink;

async function page(who: Credentials, path: string): Promise<string> {
  const response = await send(app, "GET", path, who);
  expect(response.status).toBe(200);
  return response.text();
}

/** Runs the work and EXPLAIN ANALYZEs each SELECT it sent: the rows every table gave up. */
async function readsOf(work: () => Promise<unknown>, plan: PlanChoice = "custom"): Promise<RowsRead[]> {
  const queries = (await selectsOf(work)).filter((query) => /^\s*select\b/i.test(query.sql));
  expect(queries.length).toBeGreaterThan(0);
  const reads: RowsRead[] = [];
  for (const query of queries) reads.push(await rowsReadBy(db, query, plan));
  return reads;
}

const total = (reads: Record<string, number>) => Object.values(reads).reduce((sum, rows) => sum + rows, 0);

describe("the tutor's marking queue reads the tutor's own rows", () => {
  test("the centre is mostly other tutors' work", async () => {
    const centreId = trustedCentreId(centre.id);
    expect(backlog.centreWaiting).toBeGreaterThan(15 * backlog.ownWaiting);
    expect(await markingQueueSize(db, centreId, centre.people.tutor.id)).toBe(Math.min(backlog.ownWaiting, COUNT_CAP));
    expect(await markingQueueSize(db, centreId, null)).toBe(COUNT_CAP);
  });

  test("a page reads at most twice as many rows of each table as it shows", async () => {
    const centreId = trustedCentreId(centre.id);
    let shown = 0;
    const [reads] = await readsOf(async () => {
      shown = (await markingQueuePage(db, centreId, centre.people.tutor.id, {})).rows.length;
    });
    expect(shown).toBe(QUEUE_PAGE_SIZE);
    // One more row than shown tells whether there is a next page; each table is read about once per row.
    for (const rows of Object.values(reads ?? {})) expect(rows).toBeLessThanOrEqual(2 * (shown + 1));
    expect(total(reads ?? {})).toBeLessThanOrEqual(4 * (shown + 1));
  });

  test("a later page costs what the first does", async () => {
    const centreId = trustedCentreId(centre.id);
    const first = await markingQueuePage(db, centreId, centre.people.tutor.id, {});
    const [reads] = await readsOf(() =>
      markingQueuePage(db, centreId, centre.people.tutor.id, { after: first.next ?? "" }),
    );
    expect(total(reads ?? {})).toBeLessThanOrEqual(4 * (QUEUE_PAGE_SIZE + 1));
  });

  test("the dashboard's count stops at the cap instead of counting the queue", async () => {
    const centreId = trustedCentreId(centre.id);
    const [own] = await readsOf(() => markingQueueCount(centreId, centre.people.tutor.id));
    // The tutor's own entries only, however large the centre: walked in order up to the cap, or
    // (a plan PostgreSQL may prefer for a few hundred) all of them once by a bitmap scan.
    expect(Object.keys(own ?? {}).every((name) => name.startsWith("marking_queue_entries"))).toBe(true);
    expect(total(own ?? {})).toBeLessThanOrEqual(2 * Math.max(COUNT_CAP, backlog.ownWaiting));
    expect(total(own ?? {})).toBeLessThan(backlog.centreWaiting / 4);
    expect(await markingQueueCount(centreId, null)).toBe(COUNT_CAP);
  });
});

// The worker's live count after a hand-in or a mark: whose queue, and its size, in one statement.
describe.each(["custom", "generic"] as const)("the live count's queue of a homework (%s plan)", (plan) => {
  test("is the owner's capped count, as markingQueueSize gives it, reading the owner's entries only", async () => {
    const centreId = trustedCentreId(centre.id);
    const homeworkId = backlog.ownHomeworkIds[0]!;
    const statements = await statementsDuring(() => queueOfHomework(db, centreId, homeworkId));
    expect(statements).toHaveLength(1);
    expect(await queueOfHomework(db, centreId, homeworkId)).toEqual({
      tutorId: centre.people.tutor.id,
      count: await markingQueueSize(db, centreId, centre.people.tutor.id),
    });
    const [reads] = await readsOf(() => queueOfHomework(db, centreId, homeworkId), plan);
    const entries = Object.entries(reads ?? {}).filter(([name]) => name.startsWith("marking_queue_entries"));
    expect(entries.reduce((sum, [, rows]) => sum + rows, 0)).toBeLessThanOrEqual(
      2 * Math.max(COUNT_CAP, backlog.ownWaiting),
    );
    expect(total(reads ?? {})).toBeLessThan(backlog.centreWaiting / 4);
    expect(await queueOfHomework(db, centreId, crypto.randomUUID())).toBeNull();
  });
});

// Under the plan made for the centre's values and under a generic one, which a web process's
// prepared statement may keep: the queue's partial index serves both (its condition is stated).
describe.each(["custom", "generic"] as const)(
  "the head tutor's centre-wide queue reads about the rows it shows (%s plan)",
  (plan) => {
    test("a page, first or later, reads at most twice as many rows of each table as it shows", async () => {
      const centreId = trustedCentreId(centre.id);
      let first: Awaited<ReturnType<typeof markingQueuePage>> | undefined;
      const reads = await readsOf(async () => {
        first = await markingQueuePage(db, centreId, null, {});
      }, plan);
      expect(first?.rows.length).toBe(QUEUE_PAGE_SIZE);
      const later = await readsOf(() => markingQueuePage(db, centreId, null, { after: first?.next ?? "" }), plan);
      for (const query of [...reads, ...later]) {
        for (const rows of Object.values(query)) expect(rows).toBeLessThanOrEqual(2 * (QUEUE_PAGE_SIZE + 1));
        expect(total(query)).toBeLessThanOrEqual(4 * (QUEUE_PAGE_SIZE + 1));
      }
    });

    test("the count reads at most the cap's rows of each table, however long the queue", async () => {
      const centreId = trustedCentreId(centre.id);
      expect(backlog.centreWaiting).toBeGreaterThan(10 * COUNT_CAP);
      const [reads] = await readsOf(() => markingQueueCount(centreId, null), plan);
      for (const rows of Object.values(reads ?? {})) expect(rows).toBeLessThanOrEqual(COUNT_CAP);
      expect(total(reads ?? {})).toBeLessThanOrEqual(3 * COUNT_CAP);
      expect(await markingQueueCount(centreId, null)).toBe(COUNT_CAP);
    });
  },
);

describe("the head tutor's queue as work comes and goes", () => {
  test("work of withdrawn homework is left out of the page and the count", async () => {
    const solo = await createCentre({ label: "queue-withdrawn" });
    const small = await markingBacklog(solo, {
      otherTutors: 1,
      students: 3,
      homework: 2,
      ownStudents: 3,
      ownHomework: 2,
    });
    const centreId = trustedCentreId(solo.id);
    const before = await markingQueuePage(db, centreId, null, {});
    expect(before.rows.length).toBe(small.centreWaiting);
    await sql`update homework set status = 'withdrawn' where id = ${small.ownHomeworkIds[0]}::uuid`.execute(db);
    const after = await markingQueuePage(db, centreId, null, {});
    expect(after.rows.length).toBe(small.centreWaiting - 3);
    expect(await markingQueueCount(centreId, null)).toBe(small.centreWaiting - 3);
  });
});

describe("the queue's entries follow the work", () => {
  async function entriesOf(submissionId: string): Promise<string[]> {
    const rows = await sql<{ tutor_id: string }>`
      select tutor_id from marking_queue_entries where submission_id = ${submissionId}::uuid order by tutor_id`.execute(
      db,
    );
    return rows.rows.map((row) => row.tutor_id);
  }

  async function oneOwnSubmission(): Promise<string> {
    const row = await sql<{ id: string }>`
      select id from submissions where homework_id = ${backlog.ownHomeworkIds[4]}::uuid and status = 'submitted' limit 1`.execute(
      db,
    );
    return row.rows[0]?.id as string;
  }

  test("marked or returned work leaves the queue; handed in again, it comes back", async () => {
    const id = await oneOwnSubmission();
    expect(await entriesOf(id)).toEqual([centre.people.tutor.id]);
    await sql`update submissions set status = 'marked', marked_at = now() where id = ${id}::uuid`.execute(db);
    expect(await entriesOf(id)).toEqual([]);
    await sql`update submissions set status = 'submitted', submitted_at = now() where id = ${id}::uuid`.execute(db);
    expect(await entriesOf(id)).toEqual([centre.people.tutor.id]);
  });

  test("withdrawn homework leaves the queue, and comes back when restored", async () => {
    const id = await oneOwnSubmission();
    const homeworkId = backlog.ownHomeworkIds[4] as string;
    await sql`update homework set status = 'withdrawn' where id = ${homeworkId}::uuid`.execute(db);
    expect(await entriesOf(id)).toEqual([]);
    await sql`update homework set status = 'active' where id = ${homeworkId}::uuid`.execute(db);
    expect(await entriesOf(id)).toEqual([centre.people.tutor.id]);
  });

  test("a class given to another tutor moves its work; whoever set it keeps it; archived, the class's tutor loses it", async () => {
    const id = await oneOwnSubmission();
    const other = await addPerson(centre, "tutor", { name: "Cover tutor" });
    await sql`update classes set tutor_id = ${other.id}::uuid where id = ${backlog.ownClassId}::uuid`.execute(db);
    expect(await entriesOf(id)).toEqual([centre.people.tutor.id, other.id].sort());
    await sql`update classes set status = 'archived' where id = ${backlog.ownClassId}::uuid`.execute(db);
    expect(await entriesOf(id)).toEqual([centre.people.tutor.id]);
    await sql`update classes set status = 'active', tutor_id = ${centre.people.tutor.id}::uuid where id = ${backlog.ownClassId}::uuid`.execute(
      db,
    );
    expect(await entriesOf(id)).toEqual([centre.people.tutor.id]);
  });
});

describe("the queue pages by keyset", () => {
  test("next and previous walk the whole queue once, oldest first, without JavaScript and with htmx", async () => {
    const pages: string[][] = [];
    let html = await page(tutor, "/marking");
    expect(link(html, "prev")).toBeNull();
    for (;;) {
      pages.push(ids(html));
      const next = link(html, "next");
      if (!next) break;
      expect(next).toStartWith("/marking?after=");
      html = await page(tutor, next);
    }
    const seen = pages.flat();
    expect(pages.length).toBe(Math.ceil(backlog.ownWaiting / QUEUE_PAGE_SIZE));
    expect(seen.length).toBe(backlog.ownWaiting);
    expect(new Set(seen).size).toBe(seen.length);

    const previous = link(html, "prev") as string;
    expect(previous).toStartWith("/marking?before=");
    const back = await page(tutor, previous);
    expect(ids(back)).toEqual(pages.at(-2) as string[]);
    expect(link(back, "next")).not.toBeNull();

    const boosted = await send(app, "GET", previous, tutor, { headers: { "HX-Request": "true" } });
    expect(boosted.status).toBe(200);
    expect(ids(await boosted.text())).toEqual(ids(back));
  });

  test("a page link stays put when work is handed in or marked before it", async () => {
    const first = await page(tutor, "/marking");
    const next = link(first, "next") as string;
    const expected = ids(await page(tutor, next));
    // Older work handed in now, and the first row marked: neither shifts the next page.
    const homeworkId = backlog.ownHomeworkIds[0] as string;
    const student = await addPerson(centre, "student", { name: "Late joiner" });
    await sql`
      insert into submissions (centre_id, homework_id, student_id, status, submitted_at, max_score)
      values (${centre.id}::uuid, ${homeworkId}::uuid, ${student.id}::uuid, 'submitted', now() - interval '30 days', 10)`.execute(
      db,
    );
    await sql`update submissions set status = 'marked', marked_at = now() where id = ${ids(first)[0]}::uuid`.execute(
      db,
    );
    expect(ids(await page(tutor, next))).toEqual(expected);
    expect(ids(await page(tutor, "/marking"))[0]).not.toBe(ids(first)[0]);
  });

  test("the head tutor pages the whole centre", async () => {
    const html = await page(head, "/marking");
    expect(ids(html).length).toBe(QUEUE_PAGE_SIZE);
    expect(html).toContain(`More than ${COUNT_CAP - 1} waiting`);
    expect(ids(await page(head, link(html, "next") as string)).length).toBe(QUEUE_PAGE_SIZE);
  });

  test("a damaged or forged page link is a 400 with a message, never a 500", async () => {
    const forged = [
      "not-a-cursor",
      "%%%",
      encodeKey(["1"]),
      encodeKey(["yesterday", "00000000-0000-0000-0000-000000000000"]),
      encodeKey(["1700000000000000", "not-a-uuid"]),
      Buffer.from("{not json").toString("base64url"),
      "A".repeat(5000),
    ];
    for (const token of forged) {
      for (const direction of ["after", "before"]) {
        const response = await send(app, "GET", `/marking?${new URLSearchParams({ [direction]: token })}`, tutor);
        expect(response.status).toBe(400);
        expect(await response.text()).toContain("That page link is out of date or damaged");
      }
    }
    const both = `/marking?after=${encodeKey(["1", "00000000-0000-0000-0000-000000000000"])}&before=x`;
    expect((await send(app, "GET", both, tutor)).status).toBe(400);
  });

  test("a link past the end shows an empty page that leads back to the start", async () => {
    const beyond = encodeKey(["4102444800000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"]);
    const html = await page(tutor, `/marking?after=${beyond}`);
    expect(ids(html)).toEqual([]);
    expect(html).toContain('href="/marking" rel="first"');
  });
});
