import type { ScanPageReason } from "../../src/platform/db/schema";
import { t } from "../../src/platform/i18n";
import { CsrfField, Notice } from "../components/form";
import { LinksPager, type ListLinks } from "../components/pager";

/** Why the worker could not file a page, in the current language. */
export function reasonLabel(reason: ScanPageReason): string {
  return t(`paper.reason.${reason}`);
}

export interface ReviewPage {
  id: string;
  pageIndex: number;
  reason: string;
  thumbnailUrl: string | null;
  url: string;
  importId: string;
  error?: string;
}

export interface ReviewChoice {
  homeworkTitle: string;
  due: string;
  students: { submissionId: string; name: string }[];
}

export interface ReviewViewProps {
  pages: ReviewPage[];
  choices: ReviewChoice[];
  /** The pages either side. */
  links: ListLinks;
  csrfToken: string;
  assigned?: boolean;
}

function AssignForm({ page, choices, csrfToken }: { page: ReviewPage; choices: ReviewChoice[]; csrfToken: string }) {
  const id = `assign-${page.id}`;
  return (
    <form method="post" action={`/paper/review/${page.id}`} class="stack">
      <CsrfField token={csrfToken} />
      <div class="field">
        <label for={`${id}-submission`}>{t("paper.review.whose")}</label>
        <select
          id={`${id}-submission`}
          name="submissionId"
          required
          aria-invalid={page.error ? "true" : undefined}
          aria-describedby={page.error ? `${id}-error` : undefined}
        >
          <option value="">{t("paper.review.choose")}</option>
          {choices.map((choice) => (
            <optgroup label={t("paper.review.choiceGroup", { title: choice.homeworkTitle, due: choice.due })}>
              {choice.students.map((student) => (
                <option value={student.submissionId}>{student.name}</option>
              ))}
            </optgroup>
          ))}
        </select>
        {page.error && (
          <p class="field-error" id={`${id}-error`}>
            {page.error}
          </p>
        )}
      </div>
      <div class="field">
        <label for={`${id}-page`}>{t("paper.review.pageNumber")}</label>
        <input id={`${id}-page`} name="pageNumber" type="number" min="0" max="999" inputmode="numeric" />
      </div>
      <button type="submit">{t("paper.review.file")}</button>
    </form>
  );
}

export function ReviewView(props: ReviewViewProps) {
  return (
    <div class="stack">
      <h1>{t("paper.review.title")}</h1>
      {props.assigned && <Notice kind="ok">{t("paper.review.filed")}</Notice>}
      {props.pages.length === 0 ? (
        <p class="muted">{t("paper.review.empty")}</p>
      ) : (
        <ul class="plain-list stack">
          {props.pages.map((page) => (
            <li class="card row" data-page-id={page.id}>
              <a href={page.url} target="_blank" rel="noopener">
                {page.thumbnailUrl ? (
                  <img
                    src={page.thumbnailUrl}
                    alt={t("paper.review.scannedPage", { n: page.pageIndex })}
                    width="160"
                    loading="lazy"
                  />
                ) : (
                  <span>{t("paper.review.openPage", { n: page.pageIndex })}</span>
                )}
              </a>
              <div class="stack">
                <h2>{t("paper.review.pageHeading", { n: page.pageIndex })}</h2>
                <p>{page.reason}</p>
                {props.choices.length === 0 ? (
                  <p class="muted">{t("paper.review.nowhere")}</p>
                ) : (
                  <AssignForm page={page} choices={props.choices} csrfToken={props.csrfToken} />
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <LinksPager links={props.links} />
    </div>
  );
}
