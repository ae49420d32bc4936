import { t } from "../../src/platform/i18n";
import { CsrfField, Notice } from "../components/form";
import { messageAround } from "../components/message-parts";

/** Says plainly that the platform admin is inside a centre, with the way out beside it. */
export function ActingCentreNotice({ centreName, csrfToken }: { centreName: string; csrfToken: string }) {
  const [before, after] = messageAround("platform.acting.notice", "centre");
  return (
    <Notice>
      <div class="row" id="acting-centre">
        <span>
          {before}
          <strong>{centreName}</strong>
          {after}
        </span>
        <form method="post" action="/platform/leave" class="inline-form">
          <CsrfField token={csrfToken} />
          <button type="submit" class="secondary">
            {t("platform.acting.leave", { centre: centreName })}
          </button>
        </form>
      </div>
    </Notice>
  );
}
