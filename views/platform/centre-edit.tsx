import { t } from "../../src/platform/i18n";
import { type CentreIdentity, type IdentitySaved, IdentitySavedNotice, IdentitySections } from "../centres/identity";

export interface CentreEditViewProps {
  id: string;
  identity: CentreIdentity;
  timeZones: readonly string[];
  saved: IdentitySaved | null;
  values: Record<string, string>;
  errors: Record<string, string>;
  csrfToken: string;
}

/** The platform admin changes a centre's identity with the forms its owner has in /settings. */
export function CentreEditView(props: CentreEditViewProps) {
  return (
    <div class="stack" id="platform-centre">
      <p>
        <a href="/platform/centres">{t("platform.centreEdit.back")}</a>
      </p>
      {props.saved && <IdentitySavedNotice saved={props.saved} />}
      <h1>{t("platform.centreEdit.heading", { centre: props.identity.name })}</h1>
      <IdentitySections
        centre={props.identity}
        actionBase={`/platform/centres/${props.id}`}
        timeZones={props.timeZones}
        csrfToken={props.csrfToken}
        values={props.values}
        errors={props.errors}
        canUpdate={true}
      />
    </div>
  );
}
