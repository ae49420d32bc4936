import { CsrfField, Notice } from "../components/form";

/** Says plainly that the platform admin is inside a centre, with the way out beside it. */
export function ActingCentreNotice({ centreName, csrfToken }: { centreName: string; csrfToken: string }) {
  return (
    <Notice>
      <div class="row" id="acting-centre">
        <span>
          You are working inside <strong>{centreName}</strong> as the platform admin. What you do here is recorded in
          its audit log.
        </span>
        <form method="post" action="/platform/leave" class="inline-form">
          <CsrfField token={csrfToken} />
          <button type="submit" class="secondary">
            Leave {centreName}
          </button>
        </form>
      </div>
    </Notice>
  );
}
