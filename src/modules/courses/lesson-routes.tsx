import { Elysia } from "elysia";
import {
  LessonEditorView,
  LessonFormView,
  LessonView,
  MaterialFormView,
  MaterialList,
} from "../../../views/courses/lesson";
import { db } from "../../platform/db";
import { NotFoundError } from "../../platform/errors";
import { redirectTo } from "../../platform/http/redirect";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import { isStaff, visibleLesson } from "./access";
import { idParams, lessonForm, materialForm, moveForm } from "./forms";
import { addTextMaterial, deleteMaterial, moveMaterial, renameLesson, updateMaterial } from "./lesson-service";
import { lessonEditorProps, lessonViewProps } from "./pages";
import { formValues, toMaterialItems } from "./present";
import { materialById, materialsOfLesson } from "./queries";
import { afterChange, withFormErrors } from "./route-helpers";

async function materialOr404(actor: Actor, id: string) {
  const material = await materialById(db, actor.centreId, id);
  if (!material) throw new NotFoundError("That material could not be found.");
  return material;
}

function materialListResponse(request: Request, actor: Actor, lessonId: string, csrfToken: string) {
  return afterChange(request, `/lessons/${lessonId}`, "materials", async () => (
    <MaterialList
      lessonId={lessonId}
      materials={await toMaterialItems(actor.centreId, await materialsOfLesson(db, actor.centreId, lessonId))}
      canEdit
      csrfToken={csrfToken}
    />
  ));
}

function renameForm(
  lessonId: string,
  csrfToken: string,
  values: Record<string, string>,
  errors: Record<string, string>,
) {
  return (
    <LessonFormView
      heading="Rename the lesson"
      action={`/lessons/${lessonId}`}
      back={`/lessons/${lessonId}`}
      submit="Save"
      csrfToken={csrfToken}
      values={values}
      errors={errors}
    />
  );
}

function newMaterialForm(
  lessonId: string,
  csrfToken: string,
  values: Record<string, string>,
  errors: Record<string, string>,
) {
  return (
    <MaterialFormView
      heading="Add text"
      action={`/lessons/${lessonId}/materials`}
      back={`/lessons/${lessonId}`}
      submit="Add"
      csrfToken={csrfToken}
      values={values}
      errors={errors}
    />
  );
}

/** Lessons (page, preview, rename) and their materials. */
export const lessonRoutes = new Elysia({ name: "lesson-routes" })
  .use(guard)
  .get(
    "/lessons/:id",
    async ({ params, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      if (!isStaff(actor)) {
        const props = await lessonViewProps(actor, id, false);
        return page(<LessonView {...props} />, { title: props.lesson.title });
      }
      const props = await lessonEditorProps(actor, id, csrfToken);
      return page(<LessonEditorView {...props} />, { title: props.lesson.title });
    },
    { permission: "lesson.read" },
  )
  .get(
    "/lessons/:id/preview",
    async ({ params, actor, page }) => {
      const { id } = parseInput(idParams, params);
      const props = await lessonViewProps(actor, id, true);
      return page(<LessonView {...props} />, { title: `Preview: ${props.lesson.title}` });
    },
    { permission: "lesson.update" },
  )
  .get(
    "/lessons/:id/edit",
    async ({ params, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const { lesson } = await visibleLesson(actor, id);
      return page(renameForm(id, csrfToken, { title: lesson.title }, {}), { title: "Rename the lesson" });
    },
    { permission: "lesson.update" },
  )
  .post(
    "/lessons/:id",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      await visibleLesson(actor, id);
      return withFormErrors(
        async () => {
          await renameLesson(actor, id, parseInput(lessonForm, body).title);
          return redirectTo(request, `/lessons/${id}`);
        },
        (errors) =>
          page(renameForm(id, csrfToken, formValues(body), errors), { title: "Rename the lesson", status: 422 }),
      );
    },
    { permission: "lesson.update" },
  )
  .get(
    "/lessons/:id/materials/new",
    async ({ params, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      await visibleLesson(actor, id);
      return page(newMaterialForm(id, csrfToken, {}, {}), { title: "Add text" });
    },
    { permission: "material.create" },
  )
  .post(
    "/lessons/:id/materials",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      await visibleLesson(actor, id);
      return withFormErrors(
        async () => {
          await addTextMaterial(actor, id, parseInput(materialForm, body));
          return redirectTo(request, `/lessons/${id}`);
        },
        (errors) => page(newMaterialForm(id, csrfToken, formValues(body), errors), { title: "Add text", status: 422 }),
      );
    },
    { permission: "material.create" },
  )
  .get(
    "/materials/:id/edit",
    async ({ params, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const material = await materialOr404(actor, id);
      return page(
        <MaterialFormView
          heading="Edit the material"
          action={`/materials/${id}`}
          back={`/lessons/${material.lessonId}`}
          submit="Save"
          csrfToken={csrfToken}
          values={{ title: material.title, body: material.bodyMarkdown }}
          errors={{}}
          isFile={material.kind === "file"}
        />,
        { title: "Edit the material" },
      );
    },
    { permission: "material.update" },
  )
  .post(
    "/materials/:id",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const material = await materialOr404(actor, id);
      return withFormErrors(
        async () => {
          const lessonId = await updateMaterial(actor, id, parseInput(materialForm, body));
          return redirectTo(request, `/lessons/${lessonId}`);
        },
        (errors) =>
          page(
            <MaterialFormView
              heading="Edit the material"
              action={`/materials/${id}`}
              back={`/lessons/${material.lessonId}`}
              submit="Save"
              csrfToken={csrfToken}
              values={formValues(body)}
              errors={errors}
              isFile={material.kind === "file"}
            />,
            { title: "Edit the material", status: 422 },
          ),
      );
    },
    { permission: "material.update" },
  )
  .post(
    "/materials/:id/move",
    async ({ request, params, body, actor, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const { direction } = parseInput(moveForm, body);
      const lessonId = await moveMaterial(actor, id, direction);
      return materialListResponse(request, actor, lessonId, csrfToken);
    },
    { permission: "material.update" },
  )
  .post(
    "/materials/:id/delete",
    async ({ request, params, actor, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const lessonId = await deleteMaterial(actor, id);
      return materialListResponse(request, actor, lessonId, csrfToken);
    },
    { permission: "material.delete" },
  );
