import { type Kysely, sql } from "kysely";
import { cappedCount, type KeyPart, type KeysetPage, keysetPage, type PageAt } from "../../platform/db/keyset";
import { escapeLike } from "../../platform/db/like";
import type { Database, Role, UserStatus } from "../../platform/db/schema";
import { type CentreId, selectFromTenant } from "../../platform/tenancy";

export interface SignInCandidate {
  id: string;
  centreId: string | null;
  role: Role;
  name: string;
  /** Their own language, or null to follow the centre's. */
  locale: string | null;
  secretHash: string | null;
  status: UserStatus;
  dateOfBirthSealed: string | null;
}

const candidateColumns = [
  "id",
  "centre_id as centreId",
  "role",
  "name",
  "locale",
  "status",
  "date_of_birth_encrypted as dateOfBirthSealed",
] as const;

/** Staff and parents sign in by email within their centre; the platform admin outside any centre. */
export function userForEmailSignIn(
  db: Kysely<Database>,
  centreId: CentreId | null,
  emailLookup: string,
): Promise<SignInCandidate | undefined> {
  const query = centreId
    ? selectFromTenant(db, "users", centreId)
    : db.selectFrom("users").where("centre_id", "is", null); // platform-wide: the platform admin has no centre
  return query
    .where("email_lookup", "=", emailLookup)
    .where("role", "<>", "student")
    .select([...candidateColumns, "password_hash as secretHash"])
    .executeTakeFirst();
}

export function studentForSignIn(
  db: Kysely<Database>,
  centreId: CentreId,
  studentCode: string,
): Promise<SignInCandidate | undefined> {
  return selectFromTenant(db, "users", centreId)
    .where("student_code", "=", studentCode)
    .where("role", "=", "student")
    .select([...candidateColumns, "pin_hash as secretHash"])
    .executeTakeFirst();
}

export interface PeopleFilters {
  q?: string;
  role?: Role;
  status?: UserStatus;
  emailLookup?: string;
}

export interface PersonRow {
  id: string;
  name: string;
  role: Role;
  status: UserStatus;
  studentCode: string | null;
  emailSealed: string | null;
  lastSignInAt: Date | null;
}

export const PEOPLE_PAGE_SIZE = 25;
/** The list says "more than 999 people" beyond this: counting stays bounded in a large centre. */
export const PEOPLE_COUNT_CAP = 1000;
const PEOPLE_KEY: KeyPart[] = [
  { column: "name", kind: "text" },
  { column: "id", kind: "uuid" },
];

export interface PeoplePage extends KeysetPage<PersonRow> {
  /** Counted up to PEOPLE_COUNT_CAP. */
  total: number;
}

/**
 * The people list: search by name, student code or exact email; by name then id, a page after or
 * before a row of another (users_centre_name_idx), so a deep page costs what the first does.
 */
export async function peoplePage(
  db: Kysely<Database>,
  centreId: CentreId,
  filters: PeopleFilters,
  at: PageAt,
): Promise<PeoplePage> {
  let query = selectFromTenant(db, "users", centreId);
  if (filters.role) query = query.where("role", "=", filters.role);
  if (filters.status) query = query.where("status", "=", filters.status);
  if (filters.q) {
    const pattern = `%${escapeLike(filters.q)}%`;
    const q = filters.q;
    const lookup = filters.emailLookup;
    query = query.where((eb) =>
      eb.or([
        eb("name", "ilike", pattern),
        eb("student_code", "=", q),
        ...(lookup ? [eb("email_lookup", "=", lookup)] : []),
      ]),
    );
  }
  const [page, total] = await Promise.all([
    keysetPage(
      query.select([
        "id",
        "name",
        "role",
        "status",
        "student_code as studentCode",
        "email_encrypted as emailSealed",
        "last_sign_in_at as lastSignInAt",
      ]),
      PEOPLE_KEY,
      (row) => [row.name, row.id],
      at,
      PEOPLE_PAGE_SIZE,
    ),
    cappedCount(db, query.select("id"), PEOPLE_COUNT_CAP),
  ]);
  return { ...page, total };
}

export interface PersonDetail extends PersonRow {
  centreId: string | null;
  phoneSealed: string | null;
  dateOfBirthSealed: string | null;
  createdAt: Date;
  /** Their own language, or null to follow the centre's. */
  locale: string | null;
  avatarFileId: string | null;
}

const detailColumns = [
  "id",
  "centre_id as centreId",
  "name",
  "role",
  "status",
  "student_code as studentCode",
  "email_encrypted as emailSealed",
  "phone_encrypted as phoneSealed",
  "date_of_birth_encrypted as dateOfBirthSealed",
  "last_sign_in_at as lastSignInAt",
  "created_at as createdAt",
  "locale",
  "avatar_file_id as avatarFileId",
] as const;

export function personById(db: Kysely<Database>, centreId: CentreId, id: string): Promise<PersonDetail | undefined> {
  return selectFromTenant(db, "users", centreId).where("id", "=", id).select(detailColumns).executeTakeFirst();
}

/** Someone's own account, found from their session: in their own centre, or in none for the platform admin. */
function ownAccounts(db: Kysely<Database>, ownCentreId: CentreId | null) {
  return ownCentreId
    ? selectFromTenant(db, "users", ownCentreId)
    : db.selectFrom("users").where("centre_id", "is", null); // platform-wide: the platform admin has no centre
}

export function ownAccount(
  db: Kysely<Database>,
  ownCentreId: CentreId | null,
  userId: string,
): Promise<PersonDetail | undefined> {
  return ownAccounts(db, ownCentreId).where("id", "=", userId).select(detailColumns).executeTakeFirst();
}

/** The stored hash of someone's own password or PIN, to check the current one before a change. */
export async function ownSecretHash(
  db: Kysely<Database>,
  ownCentreId: CentreId | null,
  userId: string,
  secret: "password" | "pin",
): Promise<string | null> {
  const row = await ownAccounts(db, ownCentreId)
    .where("id", "=", userId)
    .select(secret === "password" ? "password_hash as hash" : "pin_hash as hash")
    .executeTakeFirst();
  return row?.hash ?? null;
}

export interface LinkedPerson {
  id: string;
  name: string;
  studentCode: string | null;
  dateOfBirthSealed: string | null;
  /** Their own language, if they chose one (otherwise their centre's). */
  locale: string | null;
}

/** People on the other side of a guardianship: a parent's children, or a student's parents. */
function linkedPeople(db: Kysely<Database>, centreId: CentreId, from: "parent" | "student", id: string) {
  const [own, other] =
    from === "parent" ? (["parent_id", "student_id"] as const) : (["student_id", "parent_id"] as const);
  return selectFromTenant(db, "guardianships", centreId)
    .innerJoin("users", (join) =>
      join.onRef("users.id", "=", `guardianships.${other}`).onRef("users.centre_id", "=", "guardianships.centre_id"),
    )
    .where(`guardianships.${own}`, "=", id)
    .select([
      "users.id",
      "users.name",
      "users.student_code as studentCode",
      "users.date_of_birth_encrypted as dateOfBirthSealed",
      "users.locale",
    ])
    .orderBy("users.name")
    .execute();
}

export function childrenOf(db: Kysely<Database>, centreId: CentreId, parentId: string): Promise<LinkedPerson[]> {
  return linkedPeople(db, centreId, "parent", parentId);
}

export interface ChildWithConsent extends LinkedPerson {
  /** The latest consent event (the one that counts), if any. */
  consent: { action: "given" | "withdrawn"; at: Date } | null;
}

/**
 * A parent's children as childrenOf lists them, each with where consent stands: one statement for
 * the home page, which shows both on every view (the latest event by consent_events_centre_student_idx).
 */
export async function childrenWithConsent(
  db: Kysely<Database>,
  centreId: CentreId,
  parentId: string,
): Promise<ChildWithConsent[]> {
  const { rows } = await sql<LinkedPerson & { consentAction: "given" | "withdrawn" | null; consentAt: Date | null }>`
    select u.id, u.name, u.student_code as "studentCode", u.date_of_birth_encrypted as "dateOfBirthSealed", u.locale,
      latest.action as "consentAction", latest.created_at as "consentAt"
    from guardianships g
    join users u on u.id = g.student_id and u.centre_id = g.centre_id
    left join lateral (
      select e.action, e.created_at from consent_events e
      where e.centre_id = g.centre_id and e.student_id = g.student_id
      order by e.id desc limit 1
    ) latest on true
    where g.centre_id = ${centreId} and g.parent_id = ${parentId}
    order by u.name`.execute(db);
  return rows.map(({ consentAction, consentAt, ...child }) => ({
    ...child,
    consent: consentAction && consentAt ? { action: consentAction, at: consentAt } : null,
  }));
}

/**
 * A student's name and their parents' ids (in parentsOf's order), in one statement: about whom a
 * family note speaks and whom it goes to, read for every mark, absence and badge by the worker.
 */
export async function studentWithParents(
  db: Kysely<Database>,
  centreId: CentreId,
  studentId: string,
): Promise<{ name: string; parentIds: string[] } | undefined> {
  const { rows } = await sql<{ name: string; parentIds: string[] }>`
    select u.name, array(
      select g.parent_id from guardianships g
      join users p on p.id = g.parent_id and p.centre_id = g.centre_id
      where g.centre_id = u.centre_id and g.student_id = u.id
      order by p.name) as "parentIds"
    from users u
    where u.centre_id = ${centreId} and u.id = ${studentId}`.execute(db);
  return rows[0];
}

export function parentsOf(db: Kysely<Database>, centreId: CentreId, studentId: string): Promise<LinkedPerson[]> {
  return linkedPeople(db, centreId, "student", studentId);
}

export async function isGuardianOf(db: Kysely<Database>, centreId: CentreId, parentId: string, studentId: string) {
  const link = await selectFromTenant(db, "guardianships", centreId)
    .where("parent_id", "=", parentId)
    .where("student_id", "=", studentId)
    .select("student_id")
    .executeTakeFirst();
  return link !== undefined;
}

export interface TokenRecord {
  id: string;
  userId: string;
  centreId: string | null;
  purpose: "invitation" | "password_reset";
  expiresAt: Date;
  usedAt: Date | null;
}

/** One-time links are looked up by the hash of their token; the link itself names the centre. */
export function tokenByHash(db: Kysely<Database>, tokenHash: string): Promise<TokenRecord | undefined> {
  return db
    .selectFrom("user_tokens") // platform-wide: the token's own row names its centre
    .where("token_hash", "=", tokenHash)
    .select([
      "id",
      "user_id as userId",
      "centre_id as centreId",
      "purpose",
      "expires_at as expiresAt",
      "used_at as usedAt",
    ])
    .executeTakeFirst();
}

export interface ConsentState {
  studentId: string;
  action: "given" | "withdrawn";
  at: Date;
  parentId: string;
}

/** The latest consent event per student (the one that counts). */
export async function consentStates(
  db: Kysely<Database>,
  centreId: CentreId,
  studentIds: string[],
): Promise<Map<string, ConsentState>> {
  if (studentIds.length === 0) return new Map();
  const rows = await selectFromTenant(db, "consent_events", centreId)
    .where("student_id", "in", studentIds)
    .distinctOn("student_id")
    .select(["student_id as studentId", "action", "created_at as at", "parent_id as parentId"])
    .orderBy("student_id")
    .orderBy("id", "desc")
    .execute();
  return new Map(rows.map((row) => [row.studentId, row]));
}

/** Parents offered when linking a student; a centre has at most a few hundred. */
export function parentsForLinking(db: Kysely<Database>, centreId: CentreId): Promise<{ id: string; name: string }[]> {
  return selectFromTenant(db, "users", centreId)
    .where("role", "=", "parent")
    .where("status", "<>", "disabled")
    .select(["id", "name"])
    .orderBy("name")
    .orderBy("id")
    .limit(1000)
    .execute();
}

export interface GuardianPair {
  studentId: string;
  studentName: string;
  parentId: string;
  parentName: string;
}

/**
 * Active students with each of their active parents, by student then parent name; limited to
 * `studentIds` when given (a tutor's own students), every student of the centre otherwise.
 */
export async function guardianPairs(
  db: Kysely<Database>,
  centreId: CentreId,
  studentIds?: readonly string[],
): Promise<GuardianPair[]> {
  if (studentIds && studentIds.length === 0) return [];
  let query = selectFromTenant(db, "guardianships", centreId)
    .innerJoin("users as student", (join) =>
      join
        .onRef("student.id", "=", "guardianships.student_id")
        .onRef("student.centre_id", "=", "guardianships.centre_id"),
    )
    .innerJoin("users as parent", (join) =>
      join.onRef("parent.id", "=", "guardianships.parent_id").onRef("parent.centre_id", "=", "guardianships.centre_id"),
    )
    .where("student.status", "=", "active")
    .where("parent.status", "=", "active");
  if (studentIds) query = query.where("guardianships.student_id", "in", studentIds);
  return query
    .select([
      "student.id as studentId",
      "student.name as studentName",
      "parent.id as parentId",
      "parent.name as parentName",
    ])
    .orderBy("student.name")
    .orderBy("parent.name")
    .limit(1000)
    .execute();
}

/** The active people of these roles in the centre (e.g. its admins, when nobody else is there to answer). */
export function activePeopleWithRoles(
  db: Kysely<Database>,
  centreId: CentreId,
  roles: readonly Role[],
): Promise<{ id: string; name: string }[]> {
  return selectFromTenant(db, "users", centreId)
    .where("role", "in", roles)
    .where("status", "=", "active")
    .select(["id", "name"])
    .orderBy("name")
    .execute();
}
