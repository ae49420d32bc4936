import type { Kysely } from "kysely";
import { recordAudit } from "../../platform/audit";
import { db } from "../../platform/db";
import { isForeignKeyViolation } from "../../platform/db/errors";
import type { Database } from "../../platform/db/schema";
import { ConflictError, NotFoundError } from "../../platform/errors";
import { type MessageKey, t } from "../../platform/i18n";
import type { Actor } from "../../platform/principal";
import { type CentreId, deleteFromTenant, selectFromTenant, updateTenant } from "../../platform/tenancy";
import { removeFile } from "../files";
import type { ExerciseInput } from "./forms";
import { type Direction, moveAmongSiblings, nextPosition } from "./ordering";
import { exerciseInUse, type LessonRow } from "./queries";
import { inUseConflict, lockedCourse } from "./service";

/** Lessons and what is in them: materials and exercises. Writes only; reads are in queries.ts. */

async function lockedLesson(trx: Kysely<Database>, centreId: CentreId, id: string): Promise<LessonRow> {
  const lesson = await selectFromTenant(trx, "lessons", centreId)
    .where("id", "=", id)
    .select(["id", "course_id as courseId", "title", "position", "status"])
    .forUpdate()
    .executeTakeFirst();
  if (!lesson) throw new NotFoundError(t("courses.error.lessonNotFound"));
  return lesson;
}

type LessonItemTable = "materials" | "exercises";

const NOT_FOUND = {
  materials: "courses.error.materialNotFound",
  exercises: "courses.error.exerciseNotFound",
} as const satisfies Record<LessonItemTable, MessageKey>;

/** The parent id of a material or exercise, 404 when it is not this centre's. */
async function lessonIdOf(trx: Kysely<Database>, centreId: CentreId, table: LessonItemTable, id: string) {
  const row = await selectFromTenant(trx, table, centreId)
    .where("id", "=", id)
    .select("lesson_id as lessonId")
    .executeTakeFirst();
  if (!row) throw new NotFoundError(t(NOT_FOUND[table]));
  return row.lessonId;
}

/** Moves a material or exercise up or down its lesson; returns the lesson's id. */
function moveInLesson(table: LessonItemTable) {
  return (actor: Actor, id: string, direction: Direction): Promise<string> =>
    db.transaction().execute(async (trx) => {
      const lessonId = await lessonIdOf(trx, actor.centreId, table, id);
      await lockedLesson(trx, actor.centreId, lessonId);
      await moveAmongSiblings(trx, actor.centreId, table, lessonId, id, direction);
      return lessonId;
    });
}

/** Deletes a material or exercise; returns the lesson's id. */
async function deleteFromLesson(actor: Actor, table: LessonItemTable, id: string): Promise<string> {
  const row = await deleteFromTenant(db, table, actor.centreId)
    .where("id", "=", id)
    .returning("lesson_id as lessonId")
    .executeTakeFirst();
  if (!row) throw new NotFoundError(t(NOT_FOUND[table]));
  return row.lessonId;
}

// ---- Lessons ----

export async function createLesson(actor: Actor, courseId: string, title: string): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await lockedCourse(trx, actor.centreId, courseId);
    const position = await nextPosition(trx, actor.centreId, "lessons", courseId);
    const lesson = await trx
      .insertInto("lessons")
      .values({ centre_id: actor.centreId, course_id: courseId, title, position })
      .returning("id")
      .executeTakeFirstOrThrow();
    return lesson.id;
  });
}

export async function renameLesson(actor: Actor, id: string, title: string): Promise<void> {
  const result = await updateTenant(db, "lessons", actor.centreId)
    .set({ title, updated_at: new Date() })
    .where("id", "=", id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new NotFoundError(t("courses.error.lessonNotFound"));
}

export async function setLessonStatus(actor: Actor, id: string, status: "draft" | "published"): Promise<string> {
  const result = await updateTenant(db, "lessons", actor.centreId)
    .set({ status, updated_at: new Date() })
    .where("id", "=", id)
    .returning("course_id as courseId")
    .executeTakeFirst();
  if (!result) throw new NotFoundError(t("courses.error.lessonNotFound"));
  return result.courseId;
}

export async function moveLesson(actor: Actor, id: string, direction: Direction): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const lesson = await lockedLesson(trx, actor.centreId, id);
    await lockedCourse(trx, actor.centreId, lesson.courseId);
    await moveAmongSiblings(trx, actor.centreId, "lessons", lesson.courseId, id, direction);
    return lesson.courseId;
  });
}

/** Only drafts can be deleted: a published lesson may already have been read or set as homework. */
export async function deleteDraftLesson(actor: Actor, id: string): Promise<string> {
  try {
    return await db.transaction().execute(async (trx) => {
      const lesson = await lockedLesson(trx, actor.centreId, id);
      if (lesson.status !== "draft") throw new ConflictError(t("courses.error.onlyDrafts"));
      const exercises = await selectFromTenant(trx, "exercises", actor.centreId)
        .where("lesson_id", "=", id)
        .select("id")
        .execute();
      if (
        await exerciseInUse(
          trx,
          actor.centreId,
          exercises.map((exercise) => exercise.id),
        )
      )
        throw inUseConflict("lesson");
      await deleteFromTenant(trx, "lessons", actor.centreId).where("id", "=", id).execute();
      return lesson.courseId;
    });
  } catch (error) {
    if (isForeignKeyViolation(error)) throw inUseConflict("lesson");
    throw error;
  }
}

// ---- Materials ----

export interface TextMaterialInput {
  title: string;
  body: string;
}

function auditMaterial(
  trx: Kysely<Database>,
  actor: Actor,
  action: "material.add" | "material.remove",
  material: { id: string; lessonId: string; title: string; fileId: string | null },
) {
  const described = { lessonId: material.lessonId, title: material.title, fileId: material.fileId };
  return recordAudit(trx, {
    centreId: actor.centreId,
    actor: { id: actor.userId, role: actor.role },
    request: actor.request,
    action,
    target: { type: "material", id: material.id },
    before: action === "material.remove" ? described : null,
    after: action === "material.add" ? described : null,
  });
}

async function addMaterial(
  actor: Actor,
  lessonId: string,
  values: { kind: "text" | "file"; title: string; body_markdown?: string; file_id?: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockedLesson(trx, actor.centreId, lessonId);
    const position = await nextPosition(trx, actor.centreId, "materials", lessonId);
    const row = await trx
      .insertInto("materials")
      .values({ centre_id: actor.centreId, lesson_id: lessonId, position, ...values })
      .returning("id")
      .executeTakeFirstOrThrow();
    await auditMaterial(trx, actor, "material.add", {
      id: row.id,
      lessonId,
      title: values.title,
      fileId: values.file_id ?? null,
    });
  });
}

export function addTextMaterial(actor: Actor, lessonId: string, input: TextMaterialInput): Promise<void> {
  return addMaterial(actor, lessonId, { kind: "text", title: input.title, body_markdown: input.body });
}

/** A stored file (checked for its kind's types and limit by the files module) becomes a material. */
export function addFileMaterial(actor: Actor, lessonId: string, input: { title: string; fileId: string }) {
  return addMaterial(actor, lessonId, { kind: "file", title: input.title, file_id: input.fileId });
}

/** Text materials change title and body; a file material only its title. */
export async function updateMaterial(actor: Actor, id: string, input: TextMaterialInput): Promise<string> {
  const row = await updateTenant(db, "materials", actor.centreId)
    .set((eb) => ({
      title: input.title,
      body_markdown: eb.case().when("kind", "=", "text").then(input.body).else(eb.ref("body_markdown")).end(),
      updated_at: new Date(),
    }))
    .where("id", "=", id)
    .returning("lesson_id as lessonId")
    .executeTakeFirst();
  if (!row) throw new NotFoundError(t(NOT_FOUND.materials));
  return row.lessonId;
}

export const moveMaterial = moveInLesson("materials");

/** Removes a material, and its file (with the file's derived images) once nothing points at it. */
export async function deleteMaterial(actor: Actor, id: string): Promise<string> {
  const removed = await db.transaction().execute(async (trx) => {
    const row = await deleteFromTenant(trx, "materials", actor.centreId)
      .where("id", "=", id)
      .returning(["lesson_id as lessonId", "title", "file_id as fileId"])
      .executeTakeFirst();
    if (!row) throw new NotFoundError(t(NOT_FOUND.materials));
    await auditMaterial(trx, actor, "material.remove", { id, ...row });
    return row;
  });
  if (removed.fileId) await removeFile({ centreId: actor.centreId, fileId: removed.fileId });
  return removed.lessonId;
}

// ---- Exercises ----

export async function addExercise(actor: Actor, lessonId: string, input: ExerciseInput): Promise<string> {
  return db.transaction().execute(async (trx) => {
    await lockedLesson(trx, actor.centreId, lessonId);
    const position = await nextPosition(trx, actor.centreId, "exercises", lessonId);
    const row = await trx
      .insertInto("exercises")
      .values({
        centre_id: actor.centreId,
        lesson_id: lessonId,
        kind: input.kind,
        prompt: input.prompt,
        config: input.config,
        points: input.points,
        position,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  });
}

/** The kind stays what it was: answers already given were given to that kind of question. */
export async function updateExercise(actor: Actor, id: string, input: ExerciseInput): Promise<string> {
  const row = await updateTenant(db, "exercises", actor.centreId)
    .set({ prompt: input.prompt, config: input.config, points: input.points, updated_at: new Date() })
    .where("id", "=", id)
    .where("kind", "=", input.kind)
    .returning("lesson_id as lessonId")
    .executeTakeFirst();
  if (!row) throw new NotFoundError(t(NOT_FOUND.exercises));
  return row.lessonId;
}

export const moveExercise = moveInLesson("exercises");

export async function deleteExercise(actor: Actor, id: string): Promise<string> {
  if (await exerciseInUse(db, actor.centreId, [id])) throw inUseConflict("exercise");
  try {
    return await deleteFromLesson(actor, "exercises", id);
  } catch (error) {
    if (isForeignKeyViolation(error)) throw inUseConflict("exercise");
    throw error;
  }
}
