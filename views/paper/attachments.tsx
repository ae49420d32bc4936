import { t } from "../../src/platform/i18n";
import { CsrfField, Notice } from "../components/form";

/** A photo or scanned page on a submission, with signed URLs. */
export interface Attachment {
  fileId: string;
  /** Null until the worker has made the thumbnail, and for PDFs (which have none). */
  thumbnailUrl: string | null;
  url: string;
  /** 0 is a worksheet's cover; null for a photo a student took. */
  pageNumber: number | null;
  contentType: string;
  name: string;
}

function pageLabel(pageNumber: number | null): string {
  if (pageNumber === null) return t("paper.attachments.photo");
  return pageNumber === 0 ? t("paper.attachments.cover") : t("paper.attachments.page", { n: pageNumber });
}

/**
 * A submission's photos and scanned pages as thumbnails, each linking to the full image. For the
 * submission and marking screens: the files module's `attachmentsForSubmission` gives the items.
 */
export function Attachments({
  items,
  removable,
}: {
  items: Attachment[];
  removable?: { submissionId: string; csrfToken: string };
}) {
  if (items.length === 0) return <p class="muted">{t("paper.attachments.none")}</p>;
  return (
    <ul class="plain-list attachments">
      {items.map((item) => (
        <li data-file-id={item.fileId}>
          <a href={item.url} target="_blank" rel="noopener">
            {item.thumbnailUrl ? (
              <img
                src={item.thumbnailUrl}
                alt={t("paper.attachments.named", { label: pageLabel(item.pageNumber), name: item.name })}
                width="160"
                loading="lazy"
              />
            ) : (
              <span>{t("paper.attachments.named", { label: pageLabel(item.pageNumber), name: item.name })}</span>
            )}
          </a>
          <span class="muted"> {pageLabel(item.pageNumber)}</span>
          {removable && item.pageNumber === null && (
            <form
              method="post"
              action={`/homework/submissions/${removable.submissionId}/files/${item.fileId}/remove`}
              class="inline-form"
              data-confirm
            >
              <CsrfField token={removable.csrfToken} />
              <button type="submit" class="link-button">
                {t("paper.attachments.remove")}
              </button>
            </form>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The student's form: a phone opens its camera (capture), a computer its file picker. */
export function AttachForm({
  submissionId,
  csrfToken,
  error,
}: {
  submissionId: string;
  csrfToken: string;
  error?: string;
}) {
  return (
    <form
      method="post"
      action={`/homework/submissions/${submissionId}/files`}
      enctype="multipart/form-data"
      class="card stack"
    >
      <CsrfField token={csrfToken} />
      <div class="field">
        <label for="attach-file">{t("paper.attachments.addLabel")}</label>
        <p class="muted" id="attach-file-hint">
          {t("paper.attachments.addHint")}
        </p>
        <input
          id="attach-file"
          name="file"
          type="file"
          accept="image/*,application/pdf"
          capture="environment"
          required
          aria-describedby={error ? "attach-file-hint attach-file-error" : "attach-file-hint"}
          aria-invalid={error ? "true" : undefined}
        />
        {error && (
          <p class="field-error" id="attach-file-error">
            {error}
          </p>
        )}
      </div>
      <button type="submit">{t("paper.attachments.upload")}</button>
    </form>
  );
}

export interface StudentAttachmentsProps {
  submissionId: string;
  homeworkId: string;
  title: string;
  open: boolean;
  items: Attachment[];
  csrfToken: string;
  error?: string;
  added?: boolean;
}

/** The student's page for the photos of one homework. */
export function StudentAttachmentsView(props: StudentAttachmentsProps) {
  return (
    <div class="stack">
      <h1>{t("paper.attachments.title", { title: props.title })}</h1>
      {props.added && <Notice kind="ok">{t("paper.attachments.added")}</Notice>}
      <Attachments
        items={props.items}
        removable={props.open ? { submissionId: props.submissionId, csrfToken: props.csrfToken } : undefined}
      />
      {props.open ? (
        <AttachForm submissionId={props.submissionId} csrfToken={props.csrfToken} error={props.error} />
      ) : (
        <p class="muted">{t("paper.attachments.locked")}</p>
      )}
      <p>
        <a href={`/my-homework/${props.homeworkId}`}>{t("paper.attachments.back")}</a>
      </p>
    </div>
  );
}
