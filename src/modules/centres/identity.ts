import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../../platform/audit";
import { invalidateCentreCache } from "../../platform/cache";
import { announceCentreChange } from "../../platform/centre-context";
import { db } from "../../platform/db";
import type { Database, Role } from "../../platform/db/schema";
import { NotFoundError } from "../../platform/errors";
import { t } from "../../platform/i18n";
import type { Actor, AuditRequest } from "../../platform/principal";
import { redis } from "../../platform/redis";
import type { CentreId } from "../../platform/tenancy";
import { applyTimeZoneChange, planTimeZoneChange, type TimeZonePlan } from "../classes";
import { removeFile, uploadFileStream } from "../files";

/**
 * A centre's identity: its name, time zone, contact details and logo. Changed by its owner from
 * /settings or by the platform admin from the platform pages, through these same functions; each
 * change is written and audited (centre.update, in the centre's own log) in one transaction.
 * The centre context is read afresh on every request, so the next page shows the change; the
 * centre's cached figures are marked stale too, whoever made the change.
 */

/** Who changes which centre: an owner their own, the platform admin the centre they chose. */
export interface CentreEditor {
  centreId: CentreId;
  userId: string;
  role: Role;
  request: AuditRequest;
}

export function editorOf(actor: Actor): CentreEditor {
  return { centreId: actor.centreId, userId: actor.userId, role: actor.role, request: actor.request };
}

export interface CentreContact {
  email: string | null;
  phone: string | null;
  postalAddress: string | null;
  website: string | null;
}

interface IdentityRow {
  name: string;
  timeZone: string;
  contact: CentreContact;
  logoFileId: string | null;
}

function lockedCentre(trx: Transaction<Database>, centreId: CentreId): Promise<IdentityRow> {
  return trx
    .selectFrom("centres")
    .where("id", "=", centreId)
    .select([
      "name",
      "time_zone as timeZone",
      "contact_email",
      "contact_phone",
      "postal_address",
      "website",
      "logo_file_id as logoFileId",
    ])
    .forUpdate()
    .executeTakeFirst()
    .then((row) => {
      if (!row) throw new NotFoundError(t("centres.settings.centreGone"));
      const { contact_email, contact_phone, postal_address, website, ...rest } = row;
      return {
        ...rest,
        contact: { email: contact_email, phone: contact_phone, postalAddress: postal_address, website },
      };
    });
}

type CentreColumns = Partial<{
  name: string;
  time_zone: string;
  contact_email: string | null;
  contact_phone: string | null;
  postal_address: string | null;
  website: string | null;
  logo_file_id: string | null;
}>;

interface IdentityChange {
  set: CentreColumns;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  /** More work in the same transaction (moving sessions), whose result is audited with the change. */
  also?: (trx: Kysely<Database>) => Promise<Record<string, unknown>>;
}

/** Reads the centre under a row lock, writes the planned change and audits it; null plans change nothing. */
async function changeIdentity(
  editor: CentreEditor,
  plan: (centre: IdentityRow, trx: Transaction<Database>) => Promise<IdentityChange | null> | IdentityChange | null,
): Promise<IdentityRow> {
  const before = await db.transaction().execute(async (trx) => {
    const centre = await lockedCentre(trx, editor.centreId);
    const change = await plan(centre, trx);
    if (!change) return centre;
    await trx
      .updateTable("centres")
      .set({ ...change.set, updated_at: new Date() })
      .where("id", "=", editor.centreId)
      .execute();
    const extra = change.also ? await change.also(trx) : {};
    await recordAudit(trx, {
      centreId: editor.centreId,
      actor: { id: editor.userId, role: editor.role },
      action: "centre.update",
      target: { type: "centre", id: editor.centreId },
      before: change.before,
      after: { ...change.after, ...extra },
      request: editor.request,
    });
    return centre;
  });
  await invalidateCentreCache(redis, editor.centreId);
  await announceCentreChange(editor.centreId);
  return before;
}

/** A new name, read everywhere the centre's name is shown from the next request on. */
export async function renameCentre(editor: CentreEditor, name: string): Promise<void> {
  await changeIdentity(editor, (centre) =>
    centre.name === name ? null : { set: { name }, before: { name: centre.name }, after: { name } },
  );
}

const sameContact = (a: CentreContact, b: CentreContact) =>
  a.email === b.email && a.phone === b.phone && a.postalAddress === b.postalAddress && a.website === b.website;

/** Contact details for families: each optional (null clears it). */
export async function updateContact(editor: CentreEditor, contact: CentreContact): Promise<void> {
  await changeIdentity(editor, (centre) =>
    sameContact(centre.contact, contact)
      ? null
      : {
          set: {
            contact_email: contact.email,
            contact_phone: contact.phone,
            postal_address: contact.postalAddress,
            website: contact.website,
          },
          before: { contact: centre.contact },
          after: { contact },
        },
  );
}

/** What a change of time zone would do, for the preview page; nothing is written. */
export async function previewTimeZoneChange(
  editor: CentreEditor,
  timeZone: string,
  now: Date = new Date(),
): Promise<TimeZonePlan> {
  const centre = await db
    .selectFrom("centres")
    .where("id", "=", editor.centreId)
    .select("time_zone")
    .executeTakeFirst();
  if (!centre) throw new NotFoundError(t("centres.settings.centreGone"));
  return planTimeZoneChange(db, editor.centreId, { from: centre.time_zone, to: timeZone }, now);
}

/**
 * The confirmed change: the zone, the future sessions moved to keep their local times (planned
 * again under the lock, so it is what is true now) and the audit row, all or nothing.
 */
export async function changeTimeZone(
  editor: CentreEditor,
  timeZone: string,
  now: Date = new Date(),
): Promise<{ moved: number }> {
  let moved = 0;
  await changeIdentity(editor, async (centre, trx) => {
    if (centre.timeZone === timeZone) return null;
    const plan = await planTimeZoneChange(trx, editor.centreId, { from: centre.timeZone, to: timeZone }, now);
    return {
      set: { time_zone: timeZone },
      before: { timeZone: centre.timeZone },
      after: { timeZone },
      also: async (inside) => {
        const result = await applyTimeZoneChange(inside, editor.centreId, plan, now);
        moved = result.moved;
        return { sessionsMoved: result.moved, sessionsRemoved: result.removed, sessionsAdded: result.written };
      },
    };
  });
  return { moved };
}

/**
 * A new logo, streamed to storage and checked as every image upload is (type sniffed, size and
 * pixel limits); its thumbnail is made by the worker. The logo it replaces is removed.
 */
export async function setLogo(
  editor: CentreEditor,
  file: { name: string; body: ReadableStream<Uint8Array> },
): Promise<void> {
  const stored = await uploadFileStream({
    centreId: editor.centreId,
    ownerId: editor.userId,
    kind: "centre_logo",
    originalName: file.name,
    body: file.body,
  });
  const before = await changeIdentity(editor, (centre) => ({
    set: { logo_file_id: stored.id },
    before: { logoFileId: centre.logoFileId },
    after: { logoFileId: stored.id },
  })).catch(async (error: unknown) => {
    await removeFile({ centreId: editor.centreId, fileId: stored.id });
    throw error;
  });
  if (before.logoFileId) await removeFile({ centreId: editor.centreId, fileId: before.logoFileId });
}

/** No logo: the pages show the centre's name alone. */
export async function removeLogo(editor: CentreEditor): Promise<void> {
  const before = await changeIdentity(editor, (centre) =>
    centre.logoFileId
      ? { set: { logo_file_id: null }, before: { logoFileId: centre.logoFileId }, after: { logoFileId: null } }
      : null,
  );
  if (before.logoFileId) await removeFile({ centreId: editor.centreId, fileId: before.logoFileId });
}
