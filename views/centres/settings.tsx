import { formatNumber, t } from "../../src/platform/i18n";
import { CsrfField, Select, type SelectOption } from "../components/form";
import { messageAround } from "../components/message-parts";
import { type CentreIdentity, type IdentitySaved, IdentitySavedNotice, IdentitySections } from "./identity";

export interface FeatureRow {
  name: string;
  label: string;
  enabled: boolean;
  overridden: boolean;
}

export interface SettingsViewProps {
  identity: CentreIdentity;
  timeZones: readonly string[];
  /** What was just saved (a notice), and a form that came back with errors. */
  saved: IdentitySaved | null;
  values: Record<string, string>;
  errors: Record<string, string>;
  features: FeatureRow[];
  canManageFlags: boolean;
  /** Digits in new student PINs, the lengths an owner may choose, and whether this viewer may. */
  pinLength: number;
  pinLengths: readonly number[];
  /** Whether this viewer may change the centre's own settings (PIN length, language). */
  canUpdate: boolean;
  /** The centre's language (a locale tag), its name, and the languages shipped, each in itself. */
  locale: string;
  localeName: string;
  locales: SelectOption[];
  csrfToken: string;
}

function LanguageSection(props: SettingsViewProps) {
  const [before, after] = messageAround("centres.settings.languageNow", "language");
  return (
    <section class="card" aria-labelledby="language-heading">
      <h2 id="language-heading">{t("common.language.label")}</h2>
      <p>
        {before}
        <strong lang={props.locale}>{props.localeName}</strong>
        {after}
      </p>
      <p class="muted">{t("centres.settings.languageHint")}</p>
      {props.canUpdate && (
        <form method="post" action="/settings/language" class="stack">
          <CsrfField token={props.csrfToken} />
          <Select name="locale" label={t("common.language.label")} value={props.locale} options={props.locales} />
          <button type="submit" class="secondary">
            {t("centres.settings.saveLanguage")}
          </button>
        </form>
      )}
    </section>
  );
}

function PinLengthSection(props: SettingsViewProps) {
  const [before, after] = messageAround("centres.settings.pinLengthNow", "digitsShown", { digits: props.pinLength });
  return (
    <section class="card" aria-labelledby="pins-heading">
      <h2 id="pins-heading">{t("centres.settings.pinsHeading")}</h2>
      <p>
        {before}
        <strong>{formatNumber(props.pinLength)}</strong>
        {after}
      </p>
      {props.canUpdate && (
        <form method="post" action="/settings/pin-length" class="stack">
          <CsrfField token={props.csrfToken} />
          <Select
            name="pinLength"
            label={t("centres.settings.pinLengthLabel")}
            value={String(props.pinLength)}
            options={props.pinLengths.map((length) => ({
              value: String(length),
              label: t("centres.settings.pinLengthOption", { digits: length }),
            }))}
          />
          <button type="submit" class="secondary">
            {t("centres.settings.savePinLength")}
          </button>
        </form>
      )}
    </section>
  );
}

export function FeatureFlagRow({
  feature,
  canManage,
  csrfToken,
}: {
  feature: FeatureRow;
  canManage: boolean;
  csrfToken: string;
}) {
  return (
    <tr id={`feature-${feature.name}`} data-feature={feature.name}>
      <td>{feature.label}</td>
      <td>
        <span class={feature.enabled ? "badge ok" : "badge"}>
          {feature.enabled ? t("centres.settings.featureOn") : t("centres.settings.featureOff")}
        </span>
        {!feature.overridden && <span class="muted"> {t("centres.settings.installationDefault")}</span>}
      </td>
      <td>
        {canManage && (
          <form
            method="post"
            action="/settings/features"
            hx-post="/settings/features"
            hx-target={`#feature-${feature.name}`}
            hx-swap="outerHTML"
          >
            <CsrfField token={csrfToken} />
            <input type="hidden" name="feature" value={feature.name} />
            <input type="hidden" name="enabled" value={feature.enabled ? "false" : "true"} />
            <button type="submit" class="secondary">
              {feature.enabled ? t("centres.settings.turnOff") : t("centres.settings.turnOn")}
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

export function SettingsView(props: SettingsViewProps) {
  return (
    <div class="stack">
      {props.saved && <IdentitySavedNotice saved={props.saved} />}
      <h1>{t("centres.settings.heading")}</h1>
      <IdentitySections
        centre={props.identity}
        actionBase="/settings"
        timeZones={props.timeZones}
        csrfToken={props.csrfToken}
        values={props.values}
        errors={props.errors}
        canUpdate={props.canUpdate}
      />
      <section class="card" aria-labelledby="features-heading">
        <h2 id="features-heading">{t("centres.settings.featuresHeading")}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t("centres.settings.feature")}</th>
              <th scope="col">{t("centres.settings.state")}</th>
              <th scope="col">
                <span class="visually-hidden">{t("centres.settings.change")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.features.map((feature) => (
              <FeatureFlagRow feature={feature} canManage={props.canManageFlags} csrfToken={props.csrfToken} />
            ))}
          </tbody>
        </table>
      </section>
      <LanguageSection {...props} />
      <PinLengthSection {...props} />
    </div>
  );
}
