import { Elysia } from "elysia";
import { ExerciseFormView, ExerciseKindPicker, kindLabel } from "../../../views/courses/exercise-form";
import { ExerciseList } from "../../../views/courses/lesson";
import type { ExerciseKind } from "../../platform/db/schema";
import { NotFoundError } from "../../platform/errors";
import { bindForm, formValues } from "../../platform/forms";
import { redirectTo } from "../../platform/http/redirect";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { visibleLesson } from "./access";
import { confirmDeleteExercise } from "./confirmations";
import { exerciseKinds } from "./exercise-config";
import { exerciseForm, idParams, MAX_CHOICES } from "./forms";
import { addExercise, deleteExercise, moveExercise, updateExercise } from "./lesson-service";
import { exerciseFormValues, toAuthorExercise } from "./present";
import type { ExerciseRow } from "./queries";
import { afterChange, type FormState, formPage, fresh, listActionRoutes, moveAction } from "./route-helpers";
import { exercisesByIds, exercisesForLessons } from "./service";

function kindOf(body: unknown): ExerciseKind | null {
  const kind = (body as { kind?: unknown } | null)?.kind;
  return typeof kind === "string" && (exerciseKinds as string[]).includes(kind) ? (kind as ExerciseKind) : null;
}

interface FormTarget {
  kind: ExerciseKind;
  action: string;
  back: string;
  editing: boolean;
}

function newExercise(lessonId: string, kind: ExerciseKind): FormTarget {
  return { kind, action: `/lessons/${lessonId}/exercises`, back: `/lessons/${lessonId}`, editing: false };
}

function existingExercise(exercise: ExerciseRow): FormTarget {
  return {
    kind: exercise.kind,
    action: `/exercises/${exercise.id}`,
    back: `/lessons/${exercise.lessonId}`,
    editing: true,
  };
}

/** One exercise form per kind: shown first, and again with its errors. */
function exerciseFormPage(page: PageRenderer, csrfToken: string, target: FormTarget) {
  const title = target.editing
    ? t("courses.title.editExercise")
    : t("courses.title.newExercise", { kind: target.kind });
  return formPage(page, title, (state) => (
    <ExerciseFormView
      {...target}
      maxChoices={MAX_CHOICES}
      csrfToken={csrfToken}
      values={state.values}
      errors={state.errors}
    />
  ));
}

function kindPicker(page: PageRenderer, lessonId: string, failure?: FormState) {
  const kinds = exerciseKinds.map((kind) => ({ kind, label: kindLabel(kind) }));
  return page(<ExerciseKindPicker lessonId={lessonId} kinds={kinds} error={failure?.errors.kind} />, {
    title: t("courses.title.addExercise"),
    status: failure?.status,
  });
}

async function exerciseOr404(actor: Actor, id: string) {
  const [exercise] = await exercisesByIds(actor.centreId, [id]);
  if (!exercise) throw new NotFoundError(t("courses.error.exerciseNotFound"));
  return exercise;
}

function exerciseListResponse(request: Request, actor: Actor, lessonId: string, csrfToken: string) {
  return afterChange(request, `/lessons/${lessonId}`, "exercises", async () => (
    <ExerciseList
      exercises={(await exercisesForLessons(actor.centreId, [lessonId])).map(toAuthorExercise)}
      canEdit
      csrfToken={csrfToken}
    />
  ));
}

/** Authoring exercises: one form per kind, checked by the kind's schema. */
export const exerciseRoutes = new Elysia({ name: "exercise-routes" })
  .use(guard)
  .get(
    "/lessons/:id/exercises/new",
    async ({ params, query, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      await visibleLesson(actor, id);
      const kind = kindOf(query);
      if (!kind) return kindPicker(page, id);
      return exerciseFormPage(page, csrfToken, newExercise(id, kind))(fresh({ kind }));
    },
    { permission: "exercise.create" },
  )
  .post(
    "/lessons/:id/exercises",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      await visibleLesson(actor, id);
      return bindForm(exerciseForm, body, {
        valid: async (input) => {
          await addExercise(actor, id, input);
          return redirectTo(request, `/lessons/${id}`);
        },
        invalid: (failure) => {
          const kind = kindOf(body);
          return kind
            ? exerciseFormPage(page, csrfToken, newExercise(id, kind))(failure)
            : kindPicker(page, id, failure);
        },
      });
    },
    { permission: "exercise.create" },
  )
  .get(
    "/exercises/:id/edit",
    async ({ params, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const exercise = await exerciseOr404(actor, id);
      return exerciseFormPage(page, csrfToken, existingExercise(exercise))(fresh(exerciseFormValues(exercise)));
    },
    { permission: "exercise.update" },
  )
  .post(
    "/exercises/:id",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const exercise = await exerciseOr404(actor, id);
      // The kind comes from the stored exercise, never from the form.
      return bindForm(null, body, {
        valid: async () => {
          await updateExercise(actor, id, parseInput(exerciseForm, { ...formValues(body), kind: exercise.kind }));
          return redirectTo(request, `/lessons/${exercise.lessonId}`);
        },
        invalid: exerciseFormPage(page, csrfToken, existingExercise(exercise)),
      });
    },
    { permission: "exercise.update" },
  );

/** Reordering and deleting a lesson's exercises. */
export const exerciseListRoutes = listActionRoutes(
  "exercise-list-routes",
  [
    moveAction("/exercises/:id/move", "exercise.update", moveExercise),
    {
      path: "/exercises/:id/delete",
      permission: "exercise.delete",
      run: deleteExercise,
      confirm: confirmDeleteExercise,
    },
  ],
  exerciseListResponse,
);
