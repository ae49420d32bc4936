/** PostgreSQL's SQLSTATE of a failed query, when the error carries one. */
function sqlState(error: unknown): string | undefined {
  return typeof error === "object" && error !== null ? (error as { code?: string }).code : undefined;
}

/** A unique constraint refused the row (e.g. a student code or email already in use). */
export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === "23505";
}

/** A foreign key refused the change (e.g. deleting something still referenced). */
export function isForeignKeyViolation(error: unknown): boolean {
  return sqlState(error) === "23503";
}
