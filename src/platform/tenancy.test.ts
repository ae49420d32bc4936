import { describe, expect, test } from "bun:test";
import { db } from "./db";
import { selectFromTenant, tenantJoin, trustedCentreId } from "./tenancy";

describe("tenant joins", () => {
  test("join on the key and on the centre, so rows of two centres never pair", () => {
    const query = selectFromTenant(db, "submissions", trustedCentreId("00000000-0000-0000-0000-000000000001"))
      .innerJoin("homework", tenantJoin("homework.id", "submissions.homework_id"))
      .select("homework.title")
      .compile();
    expect(query.sql).toContain(
      'inner join "homework" on "homework"."id" = "submissions"."homework_id" and "homework"."centre_id" = "submissions"."centre_id"',
    );
    expect(query.sql).toContain('where "submissions"."centre_id" = $1');
  });
});
