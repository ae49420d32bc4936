import { Elysia } from "elysia";
import { z } from "zod";
import { ChildConsentCard, HomeView } from "../../../views/home/home";
import { NotFoundError } from "../../platform/errors";
import type { Confirmation } from "../../platform/http/confirmation";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { lazy, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { UserPrincipal } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { type ConfirmContext, guard } from "../../web/guard";
import { viewerFor } from "../../web/page";
import { announcementLinks } from "../announcements";
import { gamificationLinks } from "../gamification";
import { homeworkLinks } from "../homework";
import { paperLinks } from "../paper";
import { recordConsent } from "../people";
import { reportLinks } from "../reports";
import { childCards, dashboardFor } from "./service";

/** Classes and the timetable, for tutors and staff working in a centre. */
function teachingLinks(principal: UserPrincipal) {
  if (!principal.centreId) return [];
  return [
    ...(roleHas(principal.role, "class.read") ? [{ href: "/classes", label: t("home.link.classes") }] : []),
    ...(roleHas(principal.role, "timetable.read") ? [{ href: "/timetable", label: t("home.link.timetable") }] : []),
    ...(roleHas(principal.role, "kiosk.read") ? [{ href: "/kiosks", label: t("home.link.kiosks") }] : []),
    ...(roleHas(principal.role, "dashboard.student")
      ? [{ href: "/my-sessions", label: t("home.link.mySessions") }]
      : []),
  ];
}

/** Courses: the catalogue for staff, "My courses" for students, their children's courses for parents. */
function courseLinks(principal: UserPrincipal) {
  if (!principal.centreId || !roleHas(principal.role, "course.read")) return [];
  const label = principal.role === "student" ? t("home.link.myCourses") : t("home.link.courses");
  return [{ href: "/courses", label }];
}

/** Background-job panels for the people who retry failed jobs. */
function operationsLinks(principal: UserPrincipal) {
  return [
    ...(principal.centreId && roleHas(principal.role, "queue.read")
      ? [{ href: "/admin/queues", label: t("home.link.backgroundJobs") }]
      : []),
    ...(principal.centreId && roleHas(principal.role, "mail.read")
      ? [{ href: "/admin/mail", label: t("home.link.sentMail") }]
      : []),
    ...(roleHas(principal.role, "platform.queue_read")
      ? [{ href: "/platform/queues", label: t("home.link.allQueues") }]
      : []),
  ];
}

const studentParams = z.object({ studentId: z.uuid({ error: lazy("home.childNotFound") }) });

export const homePageRoutes = new Elysia({ name: "home-routes" }).use(guard).get(
  "/home",
  async ({ principal, centre, page, csrfToken }) => {
    if (principal.kind !== "user") throw new NotFoundError();
    const viewer = viewerFor(principal);
    const children =
      centre && roleHas(principal.role, "guardian.read_children") ? await childCards(centre, principal.userId) : null;
    const centreName = centre?.name ?? null;
    const [dashboard, announcements] = centre ? await dashboardFor(principal, centre, children) : [null, null];
    return page(
      <HomeView
        name={principal.name}
        roleLabel={viewer.roleLabel}
        centreName={centreName}
        actingCentreName={principal.session.actingCentreId ? centreName : null}
        links={[
          ...viewer.nav.filter((link) => link.href !== "/home"),
          ...teachingLinks(principal),
          ...courseLinks(principal),
          ...homeworkLinks(principal.role),
          ...(principal.centreId ? reportLinks(principal.role) : []),
          ...(principal.centreId ? announcementLinks(principal.role) : []),
          ...(principal.centreId && roleHas(principal.role, "export.create")
            ? [{ href: "/exports", label: t("home.link.exports") }]
            : []),
          ...(principal.centreId ? paperLinks(principal.role) : []),
          ...(centre ? await gamificationLinks(principal.role, centre) : []),
          ...operationsLinks(principal),
        ]}
        children={children}
        csrfToken={csrfToken}
        dashboard={dashboard}
        announcements={announcements}
      />,
      // A tutor's marking-queue count updates live as work is handed in and marked.
      { title: t("home.pageTitle"), liveTopics: principal.role === "tutor" ? [`marking:${principal.userId}`] : [] },
    );
  },
  { permission: "home.read" },
);

/** Consent changes answer htmx with the child's refreshed card, plain forms with a redirect. */
function changeConsent(action: "give" | "withdraw") {
  return async ({ request, params, actor: parent, csrfToken }: ConfirmContext) => {
    const { studentId } = parseInput(studentParams, params);
    await recordConsent(parent, studentId, action === "give" ? "given" : "withdrawn");
    if (!isFragmentRequest(request)) return redirectTo(request, "/home");
    const card = (await childCards(parent.centre, parent.userId)).find((child) => child.id === studentId);
    if (!card) throw new NotFoundError(t("home.childNotLinked"));
    return htmlResponse(request, <ChildConsentCard child={card} csrfToken={csrfToken} />);
  };
}

/** Withdrawing consent signs the child out of their account: the parent is asked first, naming them. */
async function confirmWithdrawConsent({ params, actor: parent }: ConfirmContext): Promise<Confirmation> {
  const { studentId } = parseInput(studentParams, params);
  const child = (await childCards(parent.centre, parent.userId)).find((card) => card.id === studentId);
  if (!child) throw new NotFoundError(t("home.childNotLinked"));
  return {
    question: t("home.confirm.withdraw.question", { name: child.name }),
    consequence: t("home.confirm.withdraw.consequence", { name: child.name }),
    action: t("home.confirm.withdraw.action"),
    back: "/home",
    done: t("home.confirm.withdraw.done", { name: child.name }),
  };
}

export const consentRoutes = new Elysia({ name: "consent-routes" })
  .use(guard)
  .post("/consent/:studentId/give", changeConsent("give"), { permission: "consent.give" })
  .post("/consent/:studentId/withdraw", changeConsent("withdraw"), {
    permission: "consent.withdraw",
    confirm: confirmWithdrawConsent,
  });
