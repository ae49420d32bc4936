import { Elysia } from "elysia";
import { z } from "zod";
import { LeaderboardView, type Tab } from "../../../views/gamification/leaderboard";
import { AwardForm, MyXpView, StudentXpView } from "../../../views/gamification/xp";
import { db } from "../../platform/db";
import { NotFoundError, ValidationError } from "../../platform/errors";
import { actorOf } from "../../platform/http/actor";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { roleHas } from "../../platform/permissions";
import type { Actor, Principal } from "../../platform/principal";
import type { CentreId } from "../../platform/tenancy";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { childrenOf } from "../people";
import { type BoardScope, boardAsSeenBy, boardScopes, classBoardAccess, seesBoardNames } from "./access";
import { XP } from "./rules";
import { assertMayAward, awardByTutor, boardData, type Period, requireGamification, xpSummary } from "./service";

const periodQuery = z.object({ period: z.enum(["week", "all"], "Choose this week or all time").default("week") });
const classParams = z.object({ classId: z.uuid("That class could not be found") });
const studentParams = z.object({ id: z.uuid("That student could not be found") });
const awardForm = z.object({
  amount: z.coerce
    .number("Give a whole number of XP")
    .int("Give a whole number of XP")
    .min(1, "Give at least 1 XP")
    .max(XP.maxAward, `Give at most ${XP.maxAward} XP`),
  reason: z.string().trim().min(1, "Say what the XP is for").max(200, "Keep the reason under 200 characters"),
});

const PERIOD_LABELS: Record<Period, string> = { week: "This week", all: "All time" };

/** The centre a leaderboard viewer looks at: a person's, or the kiosk's. */
function viewerCentre(principal: Principal, request: Request): CentreId {
  if (principal.kind === "kiosk") return principal.centreId;
  return actorOf(principal, request).centreId;
}

function periodTabs(path: string, period: Period): Tab[] {
  return (["week", "all"] as const).map((value) => ({
    label: PERIOD_LABELS[value],
    href: `${path}?period=${value}`,
    current: value === period,
  }));
}

function scopeTabs(scopes: BoardScope[], current: string | null, period: Period): Tab[] {
  const centre = { label: "Whole centre", href: `/leaderboards?period=${period}`, current: current === null };
  return [
    centre,
    ...scopes.map((scope) => ({
      label: scope.name,
      href: `/leaderboards/classes/${scope.id}?period=${period}`,
      current: scope.id === current,
    })),
  ];
}

function formValues(body: unknown): { amount?: string; reason?: string } {
  const input = (body ?? {}) as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === "string" ? value.slice(0, 300) : undefined);
  return { amount: text(input.amount), reason: text(input.reason) };
}

async function studentXpPage(actor: Actor, studentId: string, csrfToken: string, page: PageRenderer) {
  await assertMayAward(actor, studentId);
  const summary = await xpSummary(actor.centreId, studentId);
  if (!summary) throw new NotFoundError("That student could not be found.");
  return page(
    <StudentXpView summary={summary} action={`/students/${studentId}/xp`} csrfToken={csrfToken} max={XP.maxAward} />,
    { title: `XP for ${summary.name}` },
  );
}

export const gamificationRoutes = new Elysia({ name: "gamification-routes" })
  .use(guard)
  .get(
    "/leaderboards",
    async ({ request, query, principal, page }) => {
      const centreId = viewerCentre(principal, request);
      await requireGamification(centreId);
      const { period } = parseInput(periodQuery, query);
      const [board, scopes] = await Promise.all([boardData(centreId, null, period), boardScopes(principal, centreId)]);
      // Live updates name every child on the board, so only viewers who see them named follow them.
      const live = principal.kind === "user" && seesBoardNames(principal.role);
      return page(
        <LeaderboardView
          title="Leaderboard"
          scopes={scopeTabs(scopes, null, period)}
          periods={periodTabs("/leaderboards", period)}
          board={await boardAsSeenBy(principal, centreId, board)}
          awardLinks={[]}
        />,
        { title: "Leaderboard", liveTopics: live ? [`leaderboard:${centreId}`] : [] },
      );
    },
    { permission: "leaderboard.read" },
  )
  .get(
    "/leaderboards/classes/:classId",
    async ({ request, params, query, principal, page }) => {
      const centreId = viewerCentre(principal, request);
      await requireGamification(centreId);
      const { classId } = parseInput(classParams, params);
      const { period } = parseInput(periodQuery, query);
      const access = await classBoardAccess(principal, centreId, classId);
      if (!access) throw new NotFoundError("That class could not be found.");
      const [board, scopes] = await Promise.all([
        boardData(centreId, classId, period),
        boardScopes(principal, centreId),
      ]);
      const mayAward = principal.kind === "user" && roleHas(principal.role, "xp.award");
      return page(
        <LeaderboardView
          title={`Leaderboard: ${access.name}`}
          scopes={scopeTabs(scopes, classId, period)}
          periods={periodTabs(`/leaderboards/classes/${classId}`, period)}
          board={await boardAsSeenBy(principal, centreId, board)}
          awardLinks={
            mayAward ? access.members.map((member) => ({ name: member.name, href: `/students/${member.id}/xp` })) : []
          }
        />,
        { title: `Leaderboard: ${access.name}`, liveTopics: access.live ? [`class:${classId}`] : [] },
      );
    },
    { permission: "leaderboard.read" },
  )
  .get(
    "/my-xp",
    async ({ request, principal, page }) => {
      const actor = actorOf(principal, request);
      await requireGamification(actor.centreId);
      const students =
        actor.role === "student"
          ? [{ id: actor.userId, heading: "My XP" }]
          : actor.role === "parent"
            ? (await childrenOf(db, actor.centreId, actor.userId)).map((child) => ({
                id: child.id,
                heading: child.name,
              }))
            : [];
      if (students.length === 0) throw new NotFoundError("XP is collected by students; see the leaderboards instead.");
      const summaries = await Promise.all(students.map((student) => xpSummary(actor.centreId, student.id)));
      const sections = summaries.flatMap((summary, index) =>
        summary ? [{ summary, heading: students[index]?.heading ?? summary.name }] : [],
      );
      return page(<MyXpView sections={sections} />, { title: "XP and badges" });
    },
    { permission: "xp.read" },
  )
  .get(
    "/students/:id/xp",
    async ({ request, params, principal, page, csrfToken }) => {
      const actor = actorOf(principal, request);
      const { id } = parseInput(studentParams, params);
      return studentXpPage(actor, id, csrfToken, page);
    },
    { permission: "xp.award" },
  )
  .post(
    "/students/:id/xp",
    async ({ request, params, body, principal, page, csrfToken }) => {
      const actor = actorOf(principal, request);
      const { id } = parseInput(studentParams, params);
      await assertMayAward(actor, id);
      const action = `/students/${id}/xp`;
      try {
        const input = parseInput(awardForm, body);
        await awardByTutor(actor, id, input);
        if (!isFragmentRequest(request)) return redirectTo(request, action);
        const done = `Awarded ${input.amount} XP: ${input.reason}`;
        return htmlResponse(request, <AwardForm action={action} csrfToken={csrfToken} max={XP.maxAward} done={done} />);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const form = (
          <AwardForm
            action={action}
            csrfToken={csrfToken}
            max={XP.maxAward}
            values={formValues(body)}
            errors={error.fieldErrors}
          />
        );
        if (isFragmentRequest(request)) return htmlResponse(request, form, { status: 422 });
        return page(form, { title: "Award XP", status: 422 });
      }
    },
    { permission: "xp.award" },
  );
