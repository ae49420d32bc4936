import type { ScanPageReason } from "../../src/platform/db/schema";
import { CsrfField, Notice } from "../components/form";
import { Pager } from "../components/pager";

export const REASON_LABELS: Record<ScanPageReason, string> = {
  no_code: "No code could be read on this page",
  bad_signature: "The code on this page is damaged or was altered",
  foreign: "This page belongs to another centre or to homework no longer set",
  no_submission: "This student no longer has this homework",
};

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
  page: number;
  hasMore: boolean;
  csrfToken: string;
  assigned?: boolean;
}

function AssignForm({ page, choices, csrfToken }: { page: ReviewPage; choices: ReviewChoice[]; csrfToken: string }) {
  const id = `assign-${page.id}`;
  return (
    <form method="post" action={`/paper/review/${page.id}`} class="stack">
      <CsrfField token={csrfToken} />
      <div class="field">
        <label for={`${id}-submission`}>Whose worksheet is it?</label>
        <select
          id={`${id}-submission`}
          name="submissionId"
          required
          aria-invalid={page.error ? "true" : undefined}
          aria-describedby={page.error ? `${id}-error` : undefined}
        >
          <option value="">Choose homework and student</option>
          {choices.map((choice) => (
            <optgroup label={`${choice.homeworkTitle} (due ${choice.due})`}>
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
        <label for={`${id}-page`}>Page number (0 for the cover; leave empty if unsure)</label>
        <input id={`${id}-page`} name="pageNumber" type="number" min="0" max="999" inputmode="numeric" />
      </div>
      <button type="submit">File this page</button>
    </form>
  );
}

export function ReviewView(props: ReviewViewProps) {
  return (
    <div class="stack">
      <h1>Scanned pages to review</h1>
      {props.assigned && <Notice kind="ok">The page was filed.</Notice>}
      {props.pages.length === 0 ? (
        <p class="muted">Nothing waits for review.</p>
      ) : (
        <ul class="plain-list stack">
          {props.pages.map((page) => (
            <li class="card row" data-page-id={page.id}>
              <a href={page.url} target="_blank" rel="noopener">
                {page.thumbnailUrl ? (
                  <img src={page.thumbnailUrl} alt={`Scanned page ${page.pageIndex}`} width="160" loading="lazy" />
                ) : (
                  <span>Open scanned page {page.pageIndex}</span>
                )}
              </a>
              <div class="stack">
                <h2>Page {page.pageIndex} of an import</h2>
                <p>{page.reason}</p>
                {props.choices.length === 0 ? (
                  <p class="muted">There is no paper worksheet set that you could file it on.</p>
                ) : (
                  <AssignForm page={page} choices={props.choices} csrfToken={props.csrfToken} />
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
      <Pager page={props.page} hasMore={props.hasMore} href={(page) => `/paper/review?page=${page}`} />
    </div>
  );
}
