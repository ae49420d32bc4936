import { type RawBuilder, sql } from "kysely";

/**
 * A fixed value a partial index's condition names (`where status = 'submitted'`), written into the
 * statement instead of sent as a parameter. postgres.js prepares every statement, and after five
 * runs PostgreSQL may keep one generic plan, made without the parameters' values: such a plan can
 * use a partial index only when the statement states the index's condition itself. Sent as `$2`,
 * the head tutor's marking count read every submission of the centre (800,000 rows at 4,000
 * students) once the generic plan was kept (issue 17). Only for the code's own constants, never
 * for input: the value is not escaped as a parameter would be, only quoted.
 */
export function indexedValue<T extends string>(value: T): RawBuilder<T> {
  return sql.lit(value);
}

/** The same for an IN list: `status in ('not_started', 'in_progress', 'returned')`. */
export function indexedValues<T extends string>(values: readonly T[]): RawBuilder<T>[] {
  return values.map((value) => sql.lit(value));
}
