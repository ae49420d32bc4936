import { randomBytes } from "node:crypto";
import type { Insertable, Kysely } from "kysely";
import { type AuditEventInput, recordAuditBatch } from "../../platform/audit";
import { hashPin } from "../../platform/crypto";
import { db } from "../../platform/db";
import { isUniqueViolation } from "../../platform/db/errors";
import type { Database, UsersTable } from "../../platform/db/schema";
import { ConflictError, NotFoundError, ValidationError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import { log } from "../../platform/log";
import { queueMail } from "../../platform/mail";
import type { Actor } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { updateTenant } from "../../platform/tenancy";
import { pinLengthOf } from "../centres";
import { addMembersInTransaction } from "../classes";
import { type ImportPlan, type PlannedRow, planImport } from "./import-plan";
import { invitationMail } from "./mail";
import { randomPin } from "./pin-policy";
import { emailLookup, sealDateOfBirth, sealEmail } from "./sensitive";
import { invitationLink } from "./service";
import { codePrefixOf, INVITATION_DAYS, newStudentCode, newToken } from "./tokens";

/**
 * A student import between upload and commit: the file stays on the server (Redis, 30 minutes),
 * under a random id bound to the person who uploaded it and their centre, and is planned again
 * from the file on every view and at commit. Nothing from the browser but the id is trusted.
 */
const STASH_SECONDS = 30 * 60;
const stashKey = (id: string) => `people-import:${id}`;

interface Stash {
  centreId: string;
  userId: string;
  fileName: string;
  text: string;
}

export async function stashImport(actor: Actor, fileName: string, text: string): Promise<string> {
  const id = randomBytes(18).toString("base64url");
  const stash: Stash = { centreId: actor.centreId, userId: actor.userId, fileName, text };
  await redis.set(stashKey(id), JSON.stringify(stash), "EX", STASH_SECONDS);
  return id;
}

/** The stashed file, only for the person who uploaded it in the centre they uploaded it to. */
export async function stashedImport(actor: Actor, id: string): Promise<{ fileName: string; text: string }> {
  const raw = /^[A-Za-z0-9_-]{24}$/.test(id) ? await redis.get(stashKey(id)) : null;
  const stash = raw ? (JSON.parse(raw) as Stash) : null;
  if (!stash || stash.centreId !== actor.centreId || stash.userId !== actor.userId) {
    throw new NotFoundError(t("people-import.error.expired"));
  }
  return { fileName: stash.fileName, text: stash.text };
}

export async function dropStash(id: string): Promise<void> {
  await redis.del(stashKey(id));
}

export function previewImport(actor: Actor, text: string): Promise<ImportPlan> {
  return planImport(db, actor.centreId, text, today());
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export interface ImportedStudent {
  name: string;
  studentCode: string;
  pin: string;
}

export interface InvitedParent {
  name: string;
  email: string;
  link: string;
}

export interface ImportResult {
  counts: ImportPlan["counts"];
  /** New students with their first PIN: shown once, to print and hand over. */
  created: ImportedStudent[];
  invited: InvitedParent[];
  /** When the invitation links stop working (none when nobody was invited). */
  invitationExpiresAt?: Date;
  /** Where the time went (the log and the benchmark): drawing and hashing PINs, then the transaction. */
  timings: { pinHashSeconds: number; writeSeconds: number };
}

interface NewStudentRow {
  row: PlannedRow;
  id: string;
  studentCode: string;
  pin: string;
  pinHash: string;
}

/** PINs for the new students, drawn and hashed as createStudent does, before the transaction opens. */
async function newStudents(actor: Actor, rows: PlannedRow[]): Promise<Map<number, NewStudentRow>> {
  const minLength = await pinLengthOf(db, actor.centreId);
  const prefix = codePrefixOf(actor.centre.name);
  const typed = new Set(rows.map((row) => row.studentCode.toLowerCase()).filter(Boolean));
  const drawn = rows.map((row) => {
    let studentCode = row.studentCode;
    while (studentCode === "" || (!row.studentCode && typed.has(studentCode.toLowerCase()))) {
      studentCode = newStudentCode(prefix);
    }
    typed.add(studentCode.toLowerCase());
    return { row, id: crypto.randomUUID(), studentCode, pin: randomPin(minLength, row.dateOfBirth) };
  });
  return new Map(drawn.map((student) => [student.row.line, { ...student, pinHash: hashPin(student.pin) }]));
}

/**
 * Commits an import in one transaction: new parents invited, new students created, changed ones
 * updated, parents linked and classes joined, each audited as the single-person actions are,
 * plus one `user.import` row with the counts. The file is planned again inside the transaction;
 * a row with a problem, or a centre that changed since the PINs were drawn, refuses it whole.
 */
export async function commitImport(actor: Actor, text: string): Promise<ImportResult> {
  const plan = await planImport(db, actor.centreId, text, today());
  if (plan.counts.error > 0) throw new ValidationError({}, t("people-import.error.fixFirst"));
  // Importing a file again that changes nothing writes nothing, not even an audit row.
  if (plan.counts.create + plan.counts.update === 0)
    return { counts: plan.counts, created: [], invited: [], timings: { pinHashSeconds: 0, writeSeconds: 0 } };
  const hashing = performance.now();
  const created = await newStudents(
    actor,
    plan.rows.filter((row) => row.outcome === "create"),
  );
  const writing = performance.now();
  try {
    const result = await db.transaction().execute(async (trx) => {
      const again = await planImport(trx, actor.centreId, text, today());
      const sameCreates =
        again.counts.error === 0 &&
        again.rows.filter((row) => row.outcome === "create").every((row) => created.has(row.line)) &&
        again.counts.create === created.size;
      if (!sameCreates) throw new ConflictError(t("people-import.error.changedMeanwhile"));
      return writeImport(trx, actor, again, created);
    });
    const pinHashSeconds = (writing - hashing) / 1000;
    const writeSeconds = (performance.now() - writing) / 1000;
    log.info({ centreId: actor.centreId, rows: plan.rows.length, pinHashSeconds, writeSeconds }, "student import");
    return { ...result, timings: { pinHashSeconds, writeSeconds } };
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(t("people-import.error.changedMeanwhile"));
    throw error;
  }
}

/** Rows per insert: far under PostgreSQL's 65,535 parameters. */
const BATCH = 1000;

async function insertUsers(trx: Kysely<Database>, values: Insertable<UsersTable>[]) {
  for (let start = 0; start < values.length; start += BATCH) {
    await trx
      .insertInto("users")
      .values(values.slice(start, start + BATCH))
      .execute();
  }
}

async function writeImport(
  trx: Kysely<Database>,
  actor: Actor,
  plan: ImportPlan,
  created: Map<number, NewStudentRow>,
): Promise<Omit<ImportResult, "timings">> {
  const who = { centreId: actor.centreId, actor: { id: actor.userId, role: actor.role }, request: actor.request };
  const audits: AuditEventInput[] = [];
  const rows = plan.rows.filter((row) => row.outcome === "create" || row.outcome === "update");

  // Parents new to the centre: invited once each, however many of their children the file lists.
  const parentIds = new Map<string, string>();
  const invited: InvitedParent[] = [];
  const tokens: { user_id: string; token_hash: string; link: string }[] = [];
  const parentRows: Insertable<UsersTable>[] = [];
  for (const row of rows) {
    const parent = row.parent;
    if (!parent) continue;
    if (parent.existingId) parentIds.set(parent.lookup, parent.existingId);
    if (parentIds.has(parent.lookup)) continue;
    const id = crypto.randomUUID();
    parentIds.set(parent.lookup, id);
    const { token, hash } = newToken();
    tokens.push({ user_id: id, token_hash: hash, link: invitationLink(token) });
    invited.push({ name: parent.name, email: parent.email, link: invitationLink(token) });
    parentRows.push({
      id,
      centre_id: actor.centreId,
      role: "parent",
      name: parent.name,
      email_lookup: emailLookup(parent.email),
      email_encrypted: sealEmail(id, parent.email),
      status: "invited",
    });
    audits.push({
      ...who,
      action: "user.invite",
      target: { type: "user", id },
      after: { name: parent.name, role: "parent" },
    });
  }
  await insertUsers(trx, parentRows);
  const expiresAt = new Date(Date.now() + INVITATION_DAYS * 24 * 3600 * 1000);
  for (let start = 0; start < tokens.length; start += BATCH) {
    await trx
      .insertInto("user_tokens")
      .values(
        tokens.slice(start, start + BATCH).map(({ user_id, token_hash }) => ({
          user_id,
          token_hash,
          centre_id: actor.centreId,
          purpose: "invitation" as const,
          created_by: actor.userId,
          expires_at: expiresAt,
        })),
      )
      .execute();
  }
  // Each new parent is emailed their invitation as inviteUser does, queued in this transaction.
  for (const { user_id, token_hash, link } of tokens) {
    await queueMail(trx, invitationMail, {
      key: `invitation:${token_hash}`,
      centreId: actor.centreId,
      recipientId: user_id,
      params: { link, expiresAt: expiresAt.toISOString(), role: "parent" },
    });
  }

  const studentIds = new Map<number, string>();
  const studentRows: Insertable<UsersTable>[] = [];
  for (const row of rows) {
    const student = created.get(row.line);
    if (row.outcome === "update") {
      studentIds.set(row.line, row.existingId as string);
      continue;
    }
    if (!student) continue;
    studentIds.set(row.line, student.id);
    studentRows.push({
      id: student.id,
      centre_id: actor.centreId,
      role: "student",
      name: row.name,
      student_code: student.studentCode,
      pin_hash: student.pinHash,
      date_of_birth_encrypted: sealDateOfBirth(student.id, row.dateOfBirth),
    });
    audits.push({
      ...who,
      action: "user.create",
      target: { type: "user", id: student.id },
      after: { name: row.name, role: "student", studentCode: student.studentCode, via: "import" },
    });
  }
  await insertUsers(trx, studentRows);

  for (const row of rows.filter((row) => row.outcome === "update")) {
    const changes = row.changes.filter((change) => change === "name" || change === "dateOfBirth");
    if (changes.length === 0) continue;
    const id = row.existingId as string;
    await updateTenant(trx, "users", actor.centreId)
      .set({ name: row.name, date_of_birth_encrypted: sealDateOfBirth(id, row.dateOfBirth), updated_at: new Date() })
      .where("id", "=", id)
      .execute();
    audits.push({
      ...who,
      action: "user.update",
      target: { type: "user", id },
      after: { changed: changes, via: "import" },
    });
  }

  const links = rows.flatMap((row) =>
    row.parent
      ? [{ parentId: parentIds.get(row.parent.lookup) as string, studentId: studentIds.get(row.line) as string }]
      : [],
  );
  const linked = links.length
    ? await trx
        .insertInto("guardianships")
        .values(
          links.map((link) => ({ centre_id: actor.centreId, parent_id: link.parentId, student_id: link.studentId })),
        )
        .onConflict((conflict) => conflict.doNothing())
        .returning(["parent_id", "student_id"])
        .execute()
    : [];
  for (const link of linked) {
    audits.push({
      ...who,
      action: "user.link_parent",
      target: { type: "user", id: link.student_id },
      after: { parentId: link.parent_id, studentId: link.student_id },
    });
  }
  await recordAuditBatch(trx, audits);

  const joined = await addMembersInTransaction(
    trx,
    actor,
    rows.flatMap((row) =>
      row.klass
        ? [{ classId: row.klass.id, className: row.klass.name, studentId: studentIds.get(row.line) as string }]
        : [],
    ),
  );
  await recordAuditBatch(trx, [
    {
      ...who,
      action: "user.import",
      target: { type: "centre", id: actor.centreId },
      after: { ...plan.counts, parentsInvited: invited.length, parentsLinked: linked.length, classesJoined: joined },
    },
  ]);
  const createdList = [...created.values()].map((student) => ({
    name: student.row.name,
    studentCode: student.studentCode,
    pin: student.pin,
  }));
  return { counts: plan.counts, created: createdList, invited, invitationExpiresAt: expiresAt };
}
