import type { SafeHtml } from "#html/jsx-runtime";
import type { ExerciseKind } from "../../src/platform/db/schema";
import { t } from "../../src/platform/i18n";
import { Field, Notice, TextArea } from "../components/form";
import type { LessonItem } from "./course";
import { DeleteButton, FormCard, MoveButtons, StatusBadge } from "./parts";

export interface MaterialItem {
  id: string;
  kind: "text" | "file";
  title: string;
  /** Text materials, rendered by the safe Markdown renderer. */
  body: SafeHtml | null;
  /** File materials whose file is stored (and, for an image, whose WebP copy is made). */
  file: MaterialFile | null;
}

/** A file material as shown: an image from its WebP copy, a player, or a signed download link. */
export type MaterialFile =
  | { type: "image"; src: string; width: number; height: number; name: string }
  | { type: "audio" | "video"; src: string; contentType: string; name: string }
  | { type: "document"; href: string; name: string };

/** An exercise as its author sees it: with the answer spelled out. */
export interface AuthorExercise {
  id: string;
  kind: ExerciseKind;
  kindLabel: string;
  prompt: string;
  points: number;
  answer: string;
}

/** An exercise as a student sees it: the question and its choices, never the answer. */
export interface PracticeExercise {
  id: string;
  kindLabel: string;
  prompt: string;
  points: number;
  choices: string[];
  pages: number | null;
}

export interface LessonEditorProps {
  course: { id: string; title: string };
  lesson: LessonItem;
  materials: MaterialItem[];
  exercises: AuthorExercise[];
  canEdit: boolean;
  csrfToken: string;
}

function MaterialFileView({ file, title }: { file: MaterialFile; title: string }) {
  switch (file.type) {
    case "image":
      return (
        <img
          class="material-image"
          src={file.src}
          width={file.width}
          height={file.height}
          loading="lazy"
          decoding="async"
          alt={title}
        />
      );
    case "audio":
      return (
        // biome-ignore lint/a11y/useMediaCaption: authors upload recordings without caption files; the title names it.
        <audio controls preload="none" src={file.src}>
          {t("courses.material.noPlayer")}
        </audio>
      );
    case "video":
      return (
        // biome-ignore lint/a11y/useMediaCaption: authors upload recordings without caption files; the title names it.
        <video class="material-video" controls preload="none" src={file.src}>
          {t("courses.material.noPlayer")}
        </video>
      );
    case "document":
      return (
        <p>
          <a href={file.href} download={file.name}>
            {t("courses.material.download", { name: file.name })}
          </a>
        </p>
      );
  }
}

function MaterialBody({ material }: { material: MaterialItem }) {
  if (material.kind === "text") return <div class="material-text">{material.body}</div>;
  return material.file ? (
    <MaterialFileView file={material.file} title={material.title} />
  ) : (
    <p class="muted">{t("courses.material.notReady")}</p>
  );
}

export function MaterialList(props: {
  lessonId: string;
  materials: MaterialItem[];
  canEdit: boolean;
  csrfToken: string;
}) {
  return (
    <div id="materials" class="stack">
      {props.materials.length === 0 && <p class="muted">{t("courses.materials.empty")}</p>}
      {props.materials.map((material, index) => (
        <article class="card stack" data-material-id={material.id}>
          <h3>{material.title}</h3>
          <MaterialBody material={material} />
          {props.canEdit && (
            <div class="row">
              <a href={`/materials/${material.id}/edit`}>{t("courses.action.edit")}</a>
              <MoveButtons
                action={`/materials/${material.id}/move`}
                csrfToken={props.csrfToken}
                target="#materials"
                name={material.title}
                first={index === 0}
                last={index === props.materials.length - 1}
              />
              <DeleteButton
                action={`/materials/${material.id}/delete`}
                csrfToken={props.csrfToken}
                target="#materials"
                name={material.title}
              />
            </div>
          )}
        </article>
      ))}
    </div>
  );
}

export function ExerciseList(props: { exercises: AuthorExercise[]; canEdit: boolean; csrfToken: string }) {
  return (
    <div id="exercises">
      {props.exercises.length === 0 ? (
        <p class="muted">{t("courses.exercises.empty")}</p>
      ) : (
        <ol class="stack">
          {props.exercises.map((exercise, index) => (
            <li class="card stack" data-exercise-id={exercise.id} data-kind={exercise.kind}>
              <p>
                <strong>{exercise.kindLabel}</strong> · {t("courses.points", { count: exercise.points })}
              </p>
              <p class="prompt">{exercise.prompt}</p>
              <p class="muted">{exercise.answer}</p>
              {props.canEdit && (
                <div class="row">
                  <a href={`/exercises/${exercise.id}/edit`}>{t("courses.action.edit")}</a>
                  <MoveButtons
                    action={`/exercises/${exercise.id}/move`}
                    csrfToken={props.csrfToken}
                    target="#exercises"
                    name={t("courses.exercises.named", { number: index + 1 })}
                    first={index === 0}
                    last={index === props.exercises.length - 1}
                  />
                  <DeleteButton
                    action={`/exercises/${exercise.id}/delete`}
                    csrfToken={props.csrfToken}
                    target="#exercises"
                    name={t("courses.exercises.named", { number: index + 1 })}
                  />
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

export function LessonEditorView(props: LessonEditorProps) {
  const { lesson, canEdit, csrfToken } = props;
  return (
    <div class="stack" id="lesson" data-lesson-id={lesson.id}>
      <p>
        <a href={`/courses/${props.course.id}`}>{props.course.title}</a>
      </p>
      <section class="card stack">
        <div class="row">
          <h1>{lesson.title}</h1>
          <StatusBadge status={lesson.status} label={lesson.statusLabel} />
        </div>
        <div class="row">
          {canEdit && (
            <a class="button secondary" href={`/lessons/${lesson.id}/edit`}>
              {t("courses.lesson.rename")}
            </a>
          )}
          {canEdit && (
            <a class="button secondary" href={`/lessons/${lesson.id}/preview`}>
              {t("courses.lesson.preview")}
            </a>
          )}
        </div>
      </section>
      <section class="stack" aria-labelledby="materials-heading">
        <div class="row">
          <h2 id="materials-heading">{t("courses.materials.heading")}</h2>
          {canEdit && (
            <>
              <a class="button secondary" href={`/lessons/${lesson.id}/materials/new`}>
                {t("courses.title.addText")}
              </a>
              <a class="button secondary" href={`/lessons/${lesson.id}/materials/file`}>
                {t("courses.title.addFile")}
              </a>
            </>
          )}
        </div>
        <MaterialList lessonId={lesson.id} materials={props.materials} canEdit={canEdit} csrfToken={csrfToken} />
      </section>
      <section class="stack" aria-labelledby="exercises-heading">
        <div class="row">
          <h2 id="exercises-heading">{t("courses.exercises.heading")}</h2>
          {canEdit && (
            <a class="button secondary" href={`/lessons/${lesson.id}/exercises/new`}>
              {t("courses.title.addExercise")}
            </a>
          )}
        </div>
        <ExerciseList exercises={props.exercises} canEdit={canEdit} csrfToken={csrfToken} />
      </section>
    </div>
  );
}

export interface LessonViewProps {
  course: { id: string; title: string };
  lesson: { id: string; title: string };
  materials: MaterialItem[];
  exercises: PracticeExercise[];
  /** Set when an author previews the lesson. */
  preview: boolean;
}

function PracticePrompt({ exercise, number }: { exercise: PracticeExercise; number: number }) {
  return (
    <li class="card stack" data-exercise-id={exercise.id}>
      <p class="muted">
        {t("courses.practice.question", { number })} · {exercise.kindLabel} ·{" "}
        {t("courses.points", { count: exercise.points })}
      </p>
      <p class="prompt">{exercise.prompt}</p>
      {exercise.choices.length > 0 && (
        <ol type="A">
          {exercise.choices.map((choice) => (
            <li>{choice}</li>
          ))}
        </ol>
      )}
      {exercise.pages !== null && <p class="muted">{t("courses.practice.worksheet", { pages: exercise.pages })}</p>}
    </li>
  );
}

/** The lesson as a student reads it: materials, then the exercises as practice prompts, no answers. */
export function LessonView(props: LessonViewProps) {
  return (
    <div class="stack" id="lesson" data-lesson-id={props.lesson.id}>
      {props.preview && (
        <Notice>
          {t("courses.preview.notice")} <a href={`/lessons/${props.lesson.id}`}>{t("courses.preview.back")}</a>
        </Notice>
      )}
      <p>
        <a href={`/courses/${props.course.id}`}>{props.course.title}</a>
      </p>
      <h1>{props.lesson.title}</h1>
      <section class="stack" aria-labelledby="materials-heading">
        <h2 id="materials-heading">{t("courses.materials.heading")}</h2>
        {props.materials.length === 0 && <p class="muted">{t("courses.materials.nothingToRead")}</p>}
        {props.materials.map((material) => (
          <article class="card stack" data-material-id={material.id}>
            <h3>{material.title}</h3>
            <MaterialBody material={material} />
          </article>
        ))}
      </section>
      {props.exercises.length > 0 && (
        <section class="stack" aria-labelledby="practice-heading">
          <h2 id="practice-heading">{t("courses.practice.heading")}</h2>
          <p class="muted">{t("courses.practice.hint")}</p>
          <ol class="stack plain-list">
            {props.exercises.map((exercise, index) => (
              <PracticePrompt exercise={exercise} number={index + 1} />
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}

export interface TitleFormProps {
  heading: string;
  action: string;
  back: string;
  submit: string;
  csrfToken: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}

export function LessonFormView({ values, errors, ...card }: TitleFormProps) {
  return (
    <FormCard {...card}>
      <Field
        name="title"
        label={t("courses.field.lessonTitle")}
        value={values.title}
        error={errors.title}
        required
        maxlength={200}
      />
    </FormCard>
  );
}

export function MaterialFormView({ values, errors, isFile, ...card }: TitleFormProps & { isFile?: boolean }) {
  return (
    <FormCard {...card}>
      <Field
        name="title"
        label={t("courses.field.title")}
        value={values.title}
        error={errors.title}
        required
        maxlength={200}
      />
      {isFile ? (
        <input type="hidden" name="body" value="-" />
      ) : (
        <TextArea
          name="body"
          label={t("courses.field.text")}
          hint={t("courses.field.textHint")}
          value={values.body}
          error={errors.body}
          rows={14}
          required
        />
      )}
    </FormCard>
  );
}
