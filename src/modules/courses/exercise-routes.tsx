import { Elysia } from "elysia";
import { ExerciseFormView, ExerciseKindPicker, KIND_LABELS } from "../../../views/courses/exercise-form";
import { ExerciseList } from "../../../views/courses/lesson";
import type { ExerciseKind } from "../../platform/db/schema";
import { NotFoundError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { visibleLesson } from "./access";
import { exerciseKinds } from "./exercise-config";
import { exerciseForm, idParams, MAX_CHOICES, moveForm } from "./forms";
import { addExercise, deleteExercise, moveExercise, updateExercise } from "./lesson-service";
import { exerciseFormValues, formValues, toAuthorExercise } from "./present";
import { afterChange, withFormErrors } from "./route-helpers";
import { exercisesByIds, exercisesForLessons } from "./service";

const KIND_OPTIONS = exerciseKinds.map((kind) => ({ kind, label: KIND_LABELS[kind] }));

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

function exerciseFormPage(
  target: FormTarget,
  csrfToken: string,
  values: Record<string, string>,
  errors: Record<string, string>,
) {
  return (
    <ExerciseFormView
      {...target}
      kindLabel={KIND_LABELS[target.kind]}
      maxChoices={MAX_CHOICES}
      csrfToken={csrfToken}
      values={values}
      errors={errors}
    />
  );
}

async function exerciseOr404(actor: Actor, id: string) {
  const [exercise] = await exercisesByIds(actor.centreId, [id]);
  if (!exercise) throw new NotFoundError("That exercise could not be found.");
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
      if (!kind) return page(<ExerciseKindPicker lessonId={id} kinds={KIND_OPTIONS} />, { title: "Add an exercise" });
      const target = { kind, action: `/lessons/${id}/exercises`, back: `/lessons/${id}`, editing: false };
      return page(exerciseFormPage(target, csrfToken, { kind }, {}), { title: `New ${KIND_LABELS[kind]}` });
    },
    { permission: "exercise.create" },
  )
  .post(
    "/lessons/:id/exercises",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      await visibleLesson(actor, id);
      return withFormErrors(
        async () => {
          await addExercise(actor, id, parseInput(exerciseForm, body));
          return redirectTo(request, `/lessons/${id}`);
        },
        (errors) => {
          const kind = kindOf(body);
          if (!kind)
            return page(<ExerciseKindPicker lessonId={id} kinds={KIND_OPTIONS} error={errors.kind} />, {
              title: "Add an exercise",
              status: 422,
            });
          const target = { kind, action: `/lessons/${id}/exercises`, back: `/lessons/${id}`, editing: false };
          return page(exerciseFormPage(target, csrfToken, formValues(body), errors), {
            title: `New ${KIND_LABELS[kind]}`,
            status: 422,
          });
        },
      );
    },
    { permission: "exercise.create" },
  )
  .get(
    "/exercises/:id/edit",
    async ({ params, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const exercise = await exerciseOr404(actor, id);
      const target = {
        kind: exercise.kind,
        action: `/exercises/${id}`,
        back: `/lessons/${exercise.lessonId}`,
        editing: true,
      };
      return page(exerciseFormPage(target, csrfToken, exerciseFormValues(exercise), {}), {
        title: "Edit the exercise",
      });
    },
    { permission: "exercise.update" },
  )
  .post(
    "/exercises/:id",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const exercise = await exerciseOr404(actor, id);
      const target = {
        kind: exercise.kind,
        action: `/exercises/${id}`,
        back: `/lessons/${exercise.lessonId}`,
        editing: true,
      };
      return withFormErrors(
        async () => {
          // The kind comes from the stored exercise, never from the form.
          const input = parseInput(exerciseForm, { ...formValues(body), kind: exercise.kind });
          await updateExercise(actor, id, input);
          return redirectTo(request, `/lessons/${exercise.lessonId}`);
        },
        (errors) =>
          page(exerciseFormPage(target, csrfToken, formValues(body), errors), {
            title: "Edit the exercise",
            status: 422,
          }),
      );
    },
    { permission: "exercise.update" },
  )
  .post(
    "/exercises/:id/move",
    async ({ request, params, body, actor, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const { direction } = parseInput(moveForm, body);
      const lessonId = await moveExercise(actor, id, direction);
      return exerciseListResponse(request, actor, lessonId, csrfToken);
    },
    { permission: "exercise.update" },
  )
  .post(
    "/exercises/:id/delete",
    async ({ request, params, actor, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const lessonId = await deleteExercise(actor, id);
      return exerciseListResponse(request, actor, lessonId, csrfToken);
    },
    { permission: "exercise.delete" },
  );
