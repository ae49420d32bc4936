import { type Kysely, sql } from "kysely";
import type { Database } from "../db";
import { decryptField, encryptField } from "./field";
import { defaultKeyRing, type KeyRing } from "./keys";
import { ENCRYPTED_COLUMNS, type EncryptedColumn, fieldOf } from "./registry";

export interface RotationOptions {
  ring?: KeyRing;
  columns?: readonly EncryptedColumn[];
  batchSize?: number;
  onBatch?: (column: EncryptedColumn, rotated: number) => void;
}

export interface ColumnRotation {
  table: string;
  column: string;
  rotated: number;
  /** Rows whose value changed between our read and our write; they were written under the current key already. */
  changedMeanwhile: number;
  /** Row ids whose value could not be decrypted with any key in the ring (at most 20 listed). */
  failed: string[];
  failedCount: number;
  /** How many values each key id still protects, after the run. */
  remainingByKey: Record<string, number>;
}

interface Sealed {
  id: string;
  value: string;
}

/**
 * Re-encrypts every registered column under the ring's current key, in batches. Values already
 * under the current key are skipped, so a run can be repeated or resumed after an interruption,
 * and each batch commits on its own. Writes only where the value is still the one it read.
 */
export async function rotateEncryptedColumns(db: Kysely<Database>, options: RotationOptions = {}) {
  const ring = options.ring ?? defaultKeyRing();
  const results: ColumnRotation[] = [];
  for (const column of options.columns ?? ENCRYPTED_COLUMNS) {
    results.push(await rotateColumn(db, column, ring, options));
  }
  return results;
}

async function rotateColumn(db: Kysely<Database>, column: EncryptedColumn, ring: KeyRing, options: RotationOptions) {
  const idType = await idColumnType(db, column);
  const result: ColumnRotation = {
    table: column.table,
    column: column.column,
    rotated: 0,
    changedMeanwhile: 0,
    failed: [],
    failedCount: 0,
    remainingByKey: {},
  };
  let after: string | null = null;
  for (;;) {
    const batch = await staleBatch(db, column, ring, idType, after, options.batchSize ?? 500);
    if (batch.length === 0) break;
    after = batch.at(-1)!.id;
    const resealed = reseal(batch, column, ring, result);
    const written = resealed.length ? await writeBatch(db, column, idType, resealed) : 0;
    result.rotated += written;
    result.changedMeanwhile += resealed.length - written;
    options.onBatch?.(column, written);
  }
  result.remainingByKey = await valuesByKey(db, column);
  return result;
}

/** The id column's SQL type from the catalog, so batch updates compare ids natively (and use the index). */
async function idColumnType(db: Kysely<Database>, column: EncryptedColumn): Promise<string> {
  const { rows } = await sql<{ type: string | null }>`
    select format_type(atttypid, atttypmod) as type from pg_attribute
    where attrelid = to_regclass(${column.table}) and attname = ${column.idColumn} and not attisdropped`.execute(db);
  const type = rows[0]?.type;
  if (!type || !/^[a-z][a-z0-9 ]*$/.test(type)) {
    throw new Error(`Registered encrypted column ${column.table}.${column.column}: no id column ${column.idColumn}`);
  }
  return type;
}

async function staleBatch(
  db: Kysely<Database>,
  column: EncryptedColumn,
  ring: KeyRing,
  idType: string,
  after: string | null,
  limit: number,
): Promise<Sealed[]> {
  const id = sql.ref(column.idColumn);
  const value = sql.ref(column.column);
  const currentPrefix = `v1:${ring.current.id}:`;
  const resume = after === null ? sql`true` : sql`${id} > cast(${after} as ${sql.raw(idType)})`;
  const { rows } = await sql<Sealed>`
    select ${id}::text as id, ${value} as value from ${sql.table(column.table)}
    where ${value} is not null and left(${value}, ${currentPrefix.length}) <> ${currentPrefix} and ${resume}
    order by ${id} limit ${limit}`.execute(db);
  return rows;
}

interface Resealed {
  id: string;
  old: string;
  next: string;
}

function reseal(batch: Sealed[], column: EncryptedColumn, ring: KeyRing, result: ColumnRotation): Resealed[] {
  const resealed: Resealed[] = [];
  for (const row of batch) {
    try {
      const field = fieldOf(column, row.id);
      resealed.push({
        id: row.id,
        old: row.value,
        next: encryptField(decryptField(row.value, field, ring), field, ring),
      });
    } catch {
      result.failedCount += 1;
      if (result.failed.length < 20) result.failed.push(row.id);
    }
  }
  return resealed;
}

async function writeBatch(db: Kysely<Database>, column: EncryptedColumn, idType: string, rows: Resealed[]) {
  const values = sql.join(rows.map((row) => sql`(cast(${row.id} as ${sql.raw(idType)}), ${row.old}, ${row.next})`));
  const result = await sql`
    update ${sql.table(column.table)} as t set ${sql.ref(column.column)} = v.next
    from (values ${values}) as v(id, old, next)
    where ${sql.ref(`t.${column.idColumn}`)} = v.id and ${sql.ref(`t.${column.column}`)} = v.old`.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

async function valuesByKey(db: Kysely<Database>, column: EncryptedColumn): Promise<Record<string, number>> {
  const value = sql.ref(column.column);
  const { rows } = await sql<{ key_id: string; count: number }>`
    select split_part(${value}, ':', 2) as key_id, count(*)::int as count from ${sql.table(column.table)}
    where ${value} is not null group by 1 order by 1`.execute(db);
  return Object.fromEntries(rows.map((row) => [row.key_id, row.count]));
}
