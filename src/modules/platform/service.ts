import type { CentreOverview } from "../../../views/platform/centres";
import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import { isUniqueViolation } from "../../platform/db/errors";
import type { Role } from "../../platform/db/schema";
import { ConflictError, NotFoundError, UnauthorizedError } from "../../platform/errors";
import { type Locale, t } from "../../platform/i18n";
import type { AuditRequest, Principal } from "../../platform/principal";
import { redis } from "../../platform/redis";
import { type SessionRecord, updateSession } from "../../platform/session/store";
import { type CentreSummary, centreById } from "../centres";
import { toOverviews } from "./present";
import { allCentres, headCounts } from "./queries";

/** The platform admin at work: the guard has checked the platform permission already. */
export interface PlatformAdmin {
  userId: string;
  role: Role;
  session: SessionRecord;
  request: AuditRequest;
}

export function platformAdminOf(principal: Principal, request: AuditRequest): PlatformAdmin {
  if (principal.kind !== "user") throw new UnauthorizedError();
  return {
    userId: principal.userId,
    role: principal.role,
    session: principal.session,
    request,
  };
}

function auditActor(admin: PlatformAdmin) {
  return { actor: { id: admin.userId, role: admin.role }, request: admin.request };
}

export async function centreOverviews(): Promise<CentreOverview[]> {
  const [centres, counts] = await Promise.all([allCentres(db), headCounts(db)]);
  return toOverviews(centres, counts);
}

export interface NewCentre {
  name: string;
  slug: string;
  timeZone: string;
  /** The language everyone there sees unless they choose their own. */
  locale: Locale;
}

export async function createCentre(admin: PlatformAdmin, input: NewCentre): Promise<string> {
  try {
    return await db.transaction().execute(async (trx) => {
      const { id } = await trx
        .insertInto("centres")
        .values({ name: input.name, slug: input.slug, time_zone: input.timeZone, locale: input.locale })
        .returning("id")
        .executeTakeFirstOrThrow();
      // Not yet inside the centre: its creation belongs to the platform's own chain.
      await recordAudit(trx, {
        ...auditActor(admin),
        centreId: null,
        action: "centre.create",
        target: { type: "centre", id },
        after: input,
      });
      return id;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(t("platform.centres.slugTaken", { slug: input.slug }));
    throw error;
  }
}

/**
 * The platform admin works inside a centre only after choosing it here; the choice lives in their
 * session and is written to that centre's audit log, so the centre can see who came in and when.
 */
export async function enterCentre(admin: PlatformAdmin, centreId: string): Promise<CentreSummary> {
  const centre = await centreById(db, centreId);
  if (!centre) throw new NotFoundError(t("platform.centres.missing"));
  const previous = admin.session.actingCentreId;
  if (previous && previous !== centre.id) await recordLeave(admin, previous);
  await recordAudit(db, {
    ...auditActor(admin),
    centreId: centre.id,
    action: "centre.enter",
    target: { type: "centre", id: centre.id },
  });
  await updateSession(redis, { ...admin.session, actingCentreId: centre.id });
  return centre;
}

export async function leaveCentre(admin: PlatformAdmin): Promise<void> {
  const previous = admin.session.actingCentreId;
  if (!previous) return;
  await recordLeave(admin, previous);
  await updateSession(redis, { ...admin.session, actingCentreId: null });
}

async function recordLeave(admin: PlatformAdmin, centreId: string): Promise<void> {
  await recordAudit(db, {
    ...auditActor(admin),
    centreId,
    action: "centre.leave",
    target: { type: "centre", id: centreId },
  });
}

export async function actingCentre(admin: PlatformAdmin): Promise<CentreSummary | null> {
  const id = admin.session.actingCentreId;
  return id ? ((await centreById(db, id)) ?? null) : null;
}
