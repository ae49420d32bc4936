import { beforeAll, describe, expect, test } from "bun:test";
import { type Kysely, sql } from "kysely";
import { type Centre, createCentre } from "../../../tests/support/fixtures";
import { type CentreId, selectFromTenant, updateTenant } from "../tenancy";
import { db } from ".";
import { PreparedStatementError, prepared } from "./prepared";
import type { Database } from "./schema";

/**
 * A prepared statement sends the SQL the builder would have written and gets the same rows, for
 * each set of values; what would make the SQL depend on a value is refused when it is compiled.
 */
let first: Centre;
let second: Centre;

beforeAll(async () => {
  [first, second] = await Promise.all([createCentre({ label: "prepared-a" }), createCentre({ label: "prepared-b" })]);
});

interface PeopleValues extends Record<string, unknown> {
  centreId: CentreId;
  roles: string[];
  name: string | null;
  limit: number;
}

const peopleBuilder = (executor: Kysely<Database>, values: PeopleValues) =>
  selectFromTenant(executor, "users", values.centreId)
    .select(["users.id", "users.name", "users.role"])
    .where(sql<boolean>`users.role = any(${values.roles}::text[])`)
    .where((eb) => eb.or([eb("users.name", "=", values.name), sql<boolean>`${values.name}::text is null`]))
    .where("users.status", "=", "active")
    .orderBy("users.name")
    .orderBy("users.id")
    .limit(values.limit);
const people = prepared(peopleBuilder);

const cases = (): PeopleValues[] => [
  { centreId: first.id, roles: ["tutor", "student"], name: null, limit: 10 },
  { centreId: second.id, roles: ["tutor", "student"], name: null, limit: 10 },
  { centreId: first.id, roles: [], name: null, limit: 10 },
  { centreId: first.id, roles: ["parent", "admin", "head_tutor", "tutor", "student"], name: null, limit: 2 },
  { centreId: first.id, roles: ["student"], name: first.people.student.name, limit: 5 },
  { centreId: second.id, roles: ["student"], name: first.people.student.name, limit: 5 },
];

describe("prepared statements", () => {
  test("send the builder's SQL and parameters and read the same rows, for each set of values", async () => {
    for (const values of cases()) {
      const built = peopleBuilder(db, values).compile();
      const ours = people.compiled(db, values);
      expect(ours.sql).toBe(built.sql);
      expect(ours.parameters).toEqual(built.parameters);
      const rows = await people.all(db, values);
      expect(rows).toEqual(await peopleBuilder(db, values).execute());
      expect(await people.first(db, values)).toEqual(await peopleBuilder(db, values).executeTakeFirst());
    }
    const everyRole = await people.all(db, cases()[3] as PeopleValues);
    expect(everyRole.length).toBe(2);
    const named = await people.all(db, cases()[4] as PeopleValues);
    expect(named.map((row) => row.id)).toEqual([first.people.student.id]);
    expect(await people.all(db, cases()[5] as PeopleValues)).toEqual([]);
  });

  test("an update runs in a transaction with its values and counts the rows it changed", async () => {
    const rename = prepared((executor, p: { centreId: CentreId; id: string; name: string }) =>
      updateTenant(executor, "users", p.centreId).set({ name: p.name }).where("users.id", "=", p.id),
    );
    const renameReturning = prepared((executor, p: { centreId: CentreId; id: string; name: string }) =>
      updateTenant(executor, "users", p.centreId)
        .set({ name: p.name, updated_at: sql`now()` })
        .where("users.id", "=", p.id)
        .returning(["users.id", "users.name"]),
    );
    const tutor = first.people.tutor;
    const rolledBack = new Error("rolled back");
    await expect(
      db.transaction().execute(async (trx) => {
        expect(await rename.affected(trx, { centreId: first.id, id: tutor.id, name: "Renamed once" })).toBe(1n);
        // Another centre's id changes nothing: the tenancy condition is a parameter like the rest.
        expect(await rename.affected(trx, { centreId: second.id, id: tutor.id, name: "Not here" })).toBe(0n);
        const returned = await renameReturning.all(trx, { centreId: first.id, id: tutor.id, name: "Renamed twice" });
        expect(returned).toEqual([{ id: tutor.id, name: "Renamed twice" }]);
        const seen = await trx.selectFrom("users").select("name").where("id", "=", tutor.id).executeTakeFirstOrThrow();
        expect(seen.name).toBe("Renamed twice");
        throw rolledBack;
      }),
    ).rejects.toBe(rolledBack);
    const kept = await db.selectFrom("users").select("name").where("id", "=", tutor.id).executeTakeFirstOrThrow();
    expect(kept.name).toBe(tutor.name);
  });

  test("a value used twice is one name in two places", async () => {
    const twice = prepared((executor, p: { centreId: CentreId }) =>
      selectFromTenant(executor, "users", p.centreId)
        .select("users.id")
        .where(sql<boolean>`users.centre_id = ${p.centreId}`),
    );
    const ours = twice.compiled(db, { centreId: second.id });
    expect(ours.parameters).toEqual([second.id, second.id]);
    expect((await twice.all(db, { centreId: second.id })).length).toBeGreaterThan(0);
  });

  describe("refuses, when compiled, what would make the SQL depend on a value", () => {
    const refusal = (build: (executor: Kysely<Database>, p: Record<string, unknown>) => { compile(): unknown }) => () =>
      prepared<Record<string, unknown>, unknown>(build as never).compiled(db, {
        centreId: first.id,
        ids: [],
        n: 1,
        flag: true,
      });

    test("an `in` list (its length would shape the SQL)", () => {
      expect(
        refusal((executor, p) =>
          executor
            .selectFrom("users")
            .select("id")
            .where("id", "in", p.ids as never),
        ),
      ).toThrow(/"ids" is an `in` list/);
      expect(
        refusal((executor, p) =>
          executor
            .selectFrom("users")
            .select("id")
            .where("id", "not in", p.ids as never),
        ),
      ).toThrow(/"ids" is an `not in` list/);
    });

    test("computing with a value or reading it", () => {
      expect(
        refusal((executor, p) =>
          executor
            .selectFrom("users")
            .select("id")
            .offset((p.n as number) - 1),
        ),
      ).toThrow(PreparedStatementError);
      expect(refusal((executor, p) => executor.selectFrom("users").select("id").where("name", "=", `${p.n}`))).toThrow(
        /"n" was computed with/,
      );
      expect(
        refusal((executor, p) =>
          (p.flag as { on: boolean }).on
            ? executor.selectFrom("users").select("id")
            : executor.selectFrom("users").select("name"),
        ),
      ).toThrow(/"flag" was read \(\.on\)/);
    });

    test("a value inlined, inside another value, or not sent at all", () => {
      expect(refusal((executor, p) => executor.selectFrom("users").select(sql.lit(p.n as number).as("n")))).toThrow();
      expect(
        refusal((executor, p) =>
          executor
            .selectFrom("users")
            .select("id")
            .where(sql<boolean>`id = any(${[p.n, 2]})`),
        ),
      ).toThrow(/inside another value/);
      expect(
        refusal((executor, p) => {
          void p.n;
          return executor.selectFrom("users").select("id");
        }),
      ).toThrow(/"n" is not a parameter/);
    });
  });
});
