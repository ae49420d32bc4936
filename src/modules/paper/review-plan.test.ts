import { beforeAll, describe, expect, test } from "bun:test";
import { type CompiledQuery, sql } from "kysely";
import { actorFor, type Centre, createCentre, paperWorksheet } from "../../../tests/support/fixtures";
import { analyzeAsOwner } from "../../../tests/support/owner-db";
import { db } from "../../platform/db";
import { listenToQueries } from "../../platform/db/instrumented-dialect";
import { rowsReadBy } from "../../platform/db/rows-read";
import { assignableSubmissions } from "./homework-link";

/**
 * The review page offers the latest worksheets in the reviewer's scope (issue 17: /paper/review
 * grew 1.39× from 400 to 4,000 students). It found them by walking every homework of the centre
 * newest first, filtering for worksheets: a centre with much homework and few worksheets read it
 * all. Through the centre's active worksheets alone (homework_centre_worksheet_due_idx, 0031) it
 * reads about the worksheets it offers, however much other homework there is.
 */
let centre: Centre;
let worksheetId: string;

beforeAll(async () => {
  centre = await createCentre({ label: "review-plan" });
  worksheetId = (await paperWorksheet(centre, "review-plan")).homeworkId;
  // 3,000 pieces of ordinary homework, all due later than the worksheet (a newest-first walk meets them first).
  await sql`insert into homework (centre_id, title, kind, set_by, due_at)
    select ${centre.id}::uuid, 'Exercises ' || n, 'exercises', ${centre.people.tutor.id}::uuid, now() + interval '30 days' + n * interval '1 hour'
    from generate_series(1, 3000) n`.execute(db);
  await analyzeAsOwner("homework");
});

describe("the review page's worksheets", () => {
  test.each(["tutor", "head_tutor"] as const)(
    "as a %s: read through the centre's worksheets, not all its homework",
    async (role) => {
      const actor = await actorFor(centre.people[role]);
      const queries: CompiledQuery[] = [];
      const stop = listenToQueries((event) => {
        if (/\bfrom "homework"/i.test(event.query.sql) && /'worksheet'/.test(event.query.sql))
          queries.push(event.query);
      });
      let offered: Awaited<ReturnType<typeof assignableSubmissions>> = [];
      try {
        offered = await assignableSubmissions(actor);
      } finally {
        stop();
      }
      expect(new Set(offered.map((row) => row.homeworkId))).toEqual(new Set([worksheetId]));
      expect(queries.length).toBe(1);
      const query = queries[0] as CompiledQuery;
      // Under the plan made for these values and under the one made without them, which a web
      // process's prepared statement may keep: the worksheet and its submissions' rows, not 3,000.
      for (const plan of ["custom", "generic"] as const) {
        const read = await rowsReadBy(db, query, plan);
        expect(read.homework ?? 0).toBeGreaterThan(0);
        expect(read.homework ?? 0).toBeLessThanOrEqual(20);
      }
    },
  );
});
