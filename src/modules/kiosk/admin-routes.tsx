import { Elysia } from "elysia";
import { z } from "zod";
import { BadgeView, EnrolledView, KiosksView, RevokeBadgeView } from "../../../views/kiosk/admin";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { actorOf } from "../../platform/http/actor";
import { redirectTo } from "../../platform/http/redirect";
import { roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { centreById } from "../centres";
import { localTime } from "../classes";
import { personById, studentForSignIn } from "../people";
import { badgeQrSvg, signBadge } from "./badge";
import { badgeStateOf, reissueBadge, revokeBadge } from "./badges";
import { toKioskItem } from "./present";
import { KIOSKS_PAGE_SIZE, kiosksPage } from "./queries";
import { enrolKiosk, lastSeen, revokeKiosk } from "./service";

const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
  done: z.enum(["revoked"]).optional().catch(undefined),
});
const enrolForm = z.object({
  name: z.string().trim().min(1, "Name the kiosk, e.g. Front desk").max(100, "Keep the name under 100 characters"),
});
const kioskParams = z.object({ id: z.uuid("That kiosk could not be found") });
const badgeParams = z.object({ id: z.uuid("That student could not be found") });
const badgeQuery = z.object({
  code: z.string().trim().min(1, "Enter a student code").max(20, "Student codes are short"),
});

async function timezoneOf(actor: Pick<Actor, "centreId">): Promise<{ name: string; timeZone: string }> {
  const centre = await centreById(db, actor.centreId);
  return { name: centre?.name ?? "", timeZone: centre?.timeZone ?? "UTC" };
}

async function listProps(actor: Actor, page: number) {
  const [rows, centre] = await Promise.all([kiosksPage(db, actor.centreId, page), timezoneOf(actor)]);
  const shown = rows.slice(0, KIOSKS_PAGE_SIZE);
  const seen = await lastSeen(shown.map((row) => row.id));
  const now = new Date();
  return {
    kiosks: shown.map((row, index) => toKioskItem(row, seen[index] ?? null, centre.timeZone, now)),
    canEnrol: roleHas(actor.role, "kiosk.enrol"),
    canRevoke: roleHas(actor.role, "kiosk.revoke"),
    page,
    hasNext: rows.length > KIOSKS_PAGE_SIZE,
  };
}

const badgeQueryDone = z.object({ done: z.enum(["reissued", "revoked"]).optional().catch(undefined) });

const BADGE_NOTICES = {
  reissued: "New badge ready: print it now. The student's earlier badge no longer works.",
  revoked: "Badge cancelled: it is refused at every kiosk. Print a new one when the student needs it.",
} as const;

async function badgeFor(
  actor: Actor & { csrfToken: string },
  student: { id: string; name: string; studentCode: string | null },
  done: keyof typeof BADGE_NOTICES | undefined,
) {
  const [centre, state] = await Promise.all([timezoneOf(actor), badgeStateOf(db, actor.centreId, student.id)]);
  const qrSvg = state.revoked ? null : await badgeQrSvg(signBadge(student.id, state.version));
  return (
    <BadgeView
      studentId={student.id}
      name={student.name}
      studentCode={student.studentCode}
      centreName={centre.name}
      qrSvg={qrSvg}
      version={state.version}
      canManage={roleHas(actor.role, "kiosk.badge_manage")}
      notice={done ? BADGE_NOTICES[done] : null}
      csrfToken={actor.csrfToken}
    />
  );
}

async function badgeStudent(actor: Actor, params: unknown) {
  const { id } = parseInput(badgeParams, params);
  const person = await personById(db, actor.centreId, id);
  if (person?.role !== "student") throw new NotFoundError("That student could not be found.");
  return person;
}

export const kioskAdminRoutes = new Elysia({ name: "kiosk-admin-routes" })
  .use(guard)
  .get(
    "/kiosks",
    async ({ request, query, principal, page, csrfToken }) => {
      const actor = actorOf(principal, request);
      const { page: number, done } = parseInput(listQuery, query);
      const props = await listProps(actor, number);
      const notice = done === "revoked" ? "Kiosk revoked: it can no longer check anyone in." : null;
      return page(<KiosksView {...props} csrfToken={csrfToken} notice={notice} />, { title: "Kiosks" });
    },
    { permission: "kiosk.read" },
  )
  .post(
    "/kiosks",
    async ({ request, body, principal, page, csrfToken }) => {
      const actor = actorOf(principal, request);
      const parsed = enrolForm.safeParse(body ?? {});
      if (!parsed.success) {
        const nameError = parsed.error.issues[0]?.message ?? "Name the kiosk";
        const props = await listProps(actor, 1);
        return page(<KiosksView {...props} csrfToken={csrfToken} notice={null} nameError={nameError} />, {
          title: "Kiosks",
          status: 422,
        });
      }
      const enrolled = await enrolKiosk(actor, parsed.data.name);
      const { timeZone } = await timezoneOf(actor);
      return page(
        <EnrolledView
          name={parsed.data.name}
          pairingCode={enrolled.pairingCode}
          expiresAt={localTime(timeZone, enrolled.expiresAt)}
        />,
        { title: "Pair the kiosk", status: 201 },
      );
    },
    { permission: "kiosk.enrol" },
  )
  .post(
    "/kiosks/:id/revoke",
    async ({ request, params, principal }) => {
      const { id } = parseInput(kioskParams, params);
      await revokeKiosk(actorOf(principal, request), id);
      return redirectTo(request, "/kiosks?done=revoked");
    },
    { permission: "kiosk.revoke" },
  )
  .get(
    "/kiosks/badges",
    async ({ request, query, principal, page, csrfToken }) => {
      const actor = { ...actorOf(principal, request), csrfToken };
      const { code } = parseInput(badgeQuery, query);
      const student = await studentForSignIn(db, actor.centreId, code);
      if (!student) throw new NotFoundError("No student of this centre has that code.");
      return page(await badgeFor(actor, { id: student.id, name: student.name, studentCode: code }, undefined), {
        title: `Badge: ${student.name}`,
      });
    },
    { permission: "kiosk.read" },
  )
  .get(
    "/kiosks/badges/:id",
    async ({ request, params, query, principal, page, csrfToken }) => {
      const actor = { ...actorOf(principal, request), csrfToken };
      const person = await badgeStudent(actor, params);
      const { done } = parseInput(badgeQueryDone, query);
      return page(await badgeFor(actor, person, done), { title: `Badge: ${person.name}` });
    },
    { permission: "kiosk.read" },
  )
  .post(
    "/kiosks/badges/:id/reissue",
    async ({ request, params, principal }) => {
      const actor = actorOf(principal, request);
      const person = await badgeStudent(actor, params);
      await reissueBadge(actor, person.id);
      return redirectTo(request, `/kiosks/badges/${person.id}?done=reissued`);
    },
    { permission: "kiosk.badge_manage" },
  )
  .get(
    "/kiosks/badges/:id/revoke",
    async ({ request, params, principal, page, csrfToken }) => {
      const person = await badgeStudent(actorOf(principal, request), params);
      return page(<RevokeBadgeView studentId={person.id} name={person.name} csrfToken={csrfToken} />, {
        title: `Cancel the badge of ${person.name}`,
      });
    },
    { permission: "kiosk.badge_manage" },
  )
  .post(
    "/kiosks/badges/:id/revoke",
    async ({ request, params, principal }) => {
      const actor = actorOf(principal, request);
      const person = await badgeStudent(actor, params);
      await revokeBadge(actor, person.id);
      return redirectTo(request, `/kiosks/badges/${person.id}?done=revoked`);
    },
    { permission: "kiosk.badge_manage" },
  );
