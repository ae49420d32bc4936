import type { FieldRef } from "./field";

/**
 * A column holding encryptField ciphertexts. Key rotation re-encrypts exactly the columns
 * listed here, so every encrypted column must be listed, or removing an old key would leave
 * its values unreadable. A test checks that every `*_encrypted` column in the database is here.
 */
export interface EncryptedColumn {
  table: string;
  /** The database column that stores the ciphertext. */
  column: string;
  /** The row's primary key column; its value is part of the associated data. */
  idColumn: string;
  /** The column name used in the associated data (FieldRef.column). */
  field: string;
}

export const USERS_EMAIL: EncryptedColumn = {
  table: "users",
  column: "email_encrypted",
  idColumn: "id",
  field: "email",
};
export const USERS_PHONE: EncryptedColumn = {
  table: "users",
  column: "phone_encrypted",
  idColumn: "id",
  field: "phone",
};
export const USERS_DATE_OF_BIRTH: EncryptedColumn = {
  table: "users",
  column: "date_of_birth_encrypted",
  idColumn: "id",
  field: "date_of_birth",
};

/** A queued email's parameters (a one-time link, a name), until it is sent. */
export const MAIL_PARAMS: EncryptedColumn = {
  table: "mail_messages",
  column: "params_encrypted",
  idColumn: "id",
  field: "params",
};

export const ENCRYPTED_COLUMNS: readonly EncryptedColumn[] = [
  USERS_EMAIL,
  USERS_PHONE,
  USERS_DATE_OF_BIRTH,
  MAIL_PARAMS,
];

/** The FieldRef (associated data) of one row's value in a registered column. */
export function fieldOf(column: EncryptedColumn, rowId: string): FieldRef {
  return { table: column.table, column: column.field, rowId };
}
