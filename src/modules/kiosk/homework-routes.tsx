import { Elysia } from "elysia";
import { KioskHomeworkView } from "../../../views/kiosk/homework";
import { db } from "../../platform/db";
import { cookieOptions, SESSION_COOKIE } from "../../platform/http/authenticate";
import { redirectTo } from "../../platform/http/redirect";
import { t } from "../../platform/i18n";
import { PUBLIC } from "../../platform/permissions";
import { signSessionToken } from "../../platform/session/tokens";
import { guard } from "../../web/guard";
import { dueHomeworkForStudent, formatDue } from "../homework";
import { personById } from "../people";
import { kioskOf } from "./device-routes";
import { endKioskHomework, KIOSK_HOMEWORK_IDLE_SECONDS, startKioskHomework } from "./homework-session";
import { currentKioskStudent, endKioskStudent } from "./student-session";

/**
 * Homework at the kiosk: the child who has just checked in opens a homework-only session on the
 * device (homework-session.ts); its pages are the homework module's own, in a layout that offers
 * nothing else and says "I'm finished" by itself after a minute without a touch.
 */
export const kioskHomeworkRoutes = new Elysia({ name: "kiosk-homework-routes" })
  .use(guard)
  .post(
    "/kiosk/homework",
    async ({ request, principal, cookie, audit }) => {
      const kiosk = kioskOf(principal);
      const student = await currentKioskStudent(kiosk.kioskId);
      // The welcome minute ran out: back to the pictures, nobody is signed in.
      if (!student) return redirectTo(request, "/kiosk");
      const person = await personById(db, kiosk.centreId, student.studentId);
      if (person?.role !== "student" || person.status !== "active") return redirectTo(request, "/kiosk");
      const session = await startKioskHomework(
        kiosk,
        { studentId: person.id, name: person.name, locale: person.locale },
        audit,
      );
      await endKioskStudent(kiosk.kioskId);
      cookie[SESSION_COOKIE]?.set({ value: await signSessionToken(session.id), ...cookieOptions });
      return redirectTo(request, "/kiosk/homework");
    },
    { permission: "kiosk.screen" },
  )
  .get(
    "/kiosk/homework",
    async ({ actor, page }) => {
      const due = await dueHomeworkForStudent(actor.centreId, actor.userId);
      const items = due.map((work) => ({
        homeworkId: work.homeworkId,
        title: work.title,
        due: formatDue(work.dueAt, actor.centre.timeZone),
      }));
      const view = <KioskHomeworkView name={actor.name} items={items} idleSeconds={KIOSK_HOMEWORK_IDLE_SECONDS} />;
      return page(view, { title: t("kiosk.homework.title") });
    },
    { permission: "submission.read_own" },
  )
  .post(
    "/kiosk/homework/finish",
    async ({ request, principal, cookie }) => {
      // Ends only the caller's own kiosk homework session; anyone else just goes back to the kiosk.
      if (principal.kind === "user" && principal.session.kioskId) {
        await endKioskHomework(principal.session.kioskId);
        cookie[SESSION_COOKIE]?.remove();
      }
      return redirectTo(request, "/kiosk");
    },
    { permission: PUBLIC },
  );
