import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { sql } from "kysely";
import { ownerDb } from "../../../tests/support/owner-db";
import { db } from "../db";
import { DecryptionError, decryptField, encryptField } from "./field";
import { parseKeyRing } from "./keys";
import { ENCRYPTED_COLUMNS, type EncryptedColumn, fieldOf } from "./registry";
import { rotateEncryptedColumns } from "./rotate";

const OLD = `old:${Buffer.alloc(32, 7).toString("base64")}`;
const NEW = `new:${Buffer.alloc(32, 9).toString("base64")}`;
const oldRing = parseKeyRing(OLD);
const rotationRing = parseKeyRing(`${NEW},${OLD}`);
const newRing = parseKeyRing(NEW);

// A table of its own, so rotating it cannot disturb other tests' encrypted values.
const probe: EncryptedColumn = {
  table: `rotation_probe_${process.pid}`,
  column: "secret_sealed",
  idColumn: "id",
  field: "secret",
};

async function sealedValues(): Promise<Map<string, string | null>> {
  const { rows } = await sql<{ id: string; value: string | null }>`
    select id::text as id, secret_sealed as value from ${sql.table(probe.table)} order by id`.execute(db);
  return new Map(rows.map((row) => [row.id, row.value]));
}

// The app role cannot create tables: the owner does, and its default privileges let the app write rows.
const owner = ownerDb();

beforeAll(async () => {
  await sql`create table ${sql.table(probe.table)} (id uuid primary key, secret_sealed text)`.execute(owner);
  for (let i = 0; i < 7; i++) {
    const id = crypto.randomUUID();
    const sealed = encryptField(`secret ${i}`, fieldOf(probe, id), oldRing);
    await sql`insert into ${sql.table(probe.table)} values (${id}, ${sealed})`.execute(db);
  }
  await sql`insert into ${sql.table(probe.table)} values (${crypto.randomUUID()}, null)`.execute(db);
});

afterAll(async () => {
  await sql`drop table if exists ${sql.table(probe.table)}`.execute(owner);
  await owner.destroy();
});

describe("rotateEncryptedColumns", () => {
  test("resumes after an interruption, then leaves nothing under the old key", async () => {
    const interrupted = rotateEncryptedColumns(db, {
      ring: rotationRing,
      columns: [probe],
      batchSize: 3,
      onBatch: () => {
        throw new Error("interrupted");
      },
    });
    await expect(interrupted).rejects.toThrow("interrupted");
    const halfway = [...(await sealedValues()).values()].filter((value) => value?.startsWith("v1:new:"));
    expect(halfway).toHaveLength(3);

    const [result] = await rotateEncryptedColumns(db, { ring: rotationRing, columns: [probe], batchSize: 3 });
    expect(result).toMatchObject({ rotated: 4, failedCount: 0, remainingByKey: { new: 7 } });
  });

  test("is idempotent: a second run re-encrypts nothing", async () => {
    const before = await sealedValues();
    const [result] = await rotateEncryptedColumns(db, { ring: rotationRing, columns: [probe] });
    expect(result).toMatchObject({ rotated: 0, remainingByKey: { new: 7 } });
    expect(await sealedValues()).toEqual(before);
  });

  test("afterwards the old key can be dropped: the new key alone decrypts every value", async () => {
    const values = [...(await sealedValues()).entries()].filter(([, value]) => value !== null);
    const plaintexts = values.map(([id, value]) => decryptField(value!, fieldOf(probe, id), newRing));
    expect(plaintexts.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `secret ${i}`));
    const [id, value] = values[0]!;
    expect(() => decryptField(value!, fieldOf(probe, id), oldRing)).toThrow(DecryptionError);
  });

  test("reports values no key can decrypt and rotates the rest", async () => {
    const brokenId = crypto.randomUUID();
    const goodId = crypto.randomUUID();
    const good = encryptField("still fine", fieldOf(probe, goodId), oldRing);
    // Sealed for another row, so its associated data does not match this one.
    const misplaced = encryptField("moved", fieldOf(probe, goodId), oldRing);
    await sql`insert into ${sql.table(probe.table)} values (${brokenId}, ${misplaced}), (${goodId}, ${good})`.execute(
      db,
    );
    const [result] = await rotateEncryptedColumns(db, { ring: rotationRing, columns: [probe] });
    expect(result).toMatchObject({
      rotated: 1,
      failedCount: 1,
      failed: [brokenId],
      remainingByKey: { new: 8, old: 1 },
    });
  });
});

describe("the registry of encrypted columns", () => {
  test("lists every *_encrypted column in the database, and each listed column exists", async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and column_name like '%\\_encrypted'`.execute(db);
    const inDatabase = rows.map((row) => `${row.table_name}.${row.column_name}`).sort();
    const registered = ENCRYPTED_COLUMNS.map((column) => `${column.table}.${column.column}`).sort();
    expect(registered).toEqual(inDatabase);
    const [result] = await rotateEncryptedColumns(db, { columns: ENCRYPTED_COLUMNS.slice(0, 1) });
    expect(result!.failedCount).toBe(0);
  });
});
