import { Elysia } from "elysia";
import { EnrolmentSection } from "../../../views/courses/course";
import { ValidationError } from "../../platform/errors";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { confirmUnenrol } from "./confirmations";
import { enrolForm, enrolmentParams, idParams } from "./forms";
import { enrolmentProps } from "./pages";
import { afterChange } from "./route-helpers";
import { courseOr404, enrol, unenrol } from "./service";

async function enrolmentSection(actor: Actor, courseId: string, csrfToken: string, error?: string) {
  const course = await courseOr404(actor.centreId, courseId);
  const props = await enrolmentProps(actor, course, {}, csrfToken, error);
  return props ? <EnrolmentSection {...props} /> : <p>{t("courses.enrolment.hidden")}</p>;
}

/** Enrolling and unenrolling students, from the course page. */
export const enrolmentRoutes = new Elysia({ name: "enrolment-routes" })
  .use(guard)
  .post(
    "/courses/:id/enrolments",
    async ({ request, params, body, actor, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      await courseOr404(actor.centreId, id);
      try {
        await enrol(actor, id, parseInput(enrolForm, body).studentId);
      } catch (error) {
        // htmx shows the message inside the section; a plain form gets the standard 422 page.
        if (!(error instanceof ValidationError) || !isFragmentRequest(request)) throw error;
        const section = await enrolmentSection(actor, id, csrfToken, error.fieldErrors.studentId);
        return htmlResponse(request, section, { status: 422 });
      }
      return afterChange(request, `/courses/${id}#enrolments`, "enrolments", () =>
        enrolmentSection(actor, id, csrfToken),
      );
    },
    { permission: "enrolment.manage" },
  )
  .post(
    "/courses/:id/enrolments/:studentId/delete",
    async ({ request, params, actor, csrfToken }) => {
      const { id, studentId } = parseInput(enrolmentParams, params);
      await unenrol(actor, id, studentId);
      return afterChange(request, `/courses/${id}#enrolments`, "enrolments", () =>
        enrolmentSection(actor, id, csrfToken),
      );
    },
    { permission: "enrolment.manage", confirm: confirmUnenrol },
  );
