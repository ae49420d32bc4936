import { Elysia } from "elysia";
import { z } from "zod";
import { LeaderboardView, type Tab } from "../../../views/gamification/leaderboard";
import { AwardForm, MyXpView, StudentXpView } from "../../../views/gamification/xp";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { bindForm } from "../../platform/forms";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { lazy, type MessageKey, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { Actor, CentreContext, Principal } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { childrenOf } from "../people";
import { type BoardScope, boardAsSeenBy, boardWithScopes, classBoardAccess, seesBoardNames } from "./access";
import { XP } from "./rules";
import { assertMayAward, awardByTutor, type Period, requireGamification, xpSummary } from "./service";

const periodQuery = z.object({
  period: z.enum(["week", "all"], { error: lazy("gamification.error.period") }).default("week"),
});
const classParams = z.object({ classId: z.uuid({ error: lazy("gamification.classNotFound") }) });
const studentParams = z.object({ id: z.uuid({ error: lazy("gamification.studentNotFound") }) });
const wholeXp = { error: lazy("gamification.error.wholeXp") };
const awardForm = z.object({
  amount: z.coerce
    .number(wholeXp)
    .int(wholeXp)
    .min(1, { error: lazy("gamification.error.minXp", { min: 1 }) })
    .max(XP.maxAward, { error: lazy("gamification.error.maxXp", { max: XP.maxAward }) }),
  reason: z
    .string()
    .trim()
    .min(1, { error: lazy("gamification.error.reasonRequired") })
    .max(200, { error: lazy("gamification.error.reasonTooLong", { max: 200 }) }),
});

const PERIOD_LABELS: Record<Period, MessageKey> = { week: "gamification.period.week", all: "gamification.period.all" };

/** The centre a leaderboard viewer looks at: the kiosk's, or the person's (refused outside a centre). */
function viewerCentre(principal: Principal, actor: Actor, centre: CentreContext | null): CentreContext {
  return principal.kind === "kiosk" && centre ? centre : actor.centre;
}

function periodTabs(path: string, period: Period): Tab[] {
  return (["week", "all"] as const).map((value) => ({
    label: t(PERIOD_LABELS[value]),
    href: `${path}?period=${value}`,
    current: value === period,
  }));
}

function scopeTabs(scopes: BoardScope[], current: string | null, period: Period): Tab[] {
  const centre = {
    label: t("gamification.wholeCentre"),
    href: `/leaderboards?period=${period}`,
    current: current === null,
  };
  return [
    centre,
    ...scopes.map((scope) => ({
      label: scope.name,
      href: `/leaderboards/classes/${scope.id}?period=${period}`,
      current: scope.id === current,
    })),
  ];
}

async function studentXpPage(actor: Actor, studentId: string, csrfToken: string, page: PageRenderer) {
  await assertMayAward(actor, studentId);
  const summary = await xpSummary(actor.centre, studentId);
  if (!summary) throw new NotFoundError(t("gamification.studentNotFound"));
  return page(
    <StudentXpView summary={summary} action={`/students/${studentId}/xp`} csrfToken={csrfToken} max={XP.maxAward} />,
    { title: t("gamification.studentXp.title", { name: summary.name }) },
  );
}

export const gamificationRoutes = new Elysia({ name: "gamification-routes" })
  .use(guard)
  .get(
    "/leaderboards",
    async ({ query, principal, actor, centre, page }) => {
      const here = viewerCentre(principal, actor, centre);
      const centreId = here.id;
      requireGamification(here);
      const { period } = parseInput(periodQuery, query);
      const [board, scopes] = await boardWithScopes(principal, here, null, period);
      // Live updates name every child on the board, so only viewers who see them named follow them.
      const live = principal.kind === "user" && seesBoardNames(principal.role);
      return page(
        <LeaderboardView
          title={t("gamification.leaderboard")}
          scopes={scopeTabs(scopes, null, period)}
          periods={periodTabs("/leaderboards", period)}
          board={await boardAsSeenBy(principal, centreId, board)}
          awardLinks={[]}
        />,
        { title: t("gamification.leaderboard"), liveTopics: live ? [`leaderboard:${centreId}`] : [] },
      );
    },
    { permission: "leaderboard.read" },
  )
  .get(
    "/leaderboards/classes/:classId",
    async ({ params, query, principal, actor, centre, page }) => {
      const here = viewerCentre(principal, actor, centre);
      const centreId = here.id;
      requireGamification(here);
      const { classId } = parseInput(classParams, params);
      const { period } = parseInput(periodQuery, query);
      const access = await classBoardAccess(principal, centreId, classId);
      if (!access) throw new NotFoundError(t("gamification.classNotFound"));
      const [board, scopes] = await boardWithScopes(principal, here, classId, period);
      const mayAward = principal.kind === "user" && roleHas(principal.role, "xp.award");
      return page(
        <LeaderboardView
          title={t("gamification.classLeaderboard", { name: access.name })}
          scopes={scopeTabs(scopes, classId, period)}
          periods={periodTabs(`/leaderboards/classes/${classId}`, period)}
          board={await boardAsSeenBy(principal, centreId, board)}
          awardLinks={
            mayAward ? access.members.map((member) => ({ name: member.name, href: `/students/${member.id}/xp` })) : []
          }
        />,
        {
          title: t("gamification.classLeaderboard", { name: access.name }),
          liveTopics: access.live ? [`class:${classId}`] : [],
        },
      );
    },
    { permission: "leaderboard.read" },
  )
  .get(
    "/my-xp",
    async ({ actor, page }) => {
      requireGamification(actor.centre);
      const students =
        actor.role === "student"
          ? [{ id: actor.userId, heading: t("gamification.myXp.heading") }]
          : actor.role === "parent"
            ? (await childrenOf(db, actor.centreId, actor.userId)).map((child) => ({
                id: child.id,
                heading: child.name,
              }))
            : [];
      if (students.length === 0) throw new NotFoundError(t("gamification.myXp.notStudent"));
      const summaries = await Promise.all(students.map((student) => xpSummary(actor.centre, student.id)));
      const sections = summaries.flatMap((summary, index) =>
        summary ? [{ summary, heading: students[index]?.heading ?? summary.name }] : [],
      );
      return page(<MyXpView sections={sections} />, { title: t("gamification.myXp.title") });
    },
    { permission: "xp.read" },
  )
  .get(
    "/students/:id/xp",
    async ({ params, actor, page, csrfToken }) => {
      const { id } = parseInput(studentParams, params);
      return studentXpPage(actor, id, csrfToken, page);
    },
    { permission: "xp.award" },
  )
  .post(
    "/students/:id/xp",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(studentParams, params);
      await assertMayAward(actor, id);
      const action = `/students/${id}/xp`;
      return bindForm(awardForm, body, {
        valid: async (input) => {
          await awardByTutor(actor, id, input);
          if (!isFragmentRequest(request)) return redirectTo(request, action);
          const done = t("gamification.award.done", { amount: input.amount, reason: input.reason });
          return htmlResponse(
            request,
            <AwardForm action={action} csrfToken={csrfToken} max={XP.maxAward} done={done} />,
          );
        },
        invalid: ({ values, errors, status }) =>
          page(<AwardForm action={action} csrfToken={csrfToken} max={XP.maxAward} values={values} errors={errors} />, {
            title: t("gamification.award.title"),
            status,
          }),
      });
    },
    { permission: "xp.award" },
  );
