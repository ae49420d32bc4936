import { Elysia } from "elysia";
import { z } from "zod";
import { BadgeView, EnrolledView, KiosksView } from "../../../views/kiosk/admin";
import { db } from "../../platform/db";
import { type PageAt, pageLinks } from "../../platform/db/keyset";
import { NotFoundError } from "../../platform/errors";
import { bindForm } from "../../platform/forms";
import type { Confirmation } from "../../platform/http/confirmation";
import { redirectTo } from "../../platform/http/redirect";
import { formatTime, lazy, type MessageKey, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { type ConfirmContext, confirmPage, guard } from "../../web/guard";
import { recordAction } from "../../web/record-action";
import { personById, studentForSignIn } from "../people";
import { badgeQrSvg, signBadge } from "./badge";
import { badgeStateOf, reissueBadge, revokeBadge } from "./badges";
import { toKioskItem } from "./present";
import { kiosksPage, liveKiosk } from "./queries";
import { enrolKiosk, lastSeen, revokeKiosk } from "./service";

const listQuery = z.object({
  after: z.string().optional(),
  before: z.string().optional(),
  done: z.enum(["revoked"]).optional().catch(undefined),
});
const enrolForm = z.object({
  name: z
    .string()
    .trim()
    .min(1, { error: lazy("kiosk.error.nameRequired") })
    .max(100, { error: lazy("kiosk.error.nameTooLong", { max: 100 }) }),
});
const kioskParams = z.object({ id: z.uuid({ error: lazy("kiosk.notFound") }) });
const badgeParams = z.object({ id: z.uuid({ error: lazy("kiosk.studentNotFound") }) });
const badgeQuery = z.object({
  code: z
    .string()
    .trim()
    .min(1, { error: lazy("kiosk.error.staffCodeRequired") })
    .max(20, { error: lazy("kiosk.error.codeTooLong") }),
});

async function listProps(actor: Actor, at: PageAt) {
  const page = await kiosksPage(db, actor.centreId, at);
  const shown = page.rows;
  const seen = await lastSeen(shown.map((row) => row.id));
  const now = new Date();
  return {
    kiosks: shown.map((row, index) => toKioskItem(row, seen[index] ?? null, actor.centre.timeZone, now)),
    canEnrol: roleHas(actor.role, "kiosk.enrol"),
    canRevoke: roleHas(actor.role, "kiosk.revoke"),
    links: pageLinks("/kiosks", page, at),
  };
}

const badgeQueryDone = z.object({ done: z.enum(["reissued", "revoked"]).optional().catch(undefined) });

const BADGE_NOTICES = {
  reissued: "kiosk.badge.reissued",
  revoked: "kiosk.badge.revoked",
} as const satisfies Record<string, MessageKey>;

async function badgeFor(
  actor: Actor,
  csrfToken: string,
  student: { id: string; name: string; studentCode: string | null },
  done: keyof typeof BADGE_NOTICES | undefined,
) {
  const state = await badgeStateOf(db, actor.centreId, student.id);
  const qrSvg = state.revoked ? null : await badgeQrSvg(signBadge(student.id, state.version));
  return (
    <BadgeView
      studentId={student.id}
      name={student.name}
      studentCode={student.studentCode}
      centreName={actor.centre.name}
      qrSvg={qrSvg}
      version={state.version}
      canManage={roleHas(actor.role, "kiosk.badge_manage")}
      notice={done ? t(BADGE_NOTICES[done]) : null}
      csrfToken={csrfToken}
    />
  );
}

/** Revoking a kiosk ends its pairing for good: it checks nobody in until it is enrolled anew. */
async function confirmRevokeKiosk({ params, actor }: ConfirmContext): Promise<Confirmation> {
  const { id } = parseInput(kioskParams, params);
  const kiosk = await liveKiosk(db, actor.centreId, id);
  if (!kiosk) throw new NotFoundError(t("kiosk.notFoundOrRevoked"));
  return {
    question: t("kiosk.confirm.revoke.question", { name: kiosk.name }),
    consequence: t("kiosk.confirm.revoke.consequence", { name: kiosk.name }),
    action: t("kiosk.confirm.revoke.action"),
    back: "/kiosks",
    done: t("kiosk.revoked"),
  };
}

/** A lost card is cancelled for good; only a reprint replaces it. */
async function confirmRevokeBadge({ params, actor }: ConfirmContext): Promise<Confirmation> {
  const { id, name } = await badgeStudent(actor, params);
  return {
    question: t("kiosk.badge.revokeQuestion", { name }),
    consequence: t("kiosk.badge.revokeExplain", { name }),
    action: t("kiosk.badge.revokeConfirm"),
    back: `/kiosks/badges/${id}`,
    done: t("kiosk.badge.revoked"),
  };
}

async function badgeStudent(actor: Actor, params: unknown) {
  const { id } = parseInput(badgeParams, params);
  const person = await personById(db, actor.centreId, id);
  if (person?.role !== "student") throw new NotFoundError(t("kiosk.studentNotFound"));
  return person;
}

export const kioskAdminRoutes = new Elysia({ name: "kiosk-admin-routes" })
  .use(guard)
  .get(
    "/kiosks",
    async ({ query, actor, page, csrfToken }) => {
      const { after, before, done } = parseInput(listQuery, query);
      const props = await listProps(actor, { after, before });
      const notice = done === "revoked" ? t("kiosk.revoked") : null;
      return page(<KiosksView {...props} csrfToken={csrfToken} notice={notice} />, { title: t("kiosk.title") });
    },
    { permission: "kiosk.read" },
  )
  .post(
    "/kiosks",
    async ({ body, actor, page, csrfToken }) => {
      return bindForm(enrolForm, body, {
        valid: async ({ name }) => {
          const enrolled = await enrolKiosk(actor, name);
          const expiresAt = formatTime(enrolled.expiresAt);
          return page(<EnrolledView name={name} pairingCode={enrolled.pairingCode} expiresAt={expiresAt} />, {
            title: t("kiosk.enrolled.title"),
            status: 201,
          });
        },
        invalid: async ({ errors, status }) => {
          const props = await listProps(actor, {});
          const nameError = errors.name ?? Object.values(errors)[0];
          return page(<KiosksView {...props} csrfToken={csrfToken} notice={null} nameError={nameError} />, {
            title: t("kiosk.title"),
            status,
          });
        },
      });
    },
    { permission: "kiosk.enrol" },
  )
  .post(
    "/kiosks/:id/revoke",
    recordAction(kioskParams, revokeKiosk, () => "/kiosks"),
    { permission: "kiosk.revoke", confirm: confirmRevokeKiosk },
  )
  .get(
    "/kiosks/badges",
    async ({ query, actor, page, csrfToken }) => {
      const { code } = parseInput(badgeQuery, query);
      const student = await studentForSignIn(db, actor.centreId, code);
      if (!student) throw new NotFoundError(t("kiosk.noStudentWithCode"));
      return page(
        await badgeFor(actor, csrfToken, { id: student.id, name: student.name, studentCode: code }, undefined),
        {
          title: t("kiosk.badge.title", { name: student.name }),
        },
      );
    },
    { permission: "kiosk.read" },
  )
  .get(
    "/kiosks/badges/:id",
    async ({ params, query, actor, page, csrfToken }) => {
      const person = await badgeStudent(actor, params);
      const { done } = parseInput(badgeQueryDone, query);
      return page(await badgeFor(actor, csrfToken, person, done), {
        title: t("kiosk.badge.title", { name: person.name }),
      });
    },
    { permission: "kiosk.read" },
  )
  .post(
    "/kiosks/badges/:id/reissue",
    async ({ request, params, actor }) => {
      const person = await badgeStudent(actor, params);
      await reissueBadge(actor, person.id);
      return redirectTo(request, `/kiosks/badges/${person.id}?done=reissued`);
    },
    { permission: "kiosk.badge_manage" },
  )
  .get("/kiosks/badges/:id/revoke", async (context) => confirmPage(context, await confirmRevokeBadge(context)), {
    permission: "kiosk.badge_manage",
  })
  .post(
    "/kiosks/badges/:id/revoke",
    async ({ request, params, actor }) => {
      const person = await badgeStudent(actor, params);
      await revokeBadge(actor, person.id);
      return redirectTo(request, `/kiosks/badges/${person.id}`);
    },
    { permission: "kiosk.badge_manage", confirm: confirmRevokeBadge },
  );
