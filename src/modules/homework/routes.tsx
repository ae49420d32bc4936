import { Elysia } from "elysia";
import { z } from "zod";
import { AssignForm, AssignView, HomeworkDetailView, HomeworkListView } from "../../../views/homework/staff";
import { localDateTime } from "../../platform/calendar";
import { db } from "../../platform/db";
import { bindForm, type FormFailure } from "../../platform/forms";
import type { Confirmation } from "../../platform/http/confirmation";
import { redirectTo } from "../../platform/http/redirect";
import { htmlResponse, isFragmentRequest } from "../../platform/http/render";
import { lazy, t } from "../../platform/i18n";
import { roleHas } from "../../platform/permissions";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { type ConfirmContext, guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { recordAction } from "../../web/record-action";
import { homeworkForStaff, scopeOf } from "./access";
import { type AssignChoice, assignProps } from "./assign-form";
import { formatDue, isLate } from "./due";
import { dateTimeInput, dueInstant, formState, homeworkParams, keysetQuery, longText, title } from "./forms";
import { markbookRoutes } from "./markbook-routes";
import { markingRoutes } from "./marking-routes";
import { instructionsText, scoreText, statusBadge } from "./present";
import { homeworkPage, submissionsOfHomework } from "./queries";
import { assignHomework, editHomework, extendHomework, withdrawHomework } from "./service";
import { studentRoutes } from "./student-routes";

const optionalId = z.union([z.literal(""), z.uuid()]).default("");
const kind = z.enum(["exercises", "worksheet"], { error: lazy("homework.validation.kind") }).default("exercises");
const setupQuery = z.object({ classId: optionalId, soloStudentId: optionalId, lessonId: optionalId, kind });
const NO_CHOICE: AssignChoice = { classId: "", soloStudentId: "", lessonId: "", kind: "exercises" };
const optionalCount = (max: number, error: () => string) =>
  z.union([
    z.literal("").transform(() => null),
    z.coerce.number({ error }).int({ error }).min(1, { error }).max(max, { error }),
  ]);

const assignForm = z
  .object({
    title,
    instructions: longText,
    kind,
    // A class, or one student outside any class (1:1 tutoring).
    classId: z.union([z.literal(""), z.uuid({ error: lazy("homework.validation.class") })]).default(""),
    soloStudentId: z.union([z.literal(""), z.uuid({ error: lazy("homework.validation.student") })]).default(""),
    studentId: z.union([z.literal(""), z.uuid({ error: lazy("homework.validation.student") })]).default(""),
    lessonId: optionalId,
    exerciseIds: z.preprocess(
      (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
      z
        .array(z.uuid({ error: lazy("homework.validation.exercises") }))
        .max(100, { error: lazy("homework.validation.atMostExercises") }),
    ),
    pages: optionalCount(100, lazy("homework.validation.pages")).default(null),
    outOf: optionalCount(1000, lazy("homework.validation.outOf")).default(null),
    dueAt: dateTimeInput,
    showResults: z
      .literal("on", { error: lazy("homework.validation.showResults") })
      .optional()
      .transform((value) => value === "on"),
  })
  .refine((form) => form.classId || form.soloStudentId, {
    error: lazy("homework.validation.classOrStudent"),
    path: ["classId"],
  });
const editForm = z.object({ title, instructions: longText });
const extendForm = z.object({ dueAt: dateTimeInput });

function checkedIds(body: unknown): string[] {
  const value = (body as Record<string, unknown> | null)?.exerciseIds;
  return (Array.isArray(value) ? value : [value]).filter((id): id is string => typeof id === "string");
}

/** The homework's page, or the same page again with a refused form's values and messages. */
/** Withdrawing takes the homework away from every student it was set for, handed-in work included. */
async function confirmWithdrawHomework({ params, actor }: ConfirmContext): Promise<Confirmation> {
  const homework = await homeworkForStaff(actor, parseInput(homeworkParams, params).id);
  const { title } = homework;
  return {
    question: t("homework.confirm.withdraw.question", { title }),
    consequence: t("homework.confirm.withdraw.consequence", { title }),
    action: t("homework.confirm.withdraw.action"),
    back: `/homework/${homework.id}`,
    done: t("homework.confirm.withdraw.done", { title }),
  };
}

/** A paper worksheet the actor may print: its QR-coded PDF (paper module) is linked from the page. */
function printable(actor: Actor, homework: { kind: string; status: string }): boolean {
  return (
    homework.kind === "worksheet" &&
    homework.status === "active" &&
    actor.centre.features.qr_scanning &&
    roleHas(actor.role, "worksheet.print")
  );
}

async function detailPage(actor: Actor, id: string, page: PageRenderer, csrfToken: string, failure?: FormFailure) {
  return page(await renderDetail(actor, id, formState(csrfToken, failure)), {
    title: t("homework.list.title"),
    status: failure?.status,
  });
}

async function renderDetail(
  actor: Actor,
  id: string,
  form: { csrfToken: string; values: Record<string, string>; errors: Record<string, string> },
) {
  const homework = await homeworkForStaff(actor, id);
  const { timeZone } = actor.centre;
  const submissions = await submissionsOfHomework(db, actor.centreId, id);
  const now = new Date();
  return (
    <HomeworkDetailView
      {...form}
      id={homework.id}
      title={homework.title}
      instructions={instructionsText(homework.instructions)}
      editInstructions={homework.instructions}
      due={formatDue(homework.dueAt, timeZone)}
      dueInput={localDateTime(homework.dueAt, timeZone)}
      timeZone={timeZone}
      withdrawn={homework.status === "withdrawn"}
      worksheetPdf={printable(actor, homework) ? `/homework/${homework.id}/worksheet.pdf` : null}
      submissions={submissions.map((row) => ({
        id: row.id,
        studentName: row.studentName,
        badge: statusBadge(row.status, isLate(homework.dueAt, row.submittedAt, now)),
        score: scoreText(row.score, row.maxScore),
      }))}
      can={{
        update: roleHas(actor.role, "homework.update"),
        extend: roleHas(actor.role, "homework.extend"),
        withdraw: roleHas(actor.role, "homework.withdraw"),
      }}
    />
  );
}

const staffRoutes = new Elysia({ name: "homework-staff-routes" })
  .use(guard)
  .get(
    "/homework",
    async ({ query, actor, page }) => {
      const at = parseInput(keysetQuery, query);
      const list = await homeworkPage(db, actor.centreId, await scopeOf(actor), at);
      const items = list.rows.map((row) => ({
        id: row.id,
        title: row.title,
        due: formatDue(row.dueAt, actor.centre.timeZone),
        withdrawn: row.status === "withdrawn",
        assigned: row.assigned,
        handedIn: row.handedIn,
        toMark: row.toMark,
      }));
      const link = (direction: "after" | "before", token: string | null) =>
        token && `/homework?${new URLSearchParams({ [direction]: token })}`;
      return page(
        <HomeworkListView
          items={items}
          previous={link("before", list.previous)}
          next={link("after", list.next)}
          canAssign={roleHas(actor.role, "homework.assign")}
        />,
        { title: t("homework.list.title") },
      );
    },
    { permission: "submission.read" },
  )
  .get(
    "/homework/new",
    async ({ request, query, actor, page, csrfToken }) => {
      const choice: AssignChoice = parseInput(setupQuery, query);
      const props = await assignProps(actor, choice, formState(csrfToken));
      if (isFragmentRequest(request)) return htmlResponse(request, <AssignForm {...props} />);
      return page(<AssignView {...props} />, { title: t("homework.assign.title") });
    },
    { permission: "homework.assign" },
  )
  .post(
    "/homework",
    ({ request, body, actor, page, csrfToken }) =>
      bindForm(assignForm, body, {
        valid: async (form) => {
          const id = await assignHomework(actor, {
            ...form,
            classId: form.classId || null,
            studentId: (form.classId ? form.studentId : form.soloStudentId) || null,
            lessonId: form.lessonId || null,
            dueAt: dueInstant(form.dueAt, actor.centre.timeZone),
            showResultsOnHandIn: form.showResults,
          });
          return redirectTo(request, `/homework/${id}`);
        },
        invalid: async ({ values, errors, status }) => {
          const choice = setupQuery.safeParse(values);
          const props = await assignProps(actor, choice.success ? choice.data : NO_CHOICE, {
            csrfToken,
            values,
            errors,
            checked: checkedIds(body),
          });
          return page(<AssignView {...props} />, { title: t("homework.assign.title"), status });
        },
      }),
    { permission: "homework.assign" },
  )
  .get(
    "/homework/:id",
    async ({ params, actor, page, csrfToken }) => {
      const { id } = parseInput(homeworkParams, params);
      return detailPage(actor, id, page, csrfToken);
    },
    { permission: "submission.read" },
  )
  .post(
    "/homework/:id/edit",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(homeworkParams, params);
      return bindForm(editForm, body, {
        valid: async (form) => {
          await editHomework(actor, id, form);
          return redirectTo(request, `/homework/${id}`);
        },
        invalid: (failure) => detailPage(actor, id, page, csrfToken, failure),
      });
    },
    { permission: "homework.update" },
  )
  .post(
    "/homework/:id/extend",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(homeworkParams, params);
      return bindForm(extendForm, body, {
        valid: async ({ dueAt }) => {
          await extendHomework(actor, id, dueInstant(dueAt, actor.centre.timeZone));
          return redirectTo(request, `/homework/${id}`);
        },
        invalid: (failure) => detailPage(actor, id, page, csrfToken, failure),
      });
    },
    { permission: "homework.extend" },
  )
  .post(
    "/homework/:id/withdraw",
    recordAction(homeworkParams, withdrawHomework, (id) => `/homework/${id}`),
    { permission: "homework.withdraw", confirm: confirmWithdrawHomework },
  );

export const homeworkRoutes = new Elysia({ name: "homework-routes" })
  .use(staffRoutes)
  .use(studentRoutes)
  .use(markingRoutes)
  .use(markbookRoutes);
