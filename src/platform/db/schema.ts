import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

/** Timestamps are written by the database and read back as Dates. */
type CreatedAt = ColumnType<Date, never, never>;
type UpdatedAt = ColumnType<Date, never, Date>;

export const ROLES = [
  "platform_admin",
  "centre_owner",
  "centre_admin",
  "head_tutor",
  "tutor",
  "parent",
  "student",
] as const;
export type Role = (typeof ROLES)[number];

export type UserStatus = "active" | "disabled";

export interface CentresTable {
  id: Generated<string>;
  slug: string;
  name: string;
  timezone: string;
  feature_flags: ColumnType<Record<string, boolean>, Record<string, boolean> | undefined, Record<string, boolean>>;
  settings: ColumnType<Record<string, unknown>, Record<string, unknown> | undefined, Record<string, unknown>>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  /** Null only for platform_admin, who belongs to no centre. */
  centre_id: string | null;
  role: Role;
  name: string;
  email: string | null;
  password_hash: string | null;
  student_code: string | null;
  pin_hash: string | null;
  status: Generated<UserStatus>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface Database {
  centres: CentresTable;
  users: UsersTable;
}

export type Centre = Selectable<CentresTable>;
export type NewCentre = Insertable<CentresTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
