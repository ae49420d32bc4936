import {
  type DeleteQueryBuilder,
  type DeleteResult,
  type JoinBuilder,
  type Kysely,
  type SelectQueryBuilder,
  sql,
  type UpdateQueryBuilder,
  type UpdateResult,
} from "kysely";
import type { Database } from "./db/schema";

/**
 * Tenancy by construction. A CentreId is minted only from the session (by the guard) or by
 * platform-admin code that names the centre on purpose; tenant tables are read and changed only
 * through these helpers, which always filter on centre_id. A test scans the modules for direct
 * selectFrom/updateTable/deleteFrom on tenant tables.
 */
declare const centreIdBrand: unique symbol;
export type CentreId = string & { readonly [centreIdBrand]: true };

/** Only for ids that come from a trusted source: the session, or a platform admin's explicit choice. */
export function trustedCentreId(id: string): CentreId {
  return id as CentreId;
}

/** Every table that belongs to a centre (it has a centre_id column). */
export type TenantTable = {
  [Table in keyof Database]: "centre_id" extends keyof Database[Table] ? Table : never;
}[keyof Database];

// Kysely cannot type a query over a generic table name, so the query is built over one stand-in
// table and given the precise type callers see.
type AnyDb = Kysely<{ tenant: { centre_id: string } }>;
const standIn = (table: string) => table as "tenant";

export function selectFromTenant<Table extends TenantTable>(
  db: Kysely<Database>,
  table: Table,
  centreId: CentreId,
): SelectQueryBuilder<Database, Table, {}> {
  const query = (db as unknown as AnyDb).selectFrom(standIn(table)).where(sql.ref(`${table}.centre_id`), "=", centreId);
  return query as unknown as SelectQueryBuilder<Database, Table, {}>;
}

export function updateTenant<Table extends TenantTable>(
  db: Kysely<Database>,
  table: Table,
  centreId: CentreId,
): UpdateQueryBuilder<Database, Table, Table, UpdateResult> {
  const query = (db as unknown as AnyDb)
    .updateTable(standIn(table))
    .where(sql.ref(`${table}.centre_id`), "=", centreId);
  return query as unknown as UpdateQueryBuilder<Database, Table, Table, UpdateResult>;
}

export function deleteFromTenant<Table extends TenantTable>(
  db: Kysely<Database>,
  table: Table,
  centreId: CentreId,
): DeleteQueryBuilder<Database, Table, DeleteResult> {
  const query = (db as unknown as AnyDb).deleteFrom(standIn(table)).where(sql.ref(`${table}.centre_id`), "=", centreId);
  return query as unknown as DeleteQueryBuilder<Database, Table, DeleteResult>;
}

// A table (or its alias in the query) and a column.
type ColumnRef = `${string}.${string}`;
const centreColumnOf = (ref: ColumnRef) => `${ref.slice(0, ref.indexOf("."))}.centre_id`;

/**
 * The join condition for two tenant tables: the key columns match and so do their centres, so a
 * join can never pair rows of two centres (`.innerJoin("homework", tenantJoin("homework.id",
 * "submissions.homework_id"))`).
 */
export function tenantJoin(joined: ColumnRef, on: ColumnRef) {
  // biome-ignore lint/suspicious/noExplicitAny: Kysely types join callbacks per query; the refs are checked by shape.
  return (join: JoinBuilder<any, any>) =>
    join.onRef(joined, "=", on).onRef(centreColumnOf(joined), "=", centreColumnOf(on));
}
