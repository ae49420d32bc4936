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
import { bindForm } from "../../platform/forms";
import { redirectTo } from "../../platform/http/redirect";
import { t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { parseInput } from "../../platform/validation";
import { guard } from "../../web/guard";
import type { PageRenderer } from "../../web/page";
import { isStaff, visibleLesson } from "./access";
import { confirmDeleteMaterial } from "./confirmations";
import { idParams, lessonForm, materialForm } from "./forms";
import { addTextMaterial, deleteMaterial, moveMaterial, renameLesson, updateMaterial } from "./lesson-service";
import { lessonEditorProps, lessonViewProps } from "./pages";
import { toMaterialItems } from "./present";
import { materialById, materialsOfLesson } from "./queries";
import { afterChange, formPage, fresh, listActionRoutes, moveAction } from "./route-helpers";

async function materialOr404(actor: Actor, id: string) {
  const material = await materialById(db, actor.centreId, id);
  if (!material) throw new NotFoundError(t("courses.error.materialNotFound"));
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

/** Renaming a lesson, first with its title, again with errors. */
function renameFormPage(page: PageRenderer, lessonId: string, csrfToken: string) {
  const heading = t("courses.title.renameLesson");
  return formPage(page, heading, (state) => (
    <LessonFormView
      heading={heading}
      action={`/lessons/${lessonId}`}
      back={`/lessons/${lessonId}`}
      submit={t("common.form.save")}
      csrfToken={csrfToken}
      values={state.values}
      errors={state.errors}
    />
  ));
}

/** A text material: added to a lesson, or edited in place (a file material keeps its file). */
function materialFormPage(
  page: PageRenderer,
  csrfToken: string,
  target: { materialId?: string; lessonId: string; isFile?: boolean },
) {
  const editing = target.materialId !== undefined;
  const heading = t(editing ? "courses.title.editMaterial" : "courses.title.addText");
  return formPage(page, heading, (state) => (
    <MaterialFormView
      heading={heading}
      action={editing ? `/materials/${target.materialId}` : `/lessons/${target.lessonId}/materials`}
      back={`/lessons/${target.lessonId}`}
      submit={t(editing ? "common.form.save" : "courses.material.add")}
      csrfToken={csrfToken}
      isFile={target.isFile}
      values={state.values}
      errors={state.errors}
    />
  ));
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
      return page(<LessonView {...props} />, { title: t("courses.title.preview", { title: props.lesson.title }) });
    },
    { permission: "lesson.update" },
  )
  .get(
    "/lessons/:id/edit",
    async ({ params, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const { lesson } = await visibleLesson(actor, id);
      return renameFormPage(page, id, csrfToken)(fresh({ title: lesson.title }));
    },
    { permission: "lesson.update" },
  )
  .post(
    "/lessons/:id",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      await visibleLesson(actor, id);
      return bindForm(lessonForm, body, {
        valid: async ({ title }) => {
          await renameLesson(actor, id, title);
          return redirectTo(request, `/lessons/${id}`);
        },
        invalid: renameFormPage(page, id, csrfToken),
      });
    },
    { permission: "lesson.update" },
  )
  .get(
    "/lessons/:id/materials/new",
    async ({ params, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      await visibleLesson(actor, id);
      return materialFormPage(page, csrfToken, { lessonId: id })(fresh());
    },
    { permission: "material.create" },
  )
  .post(
    "/lessons/:id/materials",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      await visibleLesson(actor, id);
      return bindForm(materialForm, body, {
        valid: async (input) => {
          await addTextMaterial(actor, id, input);
          return redirectTo(request, `/lessons/${id}`);
        },
        invalid: materialFormPage(page, csrfToken, { lessonId: id }),
      });
    },
    { permission: "material.create" },
  )
  .get(
    "/materials/:id/edit",
    async ({ params, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const material = await materialOr404(actor, id);
      const target = { materialId: id, lessonId: material.lessonId, isFile: material.kind === "file" };
      return materialFormPage(page, csrfToken, target)(fresh({ title: material.title, body: material.bodyMarkdown }));
    },
    { permission: "material.update" },
  )
  .post(
    "/materials/:id",
    async ({ request, params, body, actor, page, csrfToken }) => {
      const { id } = parseInput(idParams, params);
      const material = await materialOr404(actor, id);
      const target = { materialId: id, lessonId: material.lessonId, isFile: material.kind === "file" };
      return bindForm(materialForm, body, {
        valid: async (input) => {
          const lessonId = await updateMaterial(actor, id, input);
          return redirectTo(request, `/lessons/${lessonId}`);
        },
        invalid: materialFormPage(page, csrfToken, target),
      });
    },
    { permission: "material.update" },
  );

/** Reordering and deleting a lesson's materials. */
export const materialListRoutes = listActionRoutes(
  "material-list-routes",
  [
    moveAction("/materials/:id/move", "material.update", moveMaterial),
    {
      path: "/materials/:id/delete",
      permission: "material.delete",
      run: deleteMaterial,
      confirm: confirmDeleteMaterial,
    },
  ],
  materialListResponse,
);
