import { assetUrl } from "../../src/platform/http/assets";
import { t } from "../../src/platform/i18n";
import { CsrfField, Field, Notice, Select } from "../components/form";

/** What an author may upload to a lesson, and how large each may be. */
export type MaterialMedium = "document" | "image" | "audio" | "video";

export interface FileMaterialFormProps {
  lessonId: string;
  lessonTitle: string;
  csrfToken: string;
  /** The largest file of each medium, in MB. */
  limits: Record<MaterialMedium, number>;
  values: Record<string, string>;
  errors: Record<string, string>;
  /** A refusal of the file itself (wrong type, too large). */
  error?: string;
}

const MEDIA: MaterialMedium[] = ["document", "image", "audio", "video"];

function mediumLabel(medium: MaterialMedium, megabytes: number): string {
  const labels = {
    document: () => t("courses.fileMaterial.medium.document", { megabytes }),
    image: () => t("courses.fileMaterial.medium.image", { megabytes }),
    audio: () => t("courses.fileMaterial.medium.audio", { megabytes }),
    video: () => t("courses.fileMaterial.medium.video", { megabytes }),
  } satisfies Record<MaterialMedium, () => string>;
  return labels[medium]();
}

/**
 * A plain multipart form that the app streams to storage; with JavaScript, direct-upload.js sends
 * the file straight to storage instead (presigned PUT) and shows its progress. The file comes
 * last, so the app reads the other fields before the file's bytes arrive.
 */
export function FileMaterialFormView(props: FileMaterialFormProps) {
  const base = `/lessons/${props.lessonId}/materials`;
  return (
    <section class="card">
      <h1>{t("courses.title.addFile")}</h1>
      <p class="muted">{props.lessonTitle}</p>
      {props.error && <Notice kind="error">{props.error}</Notice>}
      <form
        method="post"
        action={`${base}/file`}
        enctype="multipart/form-data"
        class="stack"
        novalidate
        data-direct-upload={`${base}/uploads`}
      >
        <CsrfField token={props.csrfToken} />
        <Field
          name="title"
          label={t("courses.field.title")}
          value={props.values.title}
          error={props.errors.title}
          required
          maxlength={200}
        />
        <Select
          name="medium"
          label={t("courses.fileMaterial.mediumLabel")}
          value={props.values.medium ?? "document"}
          error={props.errors.medium}
          options={MEDIA.map((medium) => ({ value: medium, label: mediumLabel(medium, props.limits[medium]) }))}
        />
        <div class="field">
          <label for="material-file">{t("courses.fileMaterial.fileLabel")}</label>
          <input
            id="material-file"
            type="file"
            name="file"
            required
            accept="application/pdf,image/jpeg,image/png,image/webp,audio/*,video/mp4,video/webm"
          />
          {props.errors.file && <p class="field-error">{props.errors.file}</p>}
        </div>
        <progress
          class="upload-progress"
          max="100"
          value="0"
          hidden
          aria-label={t("courses.fileMaterial.progress")}
          data-failed={t("courses.fileMaterial.uploadFailed")}
        />
        <p class="field-error" data-upload-error role="alert" hidden />
        <div class="row">
          <button type="submit">{t("courses.fileMaterial.upload")}</button>
          <a href={`/lessons/${props.lessonId}`}>{t("common.form.cancel")}</a>
        </div>
      </form>
      <script src={assetUrl("js/direct-upload.js")} defer />
    </section>
  );
}
